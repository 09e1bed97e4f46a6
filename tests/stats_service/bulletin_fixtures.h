// Test fixtures for the bulletin: the July 2024 bulletin's figures
// (殷信用办〔2024〕14号) as a hand-built PeriodReport with exact rates, its
// escalations, the policy it quotes and the shipped template and calendar;
// and the second region's July (ProvinceInput) from its own files.
#ifndef SGS_TESTS_STATS_SERVICE_BULLETIN_FIXTURES_H_
#define SGS_TESTS_STATS_SERVICE_BULLETIN_FIXTURES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/calendar.h"
#include "common/config_loader.h"
#include "common/registry.h"
#include "gtest/gtest.h"
#include "stats_service/bulletin_document_builder.h"
#include "stats_service/bulletin_template.h"
#include "stats_service/escalations.h"
#include "stats_service/period.h"

namespace sgs::stats {
namespace fixtures {

using ::sgs::v1::Escalation;
using ::sgs::v1::PeriodReport;
using ::sgs::v1::Rate;
using ::sgs::v1::UnitStats;

inline std::string SourceFile(const std::string& relative) {
  return absl::StrCat(SGS_SOURCE_DIR, "/", relative);
}

// count/total as the service reports it: two decimals, half-up, "0.00%" for
// an empty unit. Computed here so the input carries the exact rates and the
// test can check that the renderer prints them, not the seed's 1.07%.
inline Rate MakeRate(int64_t count, int64_t total) {
  Rate rate;
  rate.set_numerator(count);
  rate.set_denominator(total);
  const int64_t hundredths =
      total == 0 ? 0 : (count * 10000 * 2 + total) / (2 * total);
  rate.set_hundredths_of_percent(hundredths);
  rate.set_percent(
      absl::StrFormat("%d.%02d%%", hundredths / 100, hundredths % 100));
  return rate;
}

inline void SetCounts(UnitStats* unit, int64_t late, int64_t missed,
                      int64_t licensing, int64_t penalty) {
  const int64_t total = licensing + penalty;
  unit->set_licensing_count(licensing);
  unit->set_penalty_count(penalty);
  auto* all = unit->mutable_all();
  all->set_total_count(total);
  all->set_late_count(late);
  all->set_missed_count(missed);
  all->set_qualified_count(total - late - missed);
  *all->mutable_late_rate() = MakeRate(late, total);
  *all->mutable_missed_rate() = MakeRate(missed, total);
  *all->mutable_pass_rate() = MakeRate(total - late - missed, total);
  unit->set_no_records(total == 0);
}

struct Row {
  const char* code;
  const char* name;
  int64_t late, missed, licensing, penalty;
};

// Attachment 1 and 2 of the July 2024 bulletin, in its order.
constexpr Row kDepartments[] = {
    {"yd-jyj", "殷都区教育局", 0, 0, 481, 0},
    {"yd-gaj", "殷都区公安局", 0, 0, 0, 84},
    {"yd-jtysj", "殷都区交通运输局", 0, 0, 17, 28},
    {"yd-fgw", "殷都区发改委", 0, 0, 44, 0},
    {"yd-wsjkw", "殷都区卫生健康委", 0, 0, 32, 2},
    {"yd-scjdj", "殷都区市场监督局", 1, 3, 8, 17},
    {"yd-sthjfj", "殷都区生态环境分局", 0, 0, 1, 9},
    {"yd-yjj", "殷都区应急局", 0, 0, 8, 0},
    {"yd-lyj", "殷都区林业局", 0, 0, 6, 0},
    {"yd-slj", "殷都区水利局", 0, 0, 6, 0},
    {"yd-whgdtylyj", "殷都区文化广电体育旅游局", 0, 0, 4, 0},
    {"yd-nyncj", "殷都区农业农村局", 0, 3, 3, 0},
    {"yd-cgj", "殷都区城管局", 0, 2, 0, 2},
    {"yd-zfcxjsj", "殷都区住房城乡建设局", 0, 0, 2, 0},
    {"yd-czj", "殷都区财政局", 0, 0, 1, 0},
    {"yd-rlzyshbzj", "殷都区人力资源社会保障局", 0, 0, 1, 0},
    {"yd-tjj", "殷都区统计局", 0, 0, 0, 0},
    {"yd-gyhxxhj", "殷都区工业和信息化局", 0, 0, 0, 0},
    {"yd-bb", "殷都区编办", 0, 0, 0, 0},
    {"yd-sfj", "殷都区司法局", 0, 0, 0, 0},
    {"yd-sjj", "殷都区审计局", 0, 0, 0, 0},
    {"yd-ybj", "殷都区医保局", 0, 0, 0, 0},
    {"yd-zrzyj", "殷都区自然资源局", 0, 0, 0, 0},
    {"yd-mzj", "殷都区民政局", 0, 0, 0, 0},
    {"yd-swj", "殷都区商务局", 0, 0, 0, 0},
};
// The bulletin gives townships' totals only; the split does not show.
constexpr Row kTownships[] = {
    {"yd-lzz", "伦掌镇", 0, 0, 2, 0},    {"yd-afx", "安丰乡", 0, 0, 1, 0},
    {"yd-syz", "水冶镇", 0, 0, 20, 3},   {"yd-xjx", "西郊乡", 0, 0, 3, 0},
    {"yd-xjgx", "许家沟乡", 0, 0, 1, 0}, {"yd-tyz", "铜冶镇", 0, 0, 5, 0},
    {"yd-qgz", "曲沟镇", 0, 0, 0, 0},    {"yd-dlz", "都里镇", 0, 0, 0, 0},
    {"yd-lkx", "磊口乡", 0, 0, 0, 0},    {"yd-hhtx", "洪河屯乡", 0, 0, 0, 0},
};

// Sums rows into a total row, as the service does.
template <size_t N>
inline UnitStats Total(const Row (&rows)[N], const char* name) {
  int64_t late = 0, missed = 0, licensing = 0, penalty = 0;
  for (const Row& r : rows) {
    late += r.late;
    missed += r.missed;
    licensing += r.licensing;
    penalty += r.penalty;
  }
  UnitStats total;
  total.set_unit_name(name);
  SetCounts(&total, late, missed, licensing, penalty);
  return total;
}

inline PeriodReport JulyReport() {
  PeriodReport report;
  report.mutable_period()->set_type(sgs::v1::Period::MONTH);
  report.mutable_period()->set_year(2024);
  report.mutable_period()->set_month(7);
  report.set_start_date("2024-07-01");
  report.set_end_date("2024-07-31");
  for (const Row& r : kDepartments) {
    UnitStats* unit = report.add_departments();
    unit->set_unit_code(r.code);
    unit->set_unit_name(r.name);
    unit->set_unit_kind(sgs::v1::DEPARTMENT);
    SetCounts(unit, r.late, r.missed, r.licensing, r.penalty);
  }
  for (const Row& r : kTownships) {
    UnitStats* unit = report.add_townships();
    unit->set_unit_code(r.code);
    unit->set_unit_name(r.name);
    unit->set_unit_kind(sgs::v1::TOWNSHIP);
    SetCounts(unit, r.late, r.missed, r.licensing, r.penalty);
  }
  *report.mutable_department_total() = Total(kDepartments, "部门总计");
  *report.mutable_township_total() = Total(kTownships, "乡镇总计");
  return report;
}

inline Escalation MakeEscalation(const PeriodReport& report,
                                 const std::string& code,
                                 sgs::v1::EscalationAction action) {
  Escalation e;
  for (const UnitStats& unit : report.departments()) {
    if (unit.unit_code() == code) {
      e.set_unit_code(code);
      e.set_unit_name(unit.unit_name());
      *e.mutable_stats() = unit;
    }
  }
  e.set_action(action);
  return e;
}

inline sgs::config::v1::PolicyFile BulletinPolicy() {
  sgs::config::v1::PolicyFile policy;
  auto* t = policy.mutable_timeliness();
  t->set_on_time_limit(5);
  t->set_on_time_day_kind(sgs::config::v1::WORKING_DAYS);
  t->set_missed_limit(30);
  t->set_missed_day_kind(sgs::config::v1::CALENDAR_DAYS);
  auto* e = policy.mutable_escalation();
  e->set_late_rate_threshold_percent(20);
  e->set_consecutive_periods_for_interview(2);
  e->set_commendation_min_records(50);
  e->set_named_below_pass_rate_percent(100);
  e->set_response_working_days(5);
  // The rules' wording as shipped (config/policy.textproto).
  sgs::config::v1::PolicyFile shipped;
  EXPECT_TRUE(
      LoadTextProtoFile(SourceFile("config/policy.textproto"), &shipped).ok());
  *e->mutable_rule_texts() = shipped.escalation().rule_texts();
  return policy;
}

inline const WorkingCalendar& ShippedCalendar() {
  static const auto* const kCalendar = [] {
    absl::StatusOr<WorkingCalendar> calendar =
        WorkingCalendar::LoadFromFile(SourceFile("config/calendar.textproto"));
    EXPECT_TRUE(calendar.ok()) << calendar.status();
    return new WorkingCalendar(calendar.ok() ? *std::move(calendar)
                                             : WorkingCalendar());
  }();
  return *kCalendar;
}

inline BulletinInput JulyInput() {
  BulletinInput input;
  input.report = JulyReport();
  // Out of table order on purpose: the text follows the tables' order.
  for (const char* code : {"yd-cgj", "yd-scjdj", "yd-nyncj"}) {
    input.escalations.push_back(
        MakeEscalation(input.report, code, sgs::v1::NAMED_IN_BULLETIN));
  }
  for (const char* code : {"yd-jyj", "yd-gaj"}) {
    input.escalations.push_back(
        MakeEscalation(input.report, code, sgs::v1::COMMENDED));
  }
  input.document_number = "殷信用办〔2024〕14号";
  input.district_name = "殷都区";
  absl::StatusOr<sgs::config::v1::BulletinTemplate> t =
      LoadBulletinTemplate(SourceFile("config/bulletin_template.textproto"));
  EXPECT_TRUE(t.ok()) << t.status();
  if (t.ok()) input.bulletin_template = *t;
  input.policy = BulletinPolicy();
  input.calendar = &ShippedCalendar();
  input.today = absl::CivilDay(2024, 8, 5);
  return input;
}

inline std::string ProvinceTestdata(const std::string& name) {
  return SourceFile(
      absl::StrCat("tests/stats_service/testdata/province/", name));
}

// The second region (tests/stats_service/testdata/province): 45 counties,
// no townships, 50% threshold, 全省; July 2024 with every 9th county late on
// 6 of 10 records and the last three reporting nothing.
inline BulletinInput ProvinceInput() {
  absl::StatusOr<UnitRegistry> registry =
      UnitRegistry::LoadFromFile(ProvinceTestdata("registry.textproto"));
  EXPECT_TRUE(registry.ok()) << registry.status();
  BulletinInput input;
  EXPECT_TRUE(
      LoadTextProtoFile(ProvinceTestdata("policy.textproto"), &input.policy)
          .ok());
  absl::StatusOr<sgs::config::v1::BulletinTemplate> t =
      LoadBulletinTemplate(ProvinceTestdata("bulletin_template.textproto"));
  EXPECT_TRUE(t.ok()) << t.status();
  if (t.ok()) input.bulletin_template = *t;
  if (!registry.ok()) return input;
  input.district_name = registry->district_name();
  input.calendar = &ShippedCalendar();
  input.today = absl::CivilDay(2024, 8, 20);
  input.document_number = "豫信用办〔2024〕9号";

  PeriodReport& report = input.report;
  report.mutable_period()->set_type(sgs::v1::Period::MONTH);
  report.mutable_period()->set_year(2024);
  report.mutable_period()->set_month(7);
  report.set_start_date("2024-07-01");
  report.set_end_date("2024-07-31");
  int64_t late = 0, missed = 0, licensing = 0;
  int i = 0;
  for (const auto& unit : registry->UnitsOfKind(sgs::config::v1::DEPARTMENT)) {
    UnitStats* stats = report.add_departments();
    stats->set_unit_code(unit.code());
    stats->set_unit_name(unit.official_name());
    // Every 9th county is late on 6 of 10 (60% > 50%), others on time;
    // the last three report nothing.
    const int64_t total = i >= 42 ? 0 : 10;
    const int64_t unit_late = (i % 9 == 0 && total > 0) ? 6 : 0;
    SetCounts(stats, unit_late, 0, total, 0);
    late += unit_late;
    licensing += total;
    ++i;
  }
  SetCounts(report.mutable_department_total(), late, missed, licensing, 0);
  report.mutable_department_total()->set_unit_name("全省合计");
  SetCounts(report.mutable_township_total(), 0, 0, 0, 0);

  EscalationInputs inputs;
  inputs.district_name = input.district_name;
  absl::StatusOr<ResolvedPeriod> july = ResolvePeriod(MonthPeriod(2024, 7));
  EXPECT_TRUE(july.ok());
  inputs.current = {*july, report};
  absl::StatusOr<std::vector<Escalation>> escalations =
      ComputeEscalations(inputs, input.policy.escalation());
  EXPECT_TRUE(escalations.ok()) << escalations.status();
  if (escalations.ok()) input.escalations = *escalations;
  return input;
}

}  // namespace fixtures
}  // namespace sgs::stats

#endif  // SGS_TESTS_STATS_SERVICE_BULLETIN_FIXTURES_H_
