#include "stats_service/escalations.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stats_service/escalation_texts.h"
#include "stats_service/rates.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::EscalationPolicy;
using ::sgs::v1::Escalation;
using ::sgs::v1::EscalationTrigger;
using ::sgs::v1::UnitStats;

std::string PeriodWord(const ResolvedPeriod& period) {
  switch (period.period.type()) {
    case sgs::v1::Period::MONTH:
      return "个月";
    case sgs::v1::Period::QUARTER:
      return "个季度";
    case sgs::v1::Period::YEAR:
      return "年";
    default:
      return "个统计周期";
  }
}

// The rule texts are policy.rule_texts (config/policy.textproto).
std::string TriggerRule(EscalationTrigger trigger,
                        const EscalationPolicy& policy) {
  switch (trigger) {
    case sgs::v1::LATE_RATE_ABOVE_THRESHOLD:
      return FillRuleText(
          policy.rule_texts().late_rate_above_threshold(),
          {{"late_rate_threshold",
            PercentText(policy.late_rate_threshold_percent())}});
    case sgs::v1::CONCEALMENT:
      return policy.rule_texts().concealment();
    case sgs::v1::VALID_OBJECTION:
      return policy.rule_texts().valid_objection();
    default:
      return "";
  }
}

std::string TriggerFigures(EscalationTrigger trigger, const UnitStats& stats) {
  switch (trigger) {
    case sgs::v1::LATE_RATE_ABOVE_THRESHOLD:
      return absl::StrCat("迟报率 ", stats.all().late_rate().percent(),
                          "（迟报 ", stats.all().late_count(), " 条/共 ",
                          stats.all().total_count(), " 条）");
    case sgs::v1::CONCEALMENT: {
      std::vector<std::string> parts;
      if (stats.confirmed_concealment_count() > 0) {
        parts.push_back(absl::StrCat("国家和省抽查确认瞒报 ",
                                     stats.confirmed_concealment_count(),
                                     " 条"));
      }
      if (stats.concealment_risk_count() > 0) {
        parts.push_back(
            absl::StrCat("瞒报风险记录 ", stats.concealment_risk_count(),
                         " 条（公开范围非社会公开且未提供法律依据）"));
      }
      return absl::StrJoin(parts, "，");
    }
    case sgs::v1::VALID_OBJECTION:
      return absl::StrCat("有效异议 ", stats.valid_objection_count(), " 件");
    default:
      return "";
  }
}

// The body text of the bulletin for a unit: "报送双公示数据25条，迟报数据1条，
// 漏报数据3条，双公示迟报率为4.00%，漏报率为12.00%，合格率84.00%".
std::string TimelinessFigures(const UnitStats& stats) {
  const sgs::v1::TimelinessCounts& all = stats.all();
  std::vector<std::string> parts;
  parts.push_back(absl::StrCat("报送双公示数据", all.total_count(), "条"));
  if (all.late_count() > 0) {
    parts.push_back(absl::StrCat("迟报数据", all.late_count(), "条"));
  }
  if (all.missed_count() > 0) {
    parts.push_back(absl::StrCat("漏报数据", all.missed_count(), "条"));
  }
  if (all.late_count() > 0) {
    parts.push_back(absl::StrCat("双公示迟报率为", all.late_rate().percent()));
  }
  if (all.missed_count() > 0) {
    parts.push_back(absl::StrCat("漏报率为", all.missed_rate().percent()));
  }
  parts.push_back(absl::StrCat("合格率", all.pass_rate().percent()));
  return absl::StrJoin(parts, "，");
}

Escalation NewEscalation(const UnitStats& stats,
                         sgs::v1::EscalationAction action) {
  Escalation escalation;
  escalation.set_unit_code(stats.unit_code());
  escalation.set_unit_name(stats.unit_name());
  escalation.set_action(action);
  *escalation.mutable_stats() = stats;
  return escalation;
}

// Every unit of a report in table order.
std::vector<const UnitStats*> UnitsInOrder(
    const sgs::v1::PeriodReport& report) {
  std::vector<const UnitStats*> units;
  for (const UnitStats& stats : report.departments()) units.push_back(&stats);
  for (const UnitStats& stats : report.townships()) units.push_back(&stats);
  return units;
}

std::map<std::string, const UnitStats*> UnitsByCode(
    const sgs::v1::PeriodReport& report) {
  std::map<std::string, const UnitStats*> by_code;
  for (const UnitStats* stats : UnitsInOrder(report)) {
    by_code[stats->unit_code()] = stats;
  }
  return by_code;
}

bool HasTrigger(const std::vector<EscalationTrigger>& triggers,
                EscalationTrigger trigger) {
  for (EscalationTrigger t : triggers) {
    if (t == trigger) return true;
  }
  return false;
}

}  // namespace

absl::Status ValidateEscalationPolicy(const EscalationPolicy& policy) {
  if (policy.consecutive_periods_for_interview() < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "约谈所需连续周期数应至少为1: ",
        policy.consecutive_periods_for_interview(),
        " (escalation.consecutive_periods_for_interview must be >= 1)"));
  }
  if (!(policy.late_rate_threshold_percent() >= 0 &&
        policy.late_rate_threshold_percent() <= 100)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "迟报率阈值应在0至100之间: ", policy.late_rate_threshold_percent(),
        " (escalation.late_rate_threshold_percent must be 0..100)"));
  }
  if (!(policy.named_below_pass_rate_percent() > 0 &&
        policy.named_below_pass_rate_percent() <= 100)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "点名合格率阈值应大于0且不超过100: ",
        policy.named_below_pass_rate_percent(),
        " (escalation.named_below_pass_rate_percent must be in (0, 100])"));
  }
  if (policy.commendation_min_records() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "表扬所需最少数据量不能为负: ", policy.commendation_min_records(),
        " (escalation.commendation_min_records must be >= 0)"));
  }
  return ValidateEscalationRuleTexts(policy.rule_texts());
}

int PreviousPeriodsNeeded(const EscalationPolicy& policy) {
  return policy.consecutive_periods_for_interview() > 1
             ? policy.consecutive_periods_for_interview() - 1
             : 0;
}

std::vector<EscalationTrigger> RectificationTriggers(
    const UnitStats& stats, const EscalationPolicy& policy) {
  std::vector<EscalationTrigger> triggers;
  const sgs::v1::TimelinessCounts& all = stats.all();
  if (all.total_count() > 0 &&
      CompareRateToPercent(all.late_count(), all.total_count(),
                           policy.late_rate_threshold_percent()) > 0) {
    triggers.push_back(sgs::v1::LATE_RATE_ABOVE_THRESHOLD);
  }
  if (stats.confirmed_concealment_count() > 0 ||
      stats.concealment_risk_count() > 0) {
    triggers.push_back(sgs::v1::CONCEALMENT);
  }
  if (stats.valid_objection_count() > 0) {
    triggers.push_back(sgs::v1::VALID_OBJECTION);
  }
  return triggers;
}

absl::StatusOr<std::vector<Escalation>> ComputeEscalations(
    const EscalationInputs& inputs, const EscalationPolicy& policy) {
  if (absl::Status status = ValidateEscalationPolicy(policy); !status.ok()) {
    return status;
  }
  const sgs::v1::PeriodReport& report = inputs.current.report;
  const std::vector<const UnitStats*> units = UnitsInOrder(report);

  std::vector<Escalation> district_items;
  std::vector<Escalation> interviews;
  std::vector<Escalation> explanations;
  std::vector<Escalation> named;
  std::vector<Escalation> commended;

  // 市领导约谈区政府主要负责人: one item for all findings of the period.
  if (!inputs.findings.empty()) {
    int national = 0;
    int provincial = 0;
    int other_source = 0;
    std::vector<std::string> unit_order;
    std::map<std::string, int> per_unit;
    for (const sgs::v1::SpotCheckFinding& finding : inputs.findings) {
      if (finding.source() == sgs::v1::NATIONAL) {
        ++national;
      } else if (finding.source() == sgs::v1::PROVINCIAL) {
        ++provincial;
      } else {
        ++other_source;
      }
      if (per_unit[finding.unit_code()]++ == 0) {
        unit_order.push_back(finding.unit_code());
      }
    }
    const std::map<std::string, const UnitStats*> by_code = UnitsByCode(report);
    std::vector<std::string> sources;
    if (national > 0) {
      sources.push_back(absl::StrCat("国家抽查发现 ", national, " 条"));
    }
    if (provincial > 0) {
      sources.push_back(absl::StrCat("省级抽查发现 ", provincial, " 条"));
    }
    if (other_source > 0) {
      sources.push_back(absl::StrCat("其他抽查发现 ", other_source, " 条"));
    }
    std::vector<std::string> unit_parts;
    for (const std::string& code : unit_order) {
      auto it = by_code.find(code);
      const std::string name =
          it == by_code.end() ? code : it->second->unit_name();
      unit_parts.push_back(absl::StrCat(name, " ", per_unit[code], " 条"));
    }
    Escalation item = NewEscalation(report.district_total(),
                                    sgs::v1::INTERVIEW_DISTRICT_HEAD);
    item.set_unit_code("");
    item.set_unit_name(inputs.district_name);
    item.add_triggers(sgs::v1::SPOT_CHECK_FINDING);
    item.set_rule(policy.rule_texts().interview_district_head());
    item.set_figures(absl::StrCat(absl::StrJoin(sources, "、"), "：",
                                  absl::StrJoin(unit_parts, "、")));
    district_items.push_back(std::move(item));
  }

  // The previous periods' unit figures, most recent first.
  const int needed = PreviousPeriodsNeeded(policy);
  std::vector<std::map<std::string, const UnitStats*>> previous_units;
  for (int i = 0; i < needed && i < static_cast<int>(inputs.previous.size());
       ++i) {
    previous_units.push_back(UnitsByCode(inputs.previous[i].report));
  }
  const bool can_interview = static_cast<int>(previous_units.size()) == needed;

  for (const UnitStats* stats : units) {
    const std::vector<EscalationTrigger> triggers =
        RectificationTriggers(*stats, policy);
    if (!triggers.empty()) {
      Escalation explanation =
          NewEscalation(*stats, sgs::v1::EXPLANATION_AND_RECTIFICATION);
      std::vector<std::string> rules;
      std::vector<std::string> figures;
      for (EscalationTrigger trigger : triggers) {
        explanation.add_triggers(trigger);
        rules.push_back(TriggerRule(trigger, policy));
        figures.push_back(TriggerFigures(trigger, *stats));
      }
      explanation.set_rule(
          absl::StrCat(absl::StrJoin(rules, "；"), "，",
                       policy.rule_texts().explanation_and_rectification()));
      explanation.set_figures(absl::StrJoin(figures, "；"));
      explanations.push_back(std::move(explanation));

      if (can_interview) {
        // A trigger is sustained when it also fired in each of the
        // previous periods looked at.
        std::vector<EscalationTrigger> sustained;
        std::vector<std::vector<EscalationTrigger>> history;  // Oldest first.
        for (int i = needed - 1; i >= 0; --i) {
          auto it = previous_units[i].find(stats->unit_code());
          history.push_back(it == previous_units[i].end()
                                ? std::vector<EscalationTrigger>{}
                                : RectificationTriggers(*it->second, policy));
        }
        for (EscalationTrigger trigger : triggers) {
          bool every_period = true;
          for (const auto& past : history) {
            every_period = every_period && HasTrigger(past, trigger);
          }
          if (every_period) sustained.push_back(trigger);
        }
        if (!sustained.empty()) {
          Escalation interview =
              NewEscalation(*stats, sgs::v1::INTERVIEW_UNIT_HEAD);
          std::vector<std::string> interview_rules;
          for (EscalationTrigger trigger : sustained) {
            interview.add_triggers(trigger);
            interview_rules.push_back(FillRuleText(
                policy.rule_texts().sustained_trigger(),
                {{"consecutive_periods",
                  absl::StrCat(policy.consecutive_periods_for_interview())},
                 {"period_unit", PeriodWord(inputs.current.period)},
                 {"trigger", TriggerRule(trigger, policy)}}));
          }
          interview.set_rule(
              absl::StrCat(absl::StrJoin(interview_rules, "；"), "，",
                           policy.rule_texts().interview_unit_head()));
          std::vector<std::string> period_figures;
          for (int i = needed - 1; i >= -1; --i) {
            const PeriodFigures& figures_of =
                i < 0 ? inputs.current : inputs.previous[i];
            const UnitStats* period_stats =
                i < 0 ? stats : previous_units[i].at(stats->unit_code());
            interview.add_consecutive_periods(figures_of.period.key);
            std::vector<std::string> parts;
            parts.reserve(sustained.size());
            for (EscalationTrigger trigger : sustained) {
              parts.push_back(TriggerFigures(trigger, *period_stats));
            }
            period_figures.push_back(absl::StrCat(figures_of.period.label, "：",
                                                  absl::StrJoin(parts, "，")));
          }
          interview.set_figures(absl::StrJoin(period_figures, "；"));
          interviews.push_back(std::move(interview));
        }
      }
    }

    const sgs::v1::TimelinessCounts& all = stats->all();
    if (all.total_count() > 0 &&
        CompareRateToPercent(all.qualified_count(), all.total_count(),
                             policy.named_below_pass_rate_percent()) < 0) {
      Escalation entry = NewEscalation(*stats, sgs::v1::NAMED_IN_BULLETIN);
      entry.add_triggers(sgs::v1::PASS_RATE_BELOW_TARGET);
      entry.set_rule(FillRuleText(
          policy.rule_texts().named_in_bulletin(),
          {{"named_below_pass_rate",
            PercentText(policy.named_below_pass_rate_percent())}}));
      entry.set_figures(TimelinessFigures(*stats));
      named.push_back(std::move(entry));
    }
    const int64_t min_records =
        std::max<int64_t>(1, policy.commendation_min_records());
    if (all.total_count() >= min_records &&
        all.qualified_count() == all.total_count()) {
      Escalation entry = NewEscalation(*stats, sgs::v1::COMMENDED);
      entry.add_triggers(sgs::v1::FULL_PASS_WITH_VOLUME);
      entry.set_rule(FillRuleText(
          policy.rule_texts().commended(),
          {{"commendation_min_records", absl::StrCat(min_records)}}));
      entry.set_figures(TimelinessFigures(*stats));
      commended.push_back(std::move(entry));
    }
  }

  std::vector<Escalation> all_items;
  for (auto* list :
       {&district_items, &interviews, &explanations, &named, &commended}) {
    for (Escalation& item : *list) all_items.push_back(std::move(item));
  }
  return all_items;
}

}  // namespace sgs::stats
