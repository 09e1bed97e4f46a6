#include "stats_service/escalations.h"

#include <string>
#include <vector>

#include "common/config_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/rates.h"
#include "tests/stats_service/typography.h"
#include "tests/support/test_env.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::EscalationPolicy;
using ::sgs::v1::Escalation;
using ::sgs::v1::PeriodReport;
using ::sgs::v1::UnitStats;

// The bulletin's thresholds with the shipped rule texts
// (config/policy.textproto), so the rule assertions below check those.
EscalationPolicy BulletinPolicy() {
  EscalationPolicy policy;
  sgs::config::v1::PolicyFile shipped;
  EXPECT_TRUE(LoadTextProtoFile(
                  sgs::testing::SourcePath("config/policy.textproto"), &shipped)
                  .ok());
  *policy.mutable_rule_texts() = shipped.escalation().rule_texts();
  policy.set_late_rate_threshold_percent(20);
  policy.set_consecutive_periods_for_interview(2);
  policy.set_commendation_min_records(50);
  policy.set_named_below_pass_rate_percent(100);
  return policy;
}

struct Figures {
  std::string code;
  int64_t total = 0;
  int64_t late = 0;
  int64_t missed = 0;
  int64_t risks = 0;
  int64_t confirmed = 0;
  int64_t objections = 0;
};

UnitStats Stats(const Figures& f, sgs::v1::UnitKind kind) {
  UnitStats stats;
  stats.set_unit_code(f.code);
  stats.set_unit_name(f.code + "局");
  stats.set_unit_kind(kind);
  auto* all = stats.mutable_all();
  all->set_total_count(f.total);
  all->set_late_count(f.late);
  all->set_missed_count(f.missed);
  all->set_qualified_count(f.total - f.late - f.missed);
  *all->mutable_late_rate() = MakeRate(f.late, f.total);
  *all->mutable_missed_rate() = MakeRate(f.missed, f.total);
  *all->mutable_pass_rate() = MakeRate(f.total - f.late - f.missed, f.total);
  stats.set_licensing_count(f.total);
  stats.set_no_records(f.total == 0);
  stats.set_concealment_risk_count(f.risks);
  stats.set_confirmed_concealment_count(f.confirmed);
  stats.set_valid_objection_count(f.objections);
  return stats;
}

PeriodFigures Month(int year, int month, const std::vector<Figures>& units,
                    const std::vector<Figures>& townships = {}) {
  PeriodFigures figures;
  auto resolved = ResolvePeriod(MonthPeriod(year, month));
  EXPECT_TRUE(resolved.ok());
  figures.period = *resolved;
  for (const Figures& f : units) {
    *figures.report.add_departments() = Stats(f, sgs::v1::DEPARTMENT);
  }
  for (const Figures& f : townships) {
    *figures.report.add_townships() = Stats(f, sgs::v1::TOWNSHIP);
  }
  return figures;
}

std::vector<Escalation> Compute(
    const EscalationInputs& inputs,
    const EscalationPolicy& policy = BulletinPolicy()) {
  auto escalations = ComputeEscalations(inputs, policy);
  EXPECT_TRUE(escalations.ok()) << escalations.status();
  return escalations.ok() ? *escalations : std::vector<Escalation>{};
}

std::vector<Escalation> OfAction(const std::vector<Escalation>& all,
                                 sgs::v1::EscalationAction action) {
  std::vector<Escalation> out;
  for (const Escalation& e : all) {
    if (e.action() == action) out.push_back(e);
  }
  return out;
}

TEST(EscalationsTest, LateRateAboveThresholdNeedsExplanation) {
  EscalationInputs inputs;
  inputs.current = Month(2024, 7, {{"a", 20, 5}, {"b", 20, 4}, {"c", 0}});
  const auto explanations =
      OfAction(Compute(inputs), sgs::v1::EXPLANATION_AND_RECTIFICATION);
  // 25% > 20%; exactly 20% is not above it; no records, no rate.
  ASSERT_EQ(explanations.size(), 1u);
  const Escalation& e = explanations[0];
  EXPECT_EQ(e.unit_code(), "a");
  ASSERT_EQ(e.triggers_size(), 1);
  EXPECT_EQ(e.triggers(0), sgs::v1::LATE_RATE_ABOVE_THRESHOLD);
  EXPECT_NE(e.rule().find("迟报率高于20%"), std::string::npos) << e.rule();
  EXPECT_NE(e.rule().find("情况说明和整改方案"), std::string::npos);
  EXPECT_EQ(e.figures(), "迟报率 25.00%（迟报 5 条/共 20 条）");
  EXPECT_EQ(e.stats().all().total_count(), 20);
}

TEST(EscalationsTest, ThresholdComesFromPolicy) {
  EscalationInputs inputs;
  inputs.current = Month(2024, 7, {{"a", 20, 5}});
  EscalationPolicy policy = BulletinPolicy();
  policy.set_late_rate_threshold_percent(30);
  EXPECT_TRUE(
      OfAction(Compute(inputs, policy), sgs::v1::EXPLANATION_AND_RECTIFICATION)
          .empty());
  policy.set_late_rate_threshold_percent(24.99);
  EXPECT_EQ(
      OfAction(Compute(inputs, policy), sgs::v1::EXPLANATION_AND_RECTIFICATION)
          .size(),
      1u);
}

TEST(EscalationsTest, ConcealmentAndValidObjectionNeedExplanation) {
  EscalationInputs inputs;
  Figures risk{"risk", 10};
  risk.risks = 2;
  Figures confirmed{"confirmed", 0};
  confirmed.confirmed = 1;
  Figures objection{"objection", 10};
  objection.objections = 1;
  Figures all_three{"all", 10, 3};
  all_three.risks = 1;
  all_three.objections = 2;
  inputs.current = Month(2024, 7, {risk, confirmed, objection, all_three});
  const auto explanations =
      OfAction(Compute(inputs), sgs::v1::EXPLANATION_AND_RECTIFICATION);
  ASSERT_EQ(explanations.size(), 4u);
  EXPECT_EQ(explanations[0].unit_code(), "risk");
  ASSERT_EQ(explanations[0].triggers_size(), 1);
  EXPECT_EQ(explanations[0].triggers(0), sgs::v1::CONCEALMENT);
  EXPECT_NE(explanations[0].figures().find("瞒报风险记录 2 条"),
            std::string::npos);
  EXPECT_EQ(explanations[1].unit_code(), "confirmed");
  EXPECT_EQ(explanations[1].triggers(0), sgs::v1::CONCEALMENT);
  EXPECT_NE(explanations[1].figures().find("抽查确认瞒报 1 条"),
            std::string::npos);
  EXPECT_EQ(explanations[2].triggers(0), sgs::v1::VALID_OBJECTION);
  EXPECT_EQ(explanations[2].figures(), "有效异议 1 件");
  EXPECT_NE(explanations[2].rule().find("产生有效异议"), std::string::npos);
  ASSERT_EQ(explanations[3].triggers_size(), 3);
  EXPECT_EQ(explanations[3].triggers(0), sgs::v1::LATE_RATE_ABOVE_THRESHOLD);
  EXPECT_EQ(explanations[3].triggers(1), sgs::v1::CONCEALMENT);
  EXPECT_EQ(explanations[3].triggers(2), sgs::v1::VALID_OBJECTION);
}

TEST(EscalationsTest, SameTriggerInTwoConsecutiveMonthsInterviewsTheHead) {
  EscalationInputs inputs;
  Figures june_objection{"b", 10};
  june_objection.objections = 1;
  Figures july_objection{"b", 10};
  july_objection.objections = 1;
  Figures c_june_late{"c", 10, 5};
  Figures c_july_objection{"c", 10};
  c_july_objection.objections = 1;
  inputs.current = Month(
      2024, 7, {{"a", 20, 5}, july_objection, c_july_objection, {"d", 10, 9}});
  inputs.previous = {
      Month(2024, 6, {{"a", 10, 3}, june_objection, c_june_late, {"d", 10}})};
  const auto all = Compute(inputs);
  const auto interviews = OfAction(all, sgs::v1::INTERVIEW_UNIT_HEAD);
  // a: late rate above 20% in June (30%) and July (25%); b: valid objection
  // both months; c: different triggers; d: only July.
  ASSERT_EQ(interviews.size(), 2u);
  EXPECT_EQ(interviews[0].unit_code(), "a");
  ASSERT_EQ(interviews[0].triggers_size(), 1);
  EXPECT_EQ(interviews[0].triggers(0), sgs::v1::LATE_RATE_ABOVE_THRESHOLD);
  ASSERT_EQ(interviews[0].consecutive_periods_size(), 2);
  EXPECT_EQ(interviews[0].consecutive_periods(0), "2024-06");
  EXPECT_EQ(interviews[0].consecutive_periods(1), "2024-07");
  EXPECT_NE(interviews[0].rule().find("连续2个月迟报率高于20%"),
            std::string::npos)
      << interviews[0].rule();
  EXPECT_NE(interviews[0].rule().find("一把手"), std::string::npos);
  EXPECT_EQ(interviews[0].figures(),
            "2024年6月：迟报率 30.00%（迟报 3 条/共 10 条）；"
            "2024年7月：迟报率 25.00%（迟报 5 条/共 20 条）");
  EXPECT_EQ(interviews[1].unit_code(), "b");
  EXPECT_EQ(interviews[1].triggers(0), sgs::v1::VALID_OBJECTION);
  // Every unit with a trigger this month also owes an explanation.
  EXPECT_EQ(OfAction(all, sgs::v1::EXPLANATION_AND_RECTIFICATION).size(), 4u);
}

TEST(EscalationsTest, ConsecutivePeriodsComeFromPolicy) {
  EscalationInputs inputs;
  inputs.current = Month(2024, 7, {{"a", 20, 5}});
  inputs.previous = {Month(2024, 6, {{"a", 10, 3}}),
                     Month(2024, 5, {{"a", 10, 1}})};
  EscalationPolicy three = BulletinPolicy();
  three.set_consecutive_periods_for_interview(3);
  // May was 10%: not three in a row.
  EXPECT_TRUE(
      OfAction(Compute(inputs, three), sgs::v1::INTERVIEW_UNIT_HEAD).empty());
  inputs.previous[1] = Month(2024, 5, {{"a", 10, 5}});
  const auto interviews =
      OfAction(Compute(inputs, three), sgs::v1::INTERVIEW_UNIT_HEAD);
  ASSERT_EQ(interviews.size(), 1u);
  ASSERT_EQ(interviews[0].consecutive_periods_size(), 3);
  EXPECT_EQ(interviews[0].consecutive_periods(0), "2024-05");
  EXPECT_EQ(interviews[0].consecutive_periods(2), "2024-07");
  EXPECT_NE(interviews[0].rule().find("连续3个月"), std::string::npos);
  // Missing history: no interview rather than a guess.
  inputs.previous.pop_back();
  EXPECT_TRUE(
      OfAction(Compute(inputs, three), sgs::v1::INTERVIEW_UNIT_HEAD).empty());
}

TEST(EscalationsTest, QuarterInterviewsSpeakOfQuarters) {
  EscalationInputs inputs;
  auto q3 = ResolvePeriod(QuarterPeriod(2024, 3));
  auto q2 = ResolvePeriod(QuarterPeriod(2024, 2));
  ASSERT_TRUE(q3.ok() && q2.ok());
  inputs.current = Month(2024, 7, {{"a", 20, 5}});
  inputs.current.period = *q3;
  inputs.previous = {Month(2024, 6, {{"a", 10, 3}})};
  inputs.previous[0].period = *q2;
  const auto interviews =
      OfAction(Compute(inputs), sgs::v1::INTERVIEW_UNIT_HEAD);
  ASSERT_EQ(interviews.size(), 1u);
  EXPECT_EQ(interviews[0].consecutive_periods(0), "2024-Q2");
  EXPECT_EQ(interviews[0].consecutive_periods(1), "2024-Q3");
  EXPECT_NE(interviews[0].rule().find("连续2个季度"), std::string::npos);
}

TEST(EscalationsTest, SpotCheckFindingsAreADistrictLevelItem) {
  EscalationInputs inputs;
  inputs.district_name = "殷都区";
  inputs.current = Month(2024, 7, {{"a", 10}, {"b", 10}});
  sgs::v1::SpotCheckFinding finding;
  finding.set_unit_code("a");
  finding.set_source(sgs::v1::NATIONAL);
  inputs.findings.push_back(finding);
  finding.set_source(sgs::v1::PROVINCIAL);
  inputs.findings.push_back(finding);
  finding.set_unit_code("b");
  inputs.findings.push_back(finding);
  const auto all = Compute(inputs);
  const auto district = OfAction(all, sgs::v1::INTERVIEW_DISTRICT_HEAD);
  ASSERT_EQ(district.size(), 1u);
  EXPECT_EQ(district[0].unit_code(), "");
  EXPECT_EQ(district[0].unit_name(), "殷都区");
  ASSERT_EQ(district[0].triggers_size(), 1);
  EXPECT_EQ(district[0].triggers(0), sgs::v1::SPOT_CHECK_FINDING);
  EXPECT_NE(district[0].rule().find("约谈区政府主要负责人"), std::string::npos);
  EXPECT_EQ(district[0].figures(),
            "国家抽查发现 1 条、省级抽查发现 2 条：a局 2 条、b局 1 条");
  // First in the list.
  EXPECT_EQ(all[0].action(), sgs::v1::INTERVIEW_DISTRICT_HEAD);

  inputs.findings.clear();
  EXPECT_TRUE(
      OfAction(Compute(inputs), sgs::v1::INTERVIEW_DISTRICT_HEAD).empty());
}

// ListEscalations' own words are Chinese prose the office copies into the
// bulletin and the 督办清单: full-width punctuation in every rule and in
// the figures (whose ASCII spaces around counts are the API's and tidied by
// the bulletin, so only punctuation is checked there).
TEST(EscalationsTest, RulesAndFiguresUseFullWidthPunctuation) {
  EscalationInputs inputs;
  inputs.district_name = "殷都区";
  Figures risk{"risk", 10};
  risk.risks = 2;
  Figures objection{"objection", 10};
  objection.objections = 1;
  inputs.current = Month(
      2024, 7, {{"a", 20, 5}, risk, objection, {"good", 60}, {"n", 4, 1}});
  inputs.previous = {Month(2024, 6, {{"a", 10, 3}, objection})};
  sgs::v1::SpotCheckFinding finding;
  finding.set_unit_code("a");
  finding.set_source(sgs::v1::NATIONAL);
  inputs.findings.push_back(finding);
  const auto all = Compute(inputs);
  for (sgs::v1::EscalationAction action :
       {sgs::v1::INTERVIEW_DISTRICT_HEAD, sgs::v1::INTERVIEW_UNIT_HEAD,
        sgs::v1::EXPLANATION_AND_RECTIFICATION, sgs::v1::NAMED_IN_BULLETIN,
        sgs::v1::COMMENDED}) {
    EXPECT_FALSE(OfAction(all, action).empty())
        << sgs::v1::EscalationAction_Name(action);
  }
  for (const Escalation& e : all) {
    EXPECT_THAT(sgs::testing::FindHalfWidthPunctuation(e.rule()),
                ::testing::IsEmpty())
        << e.rule();
    for (const std::string& finding_text :
         sgs::testing::FindHalfWidthPunctuation(e.figures())) {
      EXPECT_EQ(finding_text.rfind("space in:", 0), 0u) << finding_text;
    }
  }
  const auto interviews = OfAction(all, sgs::v1::INTERVIEW_UNIT_HEAD);
  ASSERT_FALSE(interviews.empty());
  EXPECT_NE(interviews[0].rule().find("约谈单位“一把手”"), std::string::npos)
      << interviews[0].rule();
}

TEST(EscalationsTest, NamedAndCommendedLikeTheJulyBulletin) {
  EscalationInputs inputs;
  inputs.current = Month(2024, 7,
                         {{"jyj", 481},
                          {"gaj", 84},
                          {"jtysj", 45},
                          {"scjdj", 25, 1, 3},
                          {"nyncj", 3, 0, 3},
                          {"cgj", 2, 0, 2},
                          {"tjj", 0}},
                         {{"syz", 23}, {"qgz", 0}});
  const auto all = Compute(inputs);
  const auto named = OfAction(all, sgs::v1::NAMED_IN_BULLETIN);
  ASSERT_EQ(named.size(), 3u);
  EXPECT_EQ(named[0].unit_code(), "scjdj");
  EXPECT_EQ(named[0].triggers(0), sgs::v1::PASS_RATE_BELOW_TARGET);
  EXPECT_EQ(
      named[0].figures(),
      "报送双公示数据25条，迟报数据1条，漏报数据3条，双公示迟报率为4.00%，"
      "漏报率为12.00%，合格率84.00%");
  EXPECT_NE(named[0].rule().find("合格率未达到100%"), std::string::npos);
  EXPECT_EQ(named[1].unit_code(), "nyncj");
  EXPECT_EQ(named[1].figures(),
            "报送双公示数据3条，漏报数据3条，漏报率为100.00%，合格率0.00%");
  EXPECT_EQ(named[2].unit_code(), "cgj");

  const auto commended = OfAction(all, sgs::v1::COMMENDED);
  ASSERT_EQ(commended.size(), 2u);
  EXPECT_EQ(commended[0].unit_code(), "jyj");
  EXPECT_EQ(commended[1].unit_code(), "gaj");
  EXPECT_EQ(commended[0].triggers(0), sgs::v1::FULL_PASS_WITH_VOLUME);
  EXPECT_NE(commended[0].rule().find("不少于50条"), std::string::npos);

  // Nothing else fired: no late rate above 20%, no concealment, objection
  // or finding.
  EXPECT_EQ(all.size(), 5u);

  EscalationPolicy lower = BulletinPolicy();
  lower.set_commendation_min_records(20);
  EXPECT_EQ(OfAction(Compute(inputs, lower), sgs::v1::COMMENDED).size(), 4u);
}

TEST(EscalationsTest, NamedThresholdIsExactNotRounded) {
  EscalationInputs inputs;
  // 99.995% prints as 100.00% but is below 100%.
  inputs.current = Month(2024, 7, {{"a", 20000, 1}});
  const auto named = OfAction(Compute(inputs), sgs::v1::NAMED_IN_BULLETIN);
  ASSERT_EQ(named.size(), 1u);
  EXPECT_TRUE(OfAction(Compute(inputs), sgs::v1::COMMENDED).empty());
  EscalationPolicy lenient = BulletinPolicy();
  lenient.set_named_below_pass_rate_percent(99.99);
  EXPECT_TRUE(
      OfAction(Compute(inputs, lenient), sgs::v1::NAMED_IN_BULLETIN).empty());
}

TEST(EscalationsTest, OrderOfTheList) {
  EscalationInputs inputs;
  inputs.current = Month(2024, 7, {{"a", 100}, {"b", 20, 5}});
  inputs.previous = {Month(2024, 6, {{"a", 10}, {"b", 20, 5}})};
  sgs::v1::SpotCheckFinding finding;
  finding.set_unit_code("a");
  inputs.findings.push_back(finding);
  const auto all = Compute(inputs);
  std::vector<sgs::v1::EscalationAction> actions;
  for (const auto& e : all) actions.push_back(e.action());
  EXPECT_EQ(actions,
            (std::vector<sgs::v1::EscalationAction>{
                sgs::v1::INTERVIEW_DISTRICT_HEAD, sgs::v1::INTERVIEW_UNIT_HEAD,
                sgs::v1::EXPLANATION_AND_RECTIFICATION,
                sgs::v1::NAMED_IN_BULLETIN, sgs::v1::COMMENDED}));
}

TEST(EscalationsTest, RejectsUnusablePolicies) {
  EscalationPolicy policy = BulletinPolicy();
  EXPECT_TRUE(ValidateEscalationPolicy(policy).ok());
  policy.set_consecutive_periods_for_interview(0);
  EXPECT_FALSE(ValidateEscalationPolicy(policy).ok());
  policy = BulletinPolicy();
  policy.set_late_rate_threshold_percent(120);
  EXPECT_FALSE(ValidateEscalationPolicy(policy).ok());
  policy = BulletinPolicy();
  policy.set_named_below_pass_rate_percent(0);
  EXPECT_FALSE(ValidateEscalationPolicy(policy).ok());
  policy = BulletinPolicy();
  policy.set_commendation_min_records(-1);
  EXPECT_FALSE(ValidateEscalationPolicy(policy).ok());
  EXPECT_FALSE(ComputeEscalations(EscalationInputs(), policy).ok());
  EXPECT_EQ(PreviousPeriodsNeeded(BulletinPolicy()), 1);
}

}  // namespace
}  // namespace sgs::stats
