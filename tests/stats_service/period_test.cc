#include "stats_service/period.h"

#include "common/dates.h"
#include "gtest/gtest.h"

namespace sgs::stats {
namespace {

using ::sgs::v1::Period;

TEST(PeriodTest, MonthCoversTheWholeMonth) {
  auto july = ResolvePeriod(MonthPeriod(2024, 7));
  ASSERT_TRUE(july.ok()) << july.status();
  EXPECT_EQ(FormatDate(july->start), "2024-07-01");
  EXPECT_EQ(FormatDate(july->end), "2024-07-31");
  EXPECT_EQ(july->label, "2024年7月");
  EXPECT_EQ(july->key, "2024-07");
  EXPECT_EQ(july->period.date_basis(), sgs::v1::RECEIPT_DATE);

  auto february = ResolvePeriod(MonthPeriod(2024, 2));
  ASSERT_TRUE(february.ok());
  EXPECT_EQ(FormatDate(february->end), "2024-02-29");
  auto february_2025 = ResolvePeriod(MonthPeriod(2025, 2));
  ASSERT_TRUE(february_2025.ok());
  EXPECT_EQ(FormatDate(february_2025->end), "2025-02-28");
  auto december = ResolvePeriod(MonthPeriod(2024, 12));
  ASSERT_TRUE(december.ok());
  EXPECT_EQ(FormatDate(december->end), "2024-12-31");
  EXPECT_EQ(december->label, "2024年12月");
}

TEST(PeriodTest, QuartersAndYears) {
  auto q3 = ResolvePeriod(QuarterPeriod(2024, 3));
  ASSERT_TRUE(q3.ok()) << q3.status();
  EXPECT_EQ(FormatDate(q3->start), "2024-07-01");
  EXPECT_EQ(FormatDate(q3->end), "2024-09-30");
  EXPECT_EQ(q3->label, "2024年第三季度");
  EXPECT_EQ(q3->key, "2024-Q3");

  auto q1 = ResolvePeriod(QuarterPeriod(2024, 1));
  ASSERT_TRUE(q1.ok());
  EXPECT_EQ(FormatDate(q1->start), "2024-01-01");
  EXPECT_EQ(FormatDate(q1->end), "2024-03-31");
  EXPECT_EQ(q1->label, "2024年第一季度");

  auto q4 = ResolvePeriod(QuarterPeriod(2025, 4));
  ASSERT_TRUE(q4.ok());
  EXPECT_EQ(FormatDate(q4->start), "2025-10-01");
  EXPECT_EQ(FormatDate(q4->end), "2025-12-31");
  EXPECT_EQ(q4->label, "2025年第四季度");

  auto year = ResolvePeriod(YearPeriod(2024));
  ASSERT_TRUE(year.ok());
  EXPECT_EQ(FormatDate(year->start), "2024-01-01");
  EXPECT_EQ(FormatDate(year->end), "2024-12-31");
  EXPECT_EQ(year->label, "2024年");
  EXPECT_EQ(year->key, "2024");
}

TEST(PeriodTest, DateRangeIsInclusive) {
  auto range = ResolvePeriod(
      DateRangePeriod(absl::CivilDay(2024, 7, 1), absl::CivilDay(2024, 7, 10)));
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(FormatDate(range->start), "2024-07-01");
  EXPECT_EQ(FormatDate(range->end), "2024-07-10");
  EXPECT_EQ(range->label, "2024年7月1日至2024年7月10日");
  EXPECT_EQ(range->key, "2024-07-01..2024-07-10");

  auto one_day = ResolvePeriod(DateRangePeriod(absl::CivilDay(2024, 7, 31),
                                               absl::CivilDay(2024, 7, 31)));
  EXPECT_TRUE(one_day.ok());
}

TEST(PeriodTest, KeepsTheDecisionDateBasis) {
  Period period = MonthPeriod(2024, 7);
  period.set_date_basis(sgs::v1::DECISION_DATE);
  auto resolved = ResolvePeriod(period);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->period.date_basis(), sgs::v1::DECISION_DATE);
  auto previous = PreviousPeriod(period);
  ASSERT_TRUE(previous.ok());
  EXPECT_EQ(previous->date_basis(), sgs::v1::DECISION_DATE);
}

TEST(PeriodTest, RejectsInvalidPeriods) {
  EXPECT_EQ(ResolvePeriod(Period()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(ResolvePeriod(MonthPeriod(2024, 0)).ok());
  EXPECT_FALSE(ResolvePeriod(MonthPeriod(2024, 13)).ok());
  EXPECT_FALSE(ResolvePeriod(MonthPeriod(0, 7)).ok());
  EXPECT_FALSE(ResolvePeriod(QuarterPeriod(2024, 0)).ok());
  EXPECT_FALSE(ResolvePeriod(QuarterPeriod(2024, 5)).ok());
  EXPECT_FALSE(ResolvePeriod(DateRangePeriod(absl::CivilDay(2024, 7, 2),
                                             absl::CivilDay(2024, 7, 1)))
                   .ok());
  Period bad_date;
  bad_date.set_type(Period::DATE_RANGE);
  bad_date.set_start_date("2024-02-30");
  bad_date.set_end_date("2024-03-01");
  EXPECT_FALSE(ResolvePeriod(bad_date).ok());
  Period bad_basis = MonthPeriod(2024, 7);
  bad_basis.set_date_basis(static_cast<sgs::v1::DateBasis>(9));
  EXPECT_FALSE(ResolvePeriod(bad_basis).ok());
}

TEST(PeriodTest, PreviousPeriods) {
  auto before_january = PreviousPeriod(MonthPeriod(2024, 1));
  ASSERT_TRUE(before_january.ok());
  EXPECT_EQ(before_january->type(), Period::MONTH);
  EXPECT_EQ(before_january->year(), 2023);
  EXPECT_EQ(before_january->month(), 12);

  auto before_july = PreviousPeriod(MonthPeriod(2024, 7));
  ASSERT_TRUE(before_july.ok());
  EXPECT_EQ(before_july->month(), 6);

  auto before_q1 = PreviousPeriod(QuarterPeriod(2024, 1));
  ASSERT_TRUE(before_q1.ok());
  EXPECT_EQ(before_q1->year(), 2023);
  EXPECT_EQ(before_q1->quarter(), 4);
  auto before_q3 = PreviousPeriod(QuarterPeriod(2024, 3));
  ASSERT_TRUE(before_q3.ok());
  EXPECT_EQ(before_q3->year(), 2024);
  EXPECT_EQ(before_q3->quarter(), 2);

  auto before_year = PreviousPeriod(YearPeriod(2024));
  ASSERT_TRUE(before_year.ok());
  EXPECT_EQ(before_year->year(), 2023);

  auto before_range = PreviousPeriod(
      DateRangePeriod(absl::CivilDay(2024, 7, 1), absl::CivilDay(2024, 7, 10)));
  ASSERT_TRUE(before_range.ok());
  EXPECT_EQ(before_range->start_date(), "2024-06-21");
  EXPECT_EQ(before_range->end_date(), "2024-06-30");

  EXPECT_FALSE(PreviousPeriod(YearPeriod(1900)).ok());
  EXPECT_FALSE(PreviousPeriod(Period()).ok());
}

}  // namespace
}  // namespace sgs::stats
