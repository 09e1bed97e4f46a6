// The escalation rules' wording is configuration (EscalationRuleTexts in
// config/policy.textproto): the shipped texts give the July 2024 bulletin's
// words exactly, a text changed in the policy file is what ListEscalations
// answers (real ingest and stats servers), and a text the rules cannot use
// stops the configuration from loading.
#include "stats_service/escalation_texts.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "common/config_loader.h"
#include "gtest/gtest.h"
#include "stats_service/escalations.h"
#include "stats_service/period.h"
#include "stats_service/stats_service_impl.h"
#include "tests/stats_service/stats_env.h"

namespace sgs::testing {
namespace {

using ::sgs::stats::MonthPeriod;
using ::sgs::v1::Escalation;

std::string ShippedPolicyText() {
  std::ifstream in(SourcePath("config/policy.textproto"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

sgs::config::v1::EscalationPolicy ShippedEscalationPolicy() {
  sgs::config::v1::PolicyFile policy;
  EXPECT_TRUE(
      LoadTextProtoFile(SourcePath("config/policy.textproto"), &policy).ok());
  return policy.escalation();
}

// The one escalation of `unit` with `action`; an empty one if none.
Escalation Find(const std::vector<Escalation>& escalations,
                const std::string& unit, sgs::v1::EscalationAction action) {
  for (const Escalation& e : escalations) {
    if (e.unit_code() == unit && e.action() == action) return e;
  }
  ADD_FAILURE() << "no " << action << " for " << unit;
  return Escalation();
}

// Writes `policy` into `dir` and returns its path.
std::string WritePolicy(const TempDir& dir, const std::string& policy) {
  const std::string path = dir.path() + "/policy.textproto";
  std::ofstream out(path);
  out << policy;
  return path;
}

TEST(EscalationTextsTest, ShippedTextsGiveTheBulletinsWording) {
  StatsEnv env;
  env.Backfill(TwoMonthEscalationRecords());
  const std::vector<Escalation> july = env.Escalations(MonthPeriod(2024, 7));
  EXPECT_EQ(Find(july, "yd-lyj", sgs::v1::EXPLANATION_AND_RECTIFICATION).rule(),
            "迟报率高于20%，须以正式文件形式报送情况说明和整改方案");
  EXPECT_EQ(Find(july, "yd-lyj", sgs::v1::INTERVIEW_UNIT_HEAD).rule(),
            "连续2个月迟报率高于20%，由区政府领导约谈单位“一把手”");
  EXPECT_EQ(Find(july, "yd-yjj", sgs::v1::EXPLANATION_AND_RECTIFICATION).rule(),
            "存在瞒报问题，须以正式文件形式报送情况说明和整改方案");
  EXPECT_EQ(Find(july, "yd-slj", sgs::v1::NAMED_IN_BULLETIN).rule(),
            "数据报送合格率未达到100%");

  // The district item and the commendation, from the policy alone.
  stats::EscalationInputs inputs;
  inputs.district_name = "殷都区";
  sgs::v1::UnitStats full;
  full.set_unit_code("a");
  full.mutable_all()->set_total_count(60);
  full.mutable_all()->set_qualified_count(60);
  *inputs.current.report.add_departments() = full;
  inputs.findings.emplace_back().set_unit_code("a");
  auto computed = stats::ComputeEscalations(inputs, ShippedEscalationPolicy());
  ASSERT_TRUE(computed.ok()) << computed.status();
  ASSERT_EQ(computed->size(), 2u);
  EXPECT_EQ((*computed)[0].rule(),
            "国家和省抽查发现应报未报、漏报数据，市领导约谈区政府主要负责人");
  EXPECT_EQ((*computed)[1].rule(), "合格率为100%且报送数据不少于50条");
}

TEST(EscalationTextsTest, ATextChangedInThePolicyIsWhatListEscalationsSays) {
  TempDir dir;
  const std::string policy = absl::StrReplaceAll(
      ShippedPolicyText(),
      {{"\"须以正式文件形式报送情况说明和整改方案\"",
        "\"须于5个工作日内书面报送整改方案\""},
       {"\"由区政府领导约谈单位“一把手”\"",
        "\"由区委组织部约谈单位主要负责人\""},
       {"\"连续{consecutive_periods}{period_unit}{trigger}\"",
        "\"{trigger}已持续{consecutive_periods}{period_unit}\""}});
  ASSERT_NE(policy, ShippedPolicyText());
  RegionFiles region;
  region.policy_path = WritePolicy(dir, policy);
  StatsEnv env(region);
  env.Backfill(TwoMonthEscalationRecords());
  const std::vector<Escalation> july = env.Escalations(MonthPeriod(2024, 7));
  EXPECT_EQ(Find(july, "yd-lyj", sgs::v1::EXPLANATION_AND_RECTIFICATION).rule(),
            "迟报率高于20%，须于5个工作日内书面报送整改方案");
  EXPECT_EQ(Find(july, "yd-lyj", sgs::v1::INTERVIEW_UNIT_HEAD).rule(),
            "迟报率高于20%已持续2个月，由区委组织部约谈单位主要负责人");
}

TEST(EscalationTextsTest, TextsTheRulesCannotUseAreRefused) {
  const sgs::config::v1::EscalationRuleTexts shipped =
      ShippedEscalationPolicy().rule_texts();
  EXPECT_TRUE(stats::ValidateEscalationRuleTexts(shipped).ok());

  sgs::config::v1::EscalationRuleTexts texts = shipped;
  texts.clear_interview_district_head();
  absl::Status status = stats::ValidateEscalationRuleTexts(texts);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(
      status.message(), "escalation.rule_texts.interview_district_head"))
      << status;

  // A placeholder another text has, but this one does not.
  texts = shipped;
  texts.set_named_in_bulletin("合格率未达到{late_rate_threshold}");
  status = stats::ValidateEscalationRuleTexts(texts);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(status.message(), "named_in_bulletin"))
      << status;

  for (const char* stray : {"迟报率高于{late_rate_threshold", "迟报率}高于",
                            "迟报率高于{{late_rate_threshold}}"}) {
    texts = shipped;
    texts.set_late_rate_above_threshold(stray);
    EXPECT_FALSE(stats::ValidateEscalationRuleTexts(texts).ok()) << stray;
  }

  // The stats service's configuration does not load with such a text.
  TempDir dir;
  const std::string policy = absl::StrReplaceAll(
      ShippedPolicyText(),
      {{"{commendation_min_records}", "{commendation_minimum}"}});
  auto config = stats::StatsConfig::Load(
      SourcePath("config/registry.textproto"),
      SourcePath("config/calendar.textproto"), WritePolicy(dir, policy), "");
  ASSERT_FALSE(config.ok());
  EXPECT_TRUE(absl::StrContains(config.status().message(),
                                "escalation.rule_texts.commended"))
      << config.status();
}

}  // namespace
}  // namespace sgs::testing
