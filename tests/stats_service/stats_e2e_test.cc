// End to end: records go in through the ingest service's real RPCs, the
// stats service reads them back over gRPC and computes the bulletin's
// figures. The July 2024 data set reproduces 殷信用办〔2024〕14号's
// Attachments 1 and 2 row for row, with the correct totals.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/period.h"
#include "stats_service/rates.h"
#include "tests/stats_service/seed_tables.h"
#include "tests/stats_service/stats_env.h"
#include "tests/stats_service/typography.h"

namespace sgs::testing {
namespace {

using ::sgs::stats::DateRangePeriod;
using ::sgs::stats::MonthPeriod;
using ::sgs::stats::ParsePercentHundredths;
using ::sgs::stats::QuarterPeriod;
using ::sgs::v1::Escalation;
using ::sgs::v1::PeriodReport;

std::vector<Escalation> OfAction(const std::vector<Escalation>& all,
                                 sgs::v1::EscalationAction action) {
  std::vector<Escalation> out;
  for (const Escalation& e : all) {
    if (e.action() == action) out.push_back(e);
  }
  return out;
}

const sgs::v1::UnitStats* Find(const PeriodReport& report,
                               const std::string& code) {
  for (const auto& stats : report.departments()) {
    if (stats.unit_code() == code) return &stats;
  }
  for (const auto& stats : report.townships()) {
    if (stats.unit_code() == code) return &stats;
  }
  return nullptr;
}

class StatsE2eTest : public ::testing::Test {
 protected:
  StatsEnv env_;
};

TEST_F(StatsE2eTest, July2024ReproducesBothAttachmentsAndTheCorrectTotals) {
  const UnitRegistry registry = ShippedRegistry();
  const std::vector<PlannedRecord> plan = PlanJuly2024(registry);
  ASSERT_EQ(plan.size(), 756u + 35u);
  env_.BackfillPlan(plan);

  const PeriodReport report = env_.Report(MonthPeriod(2024, 7));
  EXPECT_EQ(report.start_date(), "2024-07-01");
  EXPECT_EQ(report.end_date(), "2024-07-31");
  EXPECT_EQ(report.unclassified_count(), 0);

  // Attachment 1, row for row.
  const std::vector<SeedDepartmentRow> seed = SeedAttachment1();
  ASSERT_EQ(seed.size(), 26u);
  ASSERT_EQ(report.departments_size(), 25);
  for (int i = 0; i < 25; ++i) {
    const SeedDepartmentRow& want = seed[i];
    const sgs::v1::UnitStats& got = report.departments(i);
    SCOPED_TRACE(want.name);
    EXPECT_EQ(want.rank, std::to_string(i + 1));
    EXPECT_EQ(got.unit_name(), want.name);
    EXPECT_EQ(got.all().late_count(), want.late);
    EXPECT_EQ(got.all().missed_count(), want.missed);
    EXPECT_EQ(got.all().qualified_count(), want.qualified);
    EXPECT_EQ(got.licensing_count(), want.licensing);
    EXPECT_EQ(got.penalty_count(), want.penalty);
    EXPECT_EQ(got.all().total_count(), want.total);
    EXPECT_EQ(got.all().late_rate().percent(), want.late_rate);
    EXPECT_EQ(got.all().missed_rate().percent(), want.missed_rate);
    EXPECT_EQ(got.all().pass_rate().percent(), want.pass_rate);
    EXPECT_EQ(got.no_records(), want.total == 0);
  }
  // The total row: the counts agree with the bulletin, the rates are the
  // correct ones (the bulletin printed 1.07% and 98.80%).
  const SeedDepartmentRow& seed_total = seed[25];
  const sgs::v1::UnitStats& total = report.department_total();
  EXPECT_EQ(seed_total.name, "部门总计");
  EXPECT_EQ(total.all().late_count(), seed_total.late);
  EXPECT_EQ(total.all().missed_count(), seed_total.missed);
  EXPECT_EQ(total.all().qualified_count(), seed_total.qualified);
  EXPECT_EQ(total.licensing_count(), seed_total.licensing);
  EXPECT_EQ(total.penalty_count(), seed_total.penalty);
  EXPECT_EQ(total.all().total_count(), 756);
  EXPECT_EQ(total.all().late_rate().percent(), "0.13%");
  EXPECT_EQ(total.all().missed_rate().percent(), "1.06%");
  EXPECT_EQ(total.all().pass_rate().percent(), "98.81%");
  EXPECT_EQ(seed_total.missed_rate, "1.07%");
  EXPECT_EQ(seed_total.pass_rate, "98.80%");

  // Attachment 2, row for row (the bulletin writes 100% and 0.00%).
  const std::vector<SeedTownshipRow> townships = SeedAttachment2();
  ASSERT_EQ(townships.size(), 11u);
  ASSERT_EQ(report.townships_size(), 10);
  for (int i = 0; i < 10; ++i) {
    const SeedTownshipRow& want = townships[i];
    const sgs::v1::UnitStats& got = report.townships(i);
    SCOPED_TRACE(want.name);
    EXPECT_EQ(got.unit_name(), want.name);
    EXPECT_EQ(got.all().total_count(), want.total);
    EXPECT_EQ(got.all().qualified_count(), want.qualified);
    EXPECT_EQ(ParsePercentHundredths(want.pass_rate),
              got.all().pass_rate().hundredths_of_percent());
  }
  EXPECT_EQ(report.township_total().all().total_count(), townships[10].total);
  EXPECT_EQ(report.township_total().all().qualified_count(),
            townships[10].qualified);
  EXPECT_EQ(ParsePercentHundredths(townships[10].pass_rate),
            report.township_total().all().pass_rate().hundredths_of_percent());
  EXPECT_EQ(report.district_total().all().total_count(), 791);

  // One unit through GetUnitStats: 市场监督局, named in the body.
  const auto* scjdj = registry.FindByName("市场监管局");
  ASSERT_NE(scjdj, nullptr);
  const sgs::v1::UnitStats unit =
      env_.UnitStats(scjdj->code(), MonthPeriod(2024, 7));
  EXPECT_EQ(unit.unit_name(), "殷都区市场监督局");
  EXPECT_EQ(unit.all().total_count(), 25);
  EXPECT_EQ(unit.all().late_rate().percent(), "4.00%");
  EXPECT_EQ(unit.all().missed_rate().percent(), "12.00%");
  EXPECT_EQ(unit.all().pass_rate().percent(), "84.00%");
  EXPECT_EQ(unit.licensing().total_count(), 8);
  EXPECT_EQ(unit.penalty().total_count(), 17);
  EXPECT_EQ(unit.licensing().late_count() + unit.penalty().late_count(), 1);

  // Reconciliation against the seed's own table: exactly the two wrong
  // cells of the 部门总计 row.
  sgs::v1::ReconcileTableRequest reconcile;
  *reconcile.mutable_period() = MonthPeriod(2024, 7);
  reconcile.set_table(SeedAttachment1Text());
  sgs::v1::ReconcileTableResponse discrepancies;
  auto context = StatsEnv::Context();
  ASSERT_TRUE(env_.stats()
                  .ReconcileTable(context.get(), reconcile, &discrepancies)
                  .ok());
  ASSERT_EQ(discrepancies.discrepancies_size(), 2)
      << discrepancies.DebugString();
  EXPECT_EQ(discrepancies.discrepancies(0).unit_name(), "部门总计");
  EXPECT_EQ(discrepancies.discrepancies(0).row(), 26);
  EXPECT_EQ(discrepancies.discrepancies(0).column(), "双公示漏报率");
  EXPECT_EQ(discrepancies.discrepancies(0).published_value(), "1.07%");
  EXPECT_EQ(discrepancies.discrepancies(0).computed_value(), "1.06%");
  EXPECT_EQ(discrepancies.discrepancies(1).unit_name(), "部门总计");
  EXPECT_EQ(discrepancies.discrepancies(1).column(), "双公示合格率");
  EXPECT_EQ(discrepancies.discrepancies(1).published_value(), "98.80%");
  EXPECT_EQ(discrepancies.discrepancies(1).computed_value(), "98.81%");
  EXPECT_EQ(discrepancies.unknown_units_size(), 0);
  EXPECT_EQ(discrepancies.missing_units_size(), 0);

  // The body of the bulletin: named and commended units.
  const std::vector<Escalation> escalations =
      env_.Escalations(MonthPeriod(2024, 7));
  const auto named = OfAction(escalations, sgs::v1::NAMED_IN_BULLETIN);
  ASSERT_EQ(named.size(), 3u);
  EXPECT_EQ(named[0].unit_name(), "殷都区市场监督局");
  EXPECT_EQ(named[1].unit_name(), "殷都区农业农村局");
  EXPECT_EQ(named[2].unit_name(), "殷都区城管局");
  const auto commended = OfAction(escalations, sgs::v1::COMMENDED);
  ASSERT_EQ(commended.size(), 2u);
  EXPECT_EQ(commended[0].unit_name(), "殷都区教育局");
  EXPECT_EQ(commended[1].unit_name(), "殷都区公安局");
  // No unit is late above 20%, and nothing else was recorded.
  EXPECT_EQ(escalations.size(), 5u);

  // The rendered bulletin carries the correct summary figures.
  sgs::v1::RenderBulletinResponse bulletin;
  const grpc::Status rendered =
      env_.Render(MonthPeriod(2024, 7), sgs::v1::TEXT, &bulletin,
                  Numbered("殷信用办〔2024〕14号"));
  ASSERT_TRUE(rendered.ok()) << rendered.error_message();
  EXPECT_TRUE(absl::StrContains(bulletin.content(), "殷信用办〔2024〕14号"));
  EXPECT_TRUE(absl::StrContains(bulletin.content(), "98.81%"));
  EXPECT_FALSE(absl::StrContains(bulletin.content(), "98.80%"));
}

TEST_F(StatsE2eTest, HolidaysAndAdjustedWorkingDaysDecideTheClass) {
  // National Day 2024: 10-01..10-07 off, Sun 09-29 and Sat 10-12 worked
  // (the records: stats_env.h).
  const std::string unit = "yd-jyj";
  env_.Backfill(NationalDay2024Records(unit));
  const sgs::v1::UnitStats october =
      env_.UnitStats(unit, MonthPeriod(2024, 10));
  EXPECT_EQ(october.all().total_count(), 5);
  // Late: 902 and 904. A Monday-to-Friday count would get three of five
  // wrong: 901 and 905 late (it ignores the holiday and the worked Sunday),
  // 904 on time (it ignores the worked Saturday).
  EXPECT_EQ(october.all().late_count(), 2);
  EXPECT_EQ(october.all().qualified_count(), 3);
  EXPECT_EQ(october.all().late_rate().percent(), "40.00%");

  sgs::v1::CalculateDeadlineRequest request;
  request.set_decision_date("2024-09-27");
  sgs::v1::CalculateDeadlineResponse deadline;
  auto context = StatsEnv::Context();
  ASSERT_TRUE(
      env_.stats().CalculateDeadline(context.get(), request, &deadline).ok());
  EXPECT_EQ(deadline.last_on_time_date(), "2024-10-10");
}

TEST_F(StatsE2eTest, MidnightAtTheMonthEndInChinaStandardTime) {
  const std::string unit = "yd-fgw";
  env_.Backfill({
      Licensing(unit, "殷发改许〔2024〕1号", "2024-07-31",
                ChinaTime(2024, 7, 31, 23, 59, 59)),
      Licensing(unit, "殷发改许〔2024〕2号", "2024-07-31",
                ChinaTime(2024, 8, 1, 0, 0, 0)),
  });
  const sgs::v1::UnitStats july = env_.UnitStats(unit, MonthPeriod(2024, 7));
  const sgs::v1::UnitStats august = env_.UnitStats(unit, MonthPeriod(2024, 8));
  // 23:59:59 Beijing time is 15:59:59 UTC on the 31st; 00:00:00 on 1
  // August is 16:00:00 UTC on 31 July, still July in UTC.
  EXPECT_EQ(july.all().total_count(), 1);
  EXPECT_EQ(august.all().total_count(), 1);
  EXPECT_EQ(july.all().qualified_count(), 1);
  EXPECT_EQ(august.all().qualified_count(), 1);
}

TEST_F(StatsE2eTest, ACorrectionKeepsTheFirstReceipt) {
  const std::string unit = "yd-slj";
  const std::string number = "殷水许〔2024〕7号";
  env_.Backfill({Licensing(unit, number, "2024-07-01", ChinaTime(2024, 7, 2))});

  // Corrected now (years later) through the ordinary path, and again by a
  // back-fill with a later receipt time.
  sgs::v1::Record corrected = ValidLicensingRecord(unit, number, "2024-07-01");
  corrected.mutable_licensing()->set_content("取水许可（更正）");
  sgs::v1::SubmitRecordRequest submit;
  *submit.mutable_record() = corrected;
  sgs::v1::SubmitRecordResponse submitted;
  auto context = StatsEnv::Context();
  const grpc::Status status =
      env_.ingest_stub().SubmitRecord(context.get(), submit, &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(submitted.created());
  const sgs::v1::UploadSummary summary =
      env_.Backfill({{corrected, ChinaTime(2024, 8, 20)}});
  EXPECT_EQ(summary.corrected_count(), 1);

  const sgs::v1::UnitStats july = env_.UnitStats(unit, MonthPeriod(2024, 7));
  EXPECT_EQ(july.all().total_count(), 1);
  EXPECT_EQ(july.all().qualified_count(), 1);
  EXPECT_EQ(env_.UnitStats(unit, MonthPeriod(2024, 8)).all().total_count(), 0);
  const absl::CivilDay today = ChinaDate(absl::Now());
  EXPECT_EQ(env_.UnitStats(unit, MonthPeriod(static_cast<int>(today.year()),
                                             today.month()))
                .all()
                .total_count(),
            0);
}

TEST_F(StatsE2eTest, AYearOutsideTheCalendarIsCountedApart) {
  // The shipped calendar starts in 2024.
  const std::string unit = "yd-yjj";
  env_.Backfill({
      Licensing(unit, "殷应急许〔2023〕1号", "2023-12-20",
                ChinaTime(2023, 12, 22)),
      // Counting working days from 12-29 needs 2023's 12-30 and 12-31.
      Licensing(unit, "殷应急许〔2023〕2号", "2023-12-29",
                ChinaTime(2024, 1, 3)),
      // More than 30 calendar days: missed, whatever 2023's holidays were.
      Licensing(unit, "殷应急许〔2023〕3号", "2023-11-01",
                ChinaTime(2024, 1, 5)),
      Licensing(unit, "殷应急许〔2024〕4号", "2024-01-02",
                ChinaTime(2024, 1, 3)),
  });
  const PeriodReport december = env_.Report(MonthPeriod(2023, 12));
  EXPECT_EQ(december.unclassified_count(), 1);
  ASSERT_EQ(december.missing_calendar_years_size(), 1);
  EXPECT_EQ(december.missing_calendar_years(0), 2023);
  const auto* in_december = Find(december, unit);
  ASSERT_NE(in_december, nullptr);
  EXPECT_EQ(in_december->all().total_count(), 0);
  EXPECT_EQ(in_december->unclassified_count(), 1);
  EXPECT_FALSE(in_december->no_records());

  const PeriodReport january = env_.Report(MonthPeriod(2024, 1));
  EXPECT_EQ(january.unclassified_count(), 1);
  ASSERT_EQ(january.missing_calendar_years_size(), 1);
  EXPECT_EQ(january.missing_calendar_years(0), 2023);
  const auto* in_january = Find(january, unit);
  ASSERT_NE(in_january, nullptr);
  EXPECT_EQ(in_january->all().total_count(), 2);
  EXPECT_EQ(in_january->all().missed_count(), 1);
  EXPECT_EQ(in_january->all().qualified_count(), 1);
  EXPECT_EQ(in_january->unclassified_count(), 1);

  // The deadline of a decision in a year the calendar lacks.
  sgs::v1::CalculateDeadlineRequest request;
  request.set_decision_date("2027-01-04");
  sgs::v1::CalculateDeadlineResponse deadline;
  auto context = StatsEnv::Context();
  const grpc::Status status =
      env_.stats().CalculateDeadline(context.get(), request, &deadline);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "2027"))
      << status.error_message();
}

TEST_F(StatsE2eTest, QuarterPeriodsAndQuarterlyEscalations) {
  const std::string unit = "yd-lyj";
  std::vector<std::pair<sgs::v1::Record, absl::Time>> records;
  int serial = 0;
  auto add = [&](int month, bool late) {
    // Decided on the 1st; on time the next day, late a fortnight later.
    const std::string decision = absl::StrFormat("2024-%02d-01", month);
    records.push_back(
        Licensing(unit, absl::StrCat("殷林许〔2024〕", ++serial, "号"),
                  decision, ChinaTime(2024, month, late ? 16 : 2)));
  };
  // Q2: 4 records, 2 late (50%). Q3: July 2 (1 late), August 1, September
  // 2 (1 late): 5 records, 2 late (40%). October: 1 on time.
  add(4, true), add(5, true), add(6, false), add(6, false);
  add(7, true), add(7, false), add(8, false), add(9, true), add(9, false);
  add(10, false);
  env_.Backfill(records);

  const PeriodReport q3 = env_.Report(QuarterPeriod(2024, 3));
  EXPECT_EQ(q3.start_date(), "2024-07-01");
  EXPECT_EQ(q3.end_date(), "2024-09-30");
  const auto* in_q3 = Find(q3, unit);
  ASSERT_NE(in_q3, nullptr);
  EXPECT_EQ(in_q3->all().total_count(), 5);
  EXPECT_EQ(in_q3->all().late_count(), 2);
  EXPECT_EQ(in_q3->all().late_rate().percent(), "40.00%");
  // The quarter is the sum of its months.
  int64_t months = 0;
  for (int month = 7; month <= 9; ++month) {
    months +=
        env_.UnitStats(unit, MonthPeriod(2024, month)).all().total_count();
  }
  EXPECT_EQ(months, 5);
  EXPECT_EQ(env_.UnitStats(unit, QuarterPeriod(2024, 4)).all().total_count(),
            1);
  EXPECT_EQ(env_.UnitStats(unit, DateRangePeriod(absl::CivilDay(2024, 4, 1),
                                                 absl::CivilDay(2024, 10, 31)))
                .all()
                .total_count(),
            10);

  // Late above 20% in Q2 and Q3: explanation and an interview.
  const std::vector<Escalation> escalations =
      env_.Escalations(QuarterPeriod(2024, 3));
  const auto interviews = OfAction(escalations, sgs::v1::INTERVIEW_UNIT_HEAD);
  ASSERT_EQ(interviews.size(), 1u);
  EXPECT_EQ(interviews[0].unit_code(), unit);
  ASSERT_EQ(interviews[0].consecutive_periods_size(), 2);
  EXPECT_EQ(interviews[0].consecutive_periods(0), "2024-Q2");
  EXPECT_EQ(interviews[0].consecutive_periods(1), "2024-Q3");
  EXPECT_TRUE(absl::StrContains(interviews[0].rule(), "连续2个季度"));
  EXPECT_EQ(
      OfAction(escalations, sgs::v1::EXPLANATION_AND_RECTIFICATION).size(), 1u);

  // The quarterly bulletin: per-month figures, 环比 against Q2 in points,
  // the quarter's escalations.
  sgs::v1::RenderBulletinResponse bulletin;
  const grpc::Status rendered =
      env_.Render(QuarterPeriod(2024, 3), sgs::v1::TEXT, &bulletin);
  ASSERT_TRUE(rendered.ok()) << rendered.error_message();
  const std::string& text = bulletin.content();
  EXPECT_TRUE(
      absl::StrContains(text, "殷都区“双公示”工作2024年第三季度情况通报"));
  EXPECT_TRUE(absl::StrContains(
      text,
      "与上季度相比（上季度归集4条，合格率50.00%），质量合格率上升"
      "10.00个百分点"))
      << text;
  EXPECT_TRUE(absl::StrContains(
      text,
      "分期看，7月归集2条，合格率50.00%；8月归集1条，合格率100.00%；"
      "9月归集2条，合格率50.00%。"));
  EXPECT_TRUE(
      absl::StrContains(text,
                        "林业局：连续2个季度（2024年第二季度、2024年第三季度）"
                        "迟报率高于20%"));
  EXPECT_TRUE(absl::StrContains(
      text, "附件3\n\n2024年第三季度各单位分期“双公示”数据报送情况表"));
  EXPECT_TRUE(
      absl::StrContains(text,
                        "\n1\t殷都区林业局\t2\t50.00%\t1\t100.00%\t2\t50.00%\t"
                        "60.00%\t50.00%\t+10.00\n"));
  EXPECT_THAT(FindHalfWidthPunctuation(text), ::testing::IsEmpty());
}

TEST_F(StatsE2eTest, EscalationsInTwoConsecutiveMonths) {
  // 林业局, 水利局, 应急局 (stats_env.h), and 发改委 with a record that gets
  // a valid objection in July.
  std::vector<std::pair<sgs::v1::Record, absl::Time>> records =
      TwoMonthEscalationRecords();
  records.push_back(
      Licensing("yd-fgw", "发1", "2024-07-01", ChinaTime(2024, 7, 2)));
  env_.Backfill(records);

  // The objection, upheld on 31 July at 23:00 Beijing time.
  sgs::v1::GetRecordRequest get;
  get.set_unit_code("yd-fgw");
  get.set_kind(sgs::v1::LICENSING);
  get.set_document_number("发1");
  sgs::v1::Record stored;
  auto get_context = StatsEnv::Context();
  ASSERT_TRUE(
      env_.ingest_stub().GetRecord(get_context.get(), get, &stored).ok());
  sgs::v1::CreateObjectionRequest create;
  create.set_record_name(stored.name());
  create.set_description("许可内容与实际不符");
  *create.mutable_file_time() = ToTimestamp(ChinaTime(2024, 7, 20));
  sgs::v1::Objection objection;
  auto create_context = StatsEnv::Context();
  ASSERT_TRUE(env_.ingest_stub()
                  .CreateObjection(create_context.get(), create, &objection)
                  .ok());
  sgs::v1::ResolveObjectionRequest resolve;
  resolve.set_name(objection.name());
  resolve.set_outcome(sgs::v1::UPHELD);
  resolve.set_resolution_note("经核查属实");
  *resolve.mutable_resolve_time() = ToTimestamp(ChinaTime(2024, 7, 31, 23));
  auto resolve_context = StatsEnv::Context();
  ASSERT_TRUE(env_.ingest_stub()
                  .ResolveObjection(resolve_context.get(), resolve, &objection)
                  .ok());

  // A national spot check found an unreported decision of 商务局 in July.
  sgs::v1::CreateSpotCheckFindingRequest finding;
  finding.mutable_finding()->set_unit_code("yd-swj");
  finding.mutable_finding()->set_source(sgs::v1::NATIONAL);
  finding.mutable_finding()->set_kind(sgs::v1::PENALTY);
  finding.mutable_finding()->set_found_date("2024-07-25");
  finding.mutable_finding()->set_description("应报未报");
  sgs::v1::SpotCheckFinding created;
  auto finding_context = StatsEnv::Context();
  const grpc::Status finding_status = env_.ingest_stub().CreateSpotCheckFinding(
      finding_context.get(), finding, &created);
  ASSERT_TRUE(finding_status.ok()) << finding_status.error_message();

  const std::vector<Escalation> july = env_.Escalations(MonthPeriod(2024, 7));
  const auto district = OfAction(july, sgs::v1::INTERVIEW_DISTRICT_HEAD);
  ASSERT_EQ(district.size(), 1u);
  EXPECT_EQ(district[0].unit_code(), "");
  EXPECT_EQ(district[0].unit_name(), "殷都区");
  EXPECT_TRUE(absl::StrContains(district[0].figures(), "殷都区商务局"));

  const auto interviews = OfAction(july, sgs::v1::INTERVIEW_UNIT_HEAD);
  ASSERT_EQ(interviews.size(), 1u);
  EXPECT_EQ(interviews[0].unit_code(), "yd-lyj");
  EXPECT_EQ(interviews[0].consecutive_periods(0), "2024-06");
  EXPECT_EQ(interviews[0].consecutive_periods(1), "2024-07");

  const auto explanations =
      OfAction(july, sgs::v1::EXPLANATION_AND_RECTIFICATION);
  std::map<std::string, std::vector<sgs::v1::EscalationTrigger>> triggers;
  for (const auto& e : explanations) {
    for (int trigger : e.triggers()) {
      triggers[e.unit_code()].push_back(
          static_cast<sgs::v1::EscalationTrigger>(trigger));
    }
  }
  using Triggers = std::vector<sgs::v1::EscalationTrigger>;
  EXPECT_EQ(triggers["yd-lyj"], Triggers{sgs::v1::LATE_RATE_ABOVE_THRESHOLD});
  EXPECT_EQ(triggers["yd-slj"], Triggers{sgs::v1::LATE_RATE_ABOVE_THRESHOLD});
  EXPECT_EQ(triggers["yd-yjj"], Triggers{sgs::v1::CONCEALMENT});
  EXPECT_EQ(triggers["yd-fgw"], Triggers{sgs::v1::VALID_OBJECTION});
  EXPECT_EQ(triggers["yd-swj"], Triggers{sgs::v1::CONCEALMENT});
  EXPECT_EQ(explanations.size(), 5u);

  // In June only 林业局 fired, and nothing before June: no interview.
  const std::vector<Escalation> june = env_.Escalations(MonthPeriod(2024, 6));
  EXPECT_TRUE(OfAction(june, sgs::v1::INTERVIEW_UNIT_HEAD).empty());
  EXPECT_EQ(OfAction(june, sgs::v1::EXPLANATION_AND_RECTIFICATION).size(), 1u);
  // In August nothing was reported.
  EXPECT_TRUE(env_.Escalations(MonthPeriod(2024, 8)).empty());

  // The July bulletin names every escalated unit with its rule and figures
  // in its 督办事项, in text and Markdown, with full-width punctuation.
  for (auto format : {sgs::v1::TEXT, sgs::v1::MARKDOWN}) {
    sgs::v1::RenderBulletinResponse bulletin;
    const grpc::Status rendered =
        env_.Render(MonthPeriod(2024, 7), format, &bulletin);
    ASSERT_TRUE(rendered.ok()) << rendered.error_message();
    const std::string& text = bulletin.content();
    EXPECT_TRUE(absl::StrContains(text, "二、督办事项")) << text;
    EXPECT_TRUE(absl::StrContains(text, "三、瞒报及抽查情况"));
    EXPECT_TRUE(absl::StrContains(text, "四、下一步工作要求"));
    EXPECT_TRUE(absl::StrContains(
        text, "林业局：迟报率高于20%，迟报率50.00%（迟报1条/共2条）。"));
    EXPECT_TRUE(absl::StrContains(text, "水利局：迟报率高于20%"));
    EXPECT_TRUE(absl::StrContains(text, "应急局：存在瞒报问题"));
    EXPECT_TRUE(absl::StrContains(text, "发改委：产生有效异议，有效异议1件。"));
    EXPECT_TRUE(absl::StrContains(text, "商务局：存在瞒报问题"));
    EXPECT_TRUE(absl::StrContains(
        text, "林业局：连续2个月（2024年6月、2024年7月）迟报率高于20%"));
    EXPECT_TRUE(absl::StrContains(text, "市领导将约谈区政府主要负责人"));
    // 成文日期 2024年8月5日 + 5 working days.
    EXPECT_TRUE(absl::StrContains(text, "请上述单位于2024年8月12日前"));
    EXPECT_THAT(FindHalfWidthPunctuation(text), ::testing::IsEmpty());
  }
}

// A month that has not ended yet (UTC+8), or one without any record, is
// refused unless the request asks for a draft.
TEST_F(StatsE2eTest, UnfinishedOrEmptyMonthIsRefusedWithoutDraft) {
  const absl::CivilDay today = ChinaDate(absl::Now());
  const sgs::v1::Period this_month =
      MonthPeriod(static_cast<int>(today.year()), today.month());
  env_.Backfill({Licensing("yd-jyj", "教1", FormatDate(today), absl::Now())});
  sgs::v1::RenderBulletinResponse bulletin;
  grpc::Status status = env_.Render(this_month, sgs::v1::TEXT, &bulletin);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "尚未结束"))
      << status.error_message();

  status = env_.Render(this_month, sgs::v1::TEXT, &bulletin, Draft());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(absl::StrContains(
      bulletin.content(), absl::StrCat("征求意见稿（数据截至", today.month(),
                                       "月", today.day(), "日）")))
      << bulletin.content();

  // March 2024 has no records at all.
  status = env_.Render(MonthPeriod(2024, 3), sgs::v1::MARKDOWN, &bulletin);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "没有任何报送记录"))
      << status.error_message();
}

TEST_F(StatsE2eTest, CalculateDeadline) {
  auto deadline = [&](const std::string& date,
                      sgs::v1::CalculateDeadlineResponse* response) {
    sgs::v1::CalculateDeadlineRequest request;
    request.set_decision_date(date);
    auto context = StatsEnv::Context();
    return env_.stats().CalculateDeadline(context.get(), request, response);
  };
  sgs::v1::CalculateDeadlineResponse response;
  ASSERT_TRUE(deadline("2024-09-27", &response).ok());
  EXPECT_EQ(response.decision_date(), "2024-09-27");
  EXPECT_EQ(response.last_on_time_date(), "2024-10-10");
  // Missed: received more than 30 calendar days after the decision.
  EXPECT_EQ(response.first_missed_date(), "2024-10-28");
  EXPECT_EQ(response.rule(),
            "自作出决定之日起5个工作日内报送，决定当日不计；超过30个自然日报送"
            "计为漏报");
  ASSERT_TRUE(deadline("2025-01-24", &response).ok());
  EXPECT_EQ(response.last_on_time_date(), "2025-02-07");
  ASSERT_TRUE(deadline("2025-12-31", &response).ok());
  EXPECT_EQ(response.last_on_time_date(), "2026-01-08");
  EXPECT_EQ(deadline("2024-02-30", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(deadline("", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(StatsE2eTest, BadRequestsAreRefused) {
  sgs::v1::GetPeriodReportRequest no_period;
  sgs::v1::PeriodReport report;
  auto context = StatsEnv::Context();
  EXPECT_EQ(env_.stats()
                .GetPeriodReport(context.get(), no_period, &report)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  sgs::v1::GetUnitStatsRequest unknown;
  unknown.set_unit_code("yd-nope");
  *unknown.mutable_period() = MonthPeriod(2024, 7);
  sgs::v1::UnitStats stats;
  auto unit_context = StatsEnv::Context();
  EXPECT_EQ(env_.stats()
                .GetUnitStats(unit_context.get(), unknown, &stats)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Years are bulletins now (issue 8); a date range is not.
  sgs::v1::RenderBulletinResponse bulletin;
  EXPECT_EQ(env_.Render(DateRangePeriod(absl::CivilDay(2024, 7, 1),
                                        absl::CivilDay(2024, 7, 10)),
                        sgs::v1::BULLETIN_FORMAT_UNSPECIFIED, &bulletin)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  sgs::v1::ReconcileTableRequest no_table;
  *no_table.mutable_period() = MonthPeriod(2024, 7);
  sgs::v1::ReconcileTableResponse reconciled;
  auto reconcile_context = StatsEnv::Context();
  EXPECT_EQ(env_.stats()
                .ReconcileTable(reconcile_context.get(), no_table, &reconciled)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace sgs::testing
