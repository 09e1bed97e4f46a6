#include "stats_service/escalation_texts.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::EscalationRuleTexts;

// One text, its field name and the placeholders it may use.
absl::Status CheckText(const std::string& text, absl::string_view field,
                       const std::set<std::string>& allowed) {
  const std::string name = absl::StrCat("escalation.rule_texts.", field);
  if (text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("规则文字未设置: ", name, " (required)"));
  }
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find_first_of("{}", at);
    if (open == std::string::npos) break;
    const size_t close =
        text[open] == '{' ? text.find('}', open) : std::string::npos;
    const std::string placeholder =
        close == std::string::npos ? ""
                                   : text.substr(open + 1, close - open - 1);
    if (close == std::string::npos || absl::StrContains(placeholder, "{") ||
        allowed.count(placeholder) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "规则文字含未知占位符或多余的花括号: ", name, " = \"", text,
          "\" (allowed: ",
          allowed.empty()
              ? "none"
              : absl::StrCat("{", absl::StrJoin(allowed, "} {"), "}"),
          ")"));
    }
    at = close + 1;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateEscalationRuleTexts(const EscalationRuleTexts& texts) {
  const struct {
    const std::string& text;
    absl::string_view field;
    std::set<std::string> allowed;
  } checks[] = {
      {texts.late_rate_above_threshold(),
       "late_rate_above_threshold",
       {"late_rate_threshold"}},
      {texts.concealment(), "concealment", {}},
      {texts.valid_objection(), "valid_objection", {}},
      {texts.explanation_and_rectification(),
       "explanation_and_rectification",
       {}},
      {texts.sustained_trigger(),
       "sustained_trigger",
       {"consecutive_periods", "period_unit", "trigger"}},
      {texts.interview_unit_head(), "interview_unit_head", {}},
      {texts.interview_district_head(), "interview_district_head", {}},
      {texts.named_in_bulletin(),
       "named_in_bulletin",
       {"named_below_pass_rate"}},
      {texts.commended(), "commended", {"commendation_min_records"}},
  };
  for (const auto& check : checks) {
    if (absl::Status status = CheckText(check.text, check.field, check.allowed);
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

std::string FillRuleText(absl::string_view text, const RuleTextValues& values) {
  std::vector<std::pair<std::string, absl::string_view>> replacements;
  replacements.reserve(values.size());
  for (const auto& [name, value] : values) {
    replacements.emplace_back(absl::StrCat("{", name, "}"), value);
  }
  return absl::StrReplaceAll(text, replacements);
}

std::string PercentText(double value) {
  return absl::StrCat(absl::StrFormat("%g", value), "%");
}

}  // namespace sgs::stats
