// How long the calendar lasts, and `sgs_admin check-calendar`'s checks of a
// new year's entry.
#include "common/calendar_coverage.h"

#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace sgs {
namespace {

using sgs::testing::SourcePath;
using sgs::testing::TempDir;

WorkingCalendar Shipped() {
  absl::StatusOr<WorkingCalendar> calendar =
      WorkingCalendar::LoadFromFile(SourcePath("config/calendar.textproto"));
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *calendar;
}

TEST(CalendarCoverageTest, WarnsWithinTheConfiguredDays) {
  const WorkingCalendar calendar = Shipped();
  const CalendarCoverage early =
      ComputeCalendarCoverage(calendar, absl::CivilDay(2026, 10, 31), 60);
  EXPECT_EQ(early.last_year, 2026);
  EXPECT_EQ(early.days_left, 61);
  EXPECT_FALSE(early.warn);
  EXPECT_EQ(early.notice, "");

  const CalendarCoverage due =
      ComputeCalendarCoverage(calendar, absl::CivilDay(2026, 11, 1), 60);
  EXPECT_EQ(due.days_left, 60);
  EXPECT_TRUE(due.warn);
  EXPECT_TRUE(absl::StrContains(due.notice, "2027年工作日历")) << due.notice;
  EXPECT_TRUE(absl::StrContains(due.notice, "还剩60天")) << due.notice;

  const CalendarCoverage past =
      ComputeCalendarCoverage(calendar, absl::CivilDay(2027, 1, 2), 60);
  EXPECT_EQ(past.days_left, -2);
  EXPECT_TRUE(past.warn);
  EXPECT_TRUE(absl::StrContains(past.notice, "已于2026年12月31日到期"));

  // The window is configurable.
  EXPECT_TRUE(
      ComputeCalendarCoverage(calendar, absl::CivilDay(2026, 6, 1), 300).warn);
}

class CheckCalendarTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    const std::string path = dir_.path() + "/calendar.textproto";
    std::ofstream(path) << text;
    return path;
  }
  TempDir dir_;
};

constexpr char k2024[] = R"(years {
  year: 2024
  source: "国办发明电〔2023〕7号"
  holidays: "2024-01-01 元旦"
  holidays: "2024-02-10..2024-02-17 春节"
  holidays: "2024-04-04..2024-04-06 清明节"
  holidays: "2024-05-01..2024-05-05 劳动节"
  holidays: "2024-06-10 端午节"
  holidays: "2024-09-15..2024-09-17 中秋节"
  holidays: "2024-10-01..2024-10-07 国庆节"
  adjusted_working_days: "2024-02-04"
  adjusted_working_days: "2024-02-18"
  adjusted_working_days: "2024-04-07"
  adjusted_working_days: "2024-04-28"
  adjusted_working_days: "2024-05-11"
  adjusted_working_days: "2024-09-14"
  adjusted_working_days: "2024-09-29"
  adjusted_working_days: "2024-10-12"
  expected_working_days: 251
}
)";

TEST_F(CheckCalendarTest, TheShippedCalendarPasses) {
  absl::StatusOr<std::vector<CalendarYearSummary>> years =
      CheckCalendarFile(SourcePath("config/calendar.textproto"));
  ASSERT_TRUE(years.ok()) << years.status();
  EXPECT_EQ(years->front().year, 2024);
  EXPECT_EQ(years->front().working_days, 251);
  EXPECT_EQ(years->front().adjusted_working_days, 8);
}

TEST_F(CheckCalendarTest, RefusesABadNewYear) {
  // A holiday that is also a 调休 working day.
  std::string overlap = k2024;
  overlap.replace(overlap.find("2024-02-04"), 10, "2024-02-11");
  EXPECT_FALSE(CheckCalendarFile(Write(overlap)).ok());
  // A date that does not parse.
  std::string bad_date = k2024;
  bad_date.replace(bad_date.find("2024-06-10"), 10, "2024-06-31");
  EXPECT_FALSE(CheckCalendarFile(Write(bad_date)).ok());
  // An implausible working-day count (a month of holidays).
  const absl::StatusOr<std::vector<CalendarYearSummary>> implausible =
      CheckCalendarFile(Write(R"(years {
  year: 2024 source: "x"
  holidays: "2024-07-01..2024-08-31 暑假"
  expected_working_days: 217
})"));
  ASSERT_FALSE(implausible.ok());
  EXPECT_TRUE(absl::StrContains(implausible.status().message(), "合理范围"))
      << implausible.status();
  // No expected count to cross-check the dates with.
  std::string no_expected = k2024;
  no_expected.replace(no_expected.find("expected_working_days: 251"), 26, "");
  EXPECT_FALSE(CheckCalendarFile(Write(no_expected)).ok());
  // A gap between years.
  std::string gap = k2024;
  gap += "years { year: 2026 source: \"y\" expected_working_days: 261 }\n";
  const absl::StatusOr<std::vector<CalendarYearSummary>> gapped =
      CheckCalendarFile(Write(gap));
  ASSERT_FALSE(gapped.ok());
  EXPECT_TRUE(absl::StrContains(gapped.status().message(), "2025"))
      << gapped.status();
  EXPECT_TRUE(CheckCalendarFile(Write(k2024)).ok());
}

}  // namespace
}  // namespace sgs
