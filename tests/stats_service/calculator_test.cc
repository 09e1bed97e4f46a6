#include "stats_service/calculator.h"

#include <algorithm>
#include <string>

#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/stats_service/fake_source.h"
#include "tests/stats_service/seed_tables.h"
#include "tests/stats_service/shipped_calculator.h"
#include "tests/support/test_env.h"

namespace sgs::stats {
namespace {

using ::sgs::testing::FakeStatsSource;
using ::sgs::v1::LICENSING;
using ::sgs::v1::PENALTY;
using ::sgs::v1::PeriodReport;
using ::sgs::v1::UnitStats;

sgs::v1::Unit MakeUnit(const std::string& code, const std::string& name,
                       sgs::v1::UnitKind kind, int order) {
  sgs::v1::Unit unit;
  unit.set_code(code);
  unit.set_official_name(name);
  unit.set_kind(kind);
  unit.set_display_order(order);
  return unit;
}

class CalculatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto shipped = sgs::testing::ShippedCalculator::Create();
    ASSERT_TRUE(shipped.ok()) << shipped.status();
    shipped_ = *std::move(shipped);
    calculator_ = shipped_->get();
    // Given out of order on purpose: display_order decides.
    source_.units = {
        MakeUnit("d-c", "丙局", sgs::v1::DEPARTMENT, 3),
        MakeUnit("t-b", "乙镇", sgs::v1::TOWNSHIP, 2),
        MakeUnit("d-a", "甲局", sgs::v1::DEPARTMENT, 1),
        MakeUnit("t-a", "甲镇", sgs::v1::TOWNSHIP, 1),
        MakeUnit("d-b", "乙局", sgs::v1::DEPARTMENT, 2),
    };
  }

  PeriodReport Report(const sgs::v1::Period& period) {
    auto report = calculator_->ReportFor(source_, period);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : PeriodReport();
  }

  static const UnitStats* Find(const PeriodReport& report,
                               const std::string& code) {
    for (const UnitStats& stats : report.departments()) {
      if (stats.unit_code() == code) return &stats;
    }
    for (const UnitStats& stats : report.townships()) {
      if (stats.unit_code() == code) return &stats;
    }
    return nullptr;
  }

  std::unique_ptr<sgs::testing::ShippedCalculator> shipped_;
  StatsCalculator* calculator_ = nullptr;
  FakeStatsSource source_;
};

TEST_F(CalculatorTest, CountsAndRatesPerUnitAndKind) {
  // On time: decided Mon 07-01, received Mon 07-08 (5th working day).
  source_.AddAggregate("d-a", "2024-07-08", "2024-07-01", LICENSING, 3);
  // Late: decided 07-01, received Tue 07-09.
  source_.AddAggregate("d-a", "2024-07-09", "2024-07-01", PENALTY, 1);
  // Missed: decided 06-30, received 07-31 (31 days).
  source_.AddAggregate("d-a", "2024-07-31", "2024-06-30", LICENSING, 1);
  // Not missed: 30 days exactly (late).
  source_.AddAggregate("d-a", "2024-07-30", "2024-06-30", PENALTY, 1);

  const PeriodReport report = Report(MonthPeriod(2024, 7));
  const UnitStats* a = Find(report, "d-a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->unit_name(), "甲局");
  EXPECT_EQ(a->licensing_count(), 4);
  EXPECT_EQ(a->penalty_count(), 2);
  EXPECT_EQ(a->all().total_count(), 6);
  EXPECT_EQ(a->all().late_count(), 2);
  EXPECT_EQ(a->all().missed_count(), 1);
  EXPECT_EQ(a->all().qualified_count(), 3);
  EXPECT_EQ(a->all().late_rate().percent(), "33.33%");
  EXPECT_EQ(a->all().missed_rate().percent(), "16.67%");
  EXPECT_EQ(a->all().pass_rate().percent(), "50.00%");
  EXPECT_EQ(a->licensing().total_count(), 4);
  EXPECT_EQ(a->licensing().missed_count(), 1);
  EXPECT_EQ(a->licensing().pass_rate().percent(), "75.00%");
  EXPECT_EQ(a->penalty().total_count(), 2);
  EXPECT_EQ(a->penalty().late_count(), 2);
  EXPECT_EQ(a->penalty().pass_rate().percent(), "0.00%");
  EXPECT_FALSE(a->no_records());
}

TEST_F(CalculatorTest, TableOrderAndEveryUnitListed) {
  source_.AddAggregate("d-c", "2024-07-02", "2024-07-01", LICENSING, 5);
  source_.AddAggregate("d-b", "2024-07-02", "2024-07-01", LICENSING, 2);
  source_.AddAggregate("d-a", "2024-07-02", "2024-07-01", PENALTY, 2);
  source_.AddAggregate("t-b", "2024-07-02", "2024-07-01", LICENSING, 9);

  const PeriodReport report = Report(MonthPeriod(2024, 7));
  ASSERT_EQ(report.departments_size(), 3);
  // Count descending; the tie (2, 2) keeps registry order: 甲局 before 乙局.
  EXPECT_EQ(report.departments(0).unit_code(), "d-c");
  EXPECT_EQ(report.departments(1).unit_code(), "d-a");
  EXPECT_EQ(report.departments(2).unit_code(), "d-b");
  // Townships keep registry order, as Attachment 2 prints them.
  ASSERT_EQ(report.townships_size(), 2);
  EXPECT_EQ(report.townships(0).unit_code(), "t-a");
  EXPECT_EQ(report.townships(1).unit_code(), "t-b");
  const UnitStats& empty = report.townships(0);
  EXPECT_TRUE(empty.no_records());
  EXPECT_EQ(empty.all().total_count(), 0);
  EXPECT_EQ(empty.all().late_rate().percent(), "0.00%");
  EXPECT_EQ(empty.all().missed_rate().percent(), "0.00%");
  EXPECT_EQ(empty.all().pass_rate().percent(), "0.00%");
  EXPECT_EQ(report.start_date(), "2024-07-01");
  EXPECT_EQ(report.end_date(), "2024-07-31");
}

TEST_F(CalculatorTest, TotalsRecomputeRatesFromSums) {
  // 756 records, 1 late, 8 missed: the July 2024 district figures.
  source_.AddAggregate("d-a", "2024-07-02", "2024-07-01", LICENSING, 700);
  source_.AddAggregate("d-b", "2024-07-02", "2024-07-01", PENALTY, 47);
  source_.AddAggregate("d-b", "2024-07-15", "2024-07-01", PENALTY, 1);
  source_.AddAggregate("d-c", "2024-07-08", "2024-06-03", LICENSING, 8);
  source_.AddAggregate("t-a", "2024-07-02", "2024-07-01", LICENSING, 35);

  const PeriodReport report = Report(MonthPeriod(2024, 7));
  const UnitStats& total = report.department_total();
  EXPECT_EQ(total.unit_name(), "部门总计");
  EXPECT_EQ(total.all().total_count(), 756);
  EXPECT_EQ(total.all().late_count(), 1);
  EXPECT_EQ(total.all().missed_count(), 8);
  EXPECT_EQ(total.all().qualified_count(), 747);
  EXPECT_EQ(total.licensing_count(), 708);
  EXPECT_EQ(total.penalty_count(), 48);
  EXPECT_EQ(total.all().late_rate().percent(), "0.13%");
  EXPECT_EQ(total.all().missed_rate().percent(), "1.06%");
  EXPECT_EQ(total.all().pass_rate().percent(), "98.81%");

  EXPECT_EQ(report.township_total().all().total_count(), 35);
  EXPECT_EQ(report.township_total().all().pass_rate().percent(), "100.00%");
  EXPECT_EQ(report.district_total().all().total_count(), 791);
  EXPECT_EQ(report.district_total().all().missed_count(), 8);
}

TEST_F(CalculatorTest, ReceiptDateOrDecisionDateBasis) {
  // Decided in June, received in July.
  source_.AddAggregate("d-a", "2024-07-02", "2024-06-28", LICENSING, 1);
  EXPECT_EQ(Find(Report(MonthPeriod(2024, 7)), "d-a")->all().total_count(), 1);
  EXPECT_EQ(Find(Report(MonthPeriod(2024, 6)), "d-a")->all().total_count(), 0);

  sgs::v1::Period june_by_decision = MonthPeriod(2024, 6);
  june_by_decision.set_date_basis(sgs::v1::DECISION_DATE);
  sgs::v1::Period july_by_decision = MonthPeriod(2024, 7);
  july_by_decision.set_date_basis(sgs::v1::DECISION_DATE);
  EXPECT_EQ(Find(Report(june_by_decision), "d-a")->all().total_count(), 1);
  EXPECT_EQ(Find(Report(july_by_decision), "d-a")->all().total_count(), 0);
  EXPECT_EQ(Report(june_by_decision).period().date_basis(),
            sgs::v1::DECISION_DATE);
}

TEST_F(CalculatorTest, YearsOutsideTheCalendarAreCountedApart) {
  source_.AddAggregate("d-a", "2026-12-30", "2026-12-28", LICENSING, 2);
  // Needs 2027-01-04.. to count working days: unknown.
  source_.AddAggregate("d-a", "2027-01-06", "2026-12-30", LICENSING, 3);
  source_.AddAggregate("d-b", "2027-01-07", "2027-01-04", PENALTY, 4);
  // Decided 12-31, received 01-01: no day in between, on time whatever
  // 2027's calendar says.
  source_.AddAggregate("d-c", "2027-01-01", "2026-12-31", LICENSING, 1);
  // Beyond 30 calendar days: missed, whatever 2027's calendar says.
  source_.AddAggregate("d-c", "2027-01-20", "2026-12-01", PENALTY, 1);

  const PeriodReport report = Report(DateRangePeriod(
      absl::CivilDay(2026, 12, 1), absl::CivilDay(2027, 1, 31)));
  EXPECT_EQ(report.unclassified_count(), 7);
  ASSERT_EQ(report.missing_calendar_years_size(), 1);
  EXPECT_EQ(report.missing_calendar_years(0), 2027);

  const UnitStats* a = Find(report, "d-a");
  EXPECT_EQ(a->all().total_count(), 2);
  EXPECT_EQ(a->unclassified_count(), 3);
  EXPECT_EQ(a->licensing_count(), 2);
  const UnitStats* b = Find(report, "d-b");
  EXPECT_EQ(b->all().total_count(), 0);
  EXPECT_EQ(b->unclassified_count(), 4);
  EXPECT_FALSE(b->no_records());
  EXPECT_EQ(b->all().pass_rate().percent(), "0.00%");
  const UnitStats* c = Find(report, "d-c");
  EXPECT_EQ(c->all().total_count(), 2);
  EXPECT_EQ(c->all().missed_count(), 1);
  EXPECT_EQ(c->unclassified_count(), 0);
  EXPECT_EQ(report.department_total().unclassified_count(), 7);
  EXPECT_EQ(report.department_total().all().total_count(), 4);
}

TEST_F(CalculatorTest, ClassifiesWithHolidaysAndAdjustedWorkingDays) {
  // National Day 2024: 10-01..10-07 off; Sun 09-29 and Sat 10-12 worked.
  // Decided Fri 09-27: 5th working day is 10-10 (a Mon-Fri count says 10-04).
  source_.AddAggregate("d-a", "2024-10-10", "2024-09-27", LICENSING, 1);
  source_.AddAggregate("d-a", "2024-10-11", "2024-09-27", LICENSING, 2);
  // Decided Tue 10-08: Sat 10-12 counts, so the 5th is Mon 10-14, and
  // Tue 10-15 is late (a Mon-Fri count says on time).
  source_.AddAggregate("d-b", "2024-10-14", "2024-10-08", PENALTY, 3);
  source_.AddAggregate("d-b", "2024-10-15", "2024-10-08", PENALTY, 4);

  const PeriodReport report = Report(MonthPeriod(2024, 10));
  const UnitStats* a = Find(report, "d-a");
  EXPECT_EQ(a->all().total_count(), 3);
  EXPECT_EQ(a->all().late_count(), 2);
  EXPECT_EQ(a->all().qualified_count(), 1);
  const UnitStats* b = Find(report, "d-b");
  EXPECT_EQ(b->all().total_count(), 7);
  EXPECT_EQ(b->all().late_count(), 4);
  EXPECT_EQ(b->all().qualified_count(), 3);
}

TEST_F(CalculatorTest, ObjectionsByResolveDateInChinaAndOnlyUpheld) {
  auto objection = [](const std::string& unit,
                      sgs::v1::ObjectionOutcome outcome,
                      const std::string& resolved_utc) {
    sgs::v1::Objection o;
    o.set_unit_code(unit);
    o.set_outcome(outcome);
    google::protobuf::util::TimeUtil::FromString(resolved_utc,
                                                 o.mutable_resolve_time());
    return o;
  };
  // 23:59:59 on 31 July Beijing time: July.
  source_.objections.push_back(
      objection("d-a", sgs::v1::UPHELD, "2024-07-31T15:59:59Z"));
  // 00:00:00 on 1 August Beijing time: August.
  source_.objections.push_back(
      objection("d-b", sgs::v1::UPHELD, "2024-07-31T16:00:00Z"));
  source_.objections.push_back(
      objection("d-c", sgs::v1::DISMISSED, "2024-07-10T02:00:00Z"));
  source_.objections.push_back(
      objection("d-c", sgs::v1::PENDING, "2024-07-10T02:00:00Z"));

  const PeriodReport july = Report(MonthPeriod(2024, 7));
  EXPECT_EQ(Find(july, "d-a")->valid_objection_count(), 1);
  EXPECT_EQ(Find(july, "d-b")->valid_objection_count(), 0);
  EXPECT_EQ(Find(july, "d-c")->valid_objection_count(), 0);
  EXPECT_EQ(july.department_total().valid_objection_count(), 1);
  const PeriodReport august = Report(MonthPeriod(2024, 8));
  EXPECT_EQ(Find(august, "d-b")->valid_objection_count(), 1);
}

TEST_F(CalculatorTest, FindingsByFoundDateAndConcealmentRisks) {
  sgs::v1::SpotCheckFinding finding;
  finding.set_unit_code("d-b");
  finding.set_source(sgs::v1::NATIONAL);
  finding.set_found_date("2024-07-31");
  source_.findings.push_back(finding);
  finding.set_found_date("2024-08-01");
  source_.findings.push_back(finding);
  source_.AddAggregate("d-c", "2024-07-02", "2024-07-01", LICENSING, 5, 2);

  const PeriodReport july = Report(MonthPeriod(2024, 7));
  EXPECT_EQ(Find(july, "d-b")->confirmed_concealment_count(), 1);
  EXPECT_EQ(Find(july, "d-c")->concealment_risk_count(), 2);
  EXPECT_EQ(july.department_total().confirmed_concealment_count(), 1);
  EXPECT_EQ(july.district_total().concealment_risk_count(), 2);
}

TEST_F(CalculatorTest, UnitStatsForOneUnit) {
  source_.AddAggregate("d-a", "2024-07-02", "2024-07-01", LICENSING, 5);
  source_.AddAggregate("d-b", "2024-07-02", "2024-07-01", LICENSING, 7);
  auto stats = calculator_->UnitStatsFor(source_, "d-b", MonthPeriod(2024, 7));
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->unit_code(), "d-b");
  EXPECT_EQ(stats->unit_name(), "乙局");
  EXPECT_EQ(stats->all().total_count(), 7);
  EXPECT_EQ(stats->all().pass_rate().percent(), "100.00%");

  EXPECT_EQ(calculator_->UnitStatsFor(source_, "nope", MonthPeriod(2024, 7))
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(calculator_->UnitStatsFor(source_, "d-a", sgs::v1::Period())
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CalculatorTest, RecordsOfAnUnregisteredCodeAreShownNotDropped) {
  source_.AddAggregate("gone", "2024-07-02", "2024-07-01", LICENSING, 4);
  const PeriodReport report = Report(MonthPeriod(2024, 7));
  ASSERT_EQ(report.departments_size(), 4);
  EXPECT_EQ(report.departments(0).unit_code(), "gone");
  EXPECT_EQ(report.department_total().all().total_count(), 4);
}

TEST_F(CalculatorTest, SourceErrorsPropagate) {
  source_.failure = absl::UnavailableError("ingest down");
  auto report = calculator_->ReportFor(source_, MonthPeriod(2024, 7));
  EXPECT_EQ(report.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(CalculatorTest, ReproducesTheJuly2024Attachments) {
  const UnitRegistry registry = sgs::testing::ShippedRegistry();
  source_.units = sgs::testing::UnitsOf(registry);
  source_.aggregates =
      sgs::testing::AggregatesOf(sgs::testing::PlanJuly2024(registry));
  const PeriodReport report = Report(MonthPeriod(2024, 7));

  const auto seed = sgs::testing::SeedAttachment1();
  ASSERT_EQ(seed.size(), 26u);
  ASSERT_EQ(report.departments_size(), 25);
  for (int i = 0; i < 25; ++i) {
    const UnitStats& row = report.departments(i);
    SCOPED_TRACE(seed[i].name);
    EXPECT_EQ(row.unit_name(), seed[i].name);
    EXPECT_EQ(row.all().late_count(), seed[i].late);
    EXPECT_EQ(row.all().missed_count(), seed[i].missed);
    EXPECT_EQ(row.all().qualified_count(), seed[i].qualified);
    EXPECT_EQ(row.licensing_count(), seed[i].licensing);
    EXPECT_EQ(row.penalty_count(), seed[i].penalty);
    EXPECT_EQ(row.all().total_count(), seed[i].total);
    EXPECT_EQ(row.all().late_rate().percent(), seed[i].late_rate);
    EXPECT_EQ(row.all().missed_rate().percent(), seed[i].missed_rate);
    EXPECT_EQ(row.all().pass_rate().percent(), seed[i].pass_rate);
  }
  const UnitStats& total = report.department_total();
  EXPECT_EQ(total.all().total_count(), 756);
  EXPECT_EQ(total.all().late_rate().percent(), "0.13%");
  EXPECT_EQ(total.all().missed_rate().percent(), "1.06%");
  EXPECT_EQ(total.all().pass_rate().percent(), "98.81%");
}

}  // namespace
}  // namespace sgs::stats
