// The wording of the escalation rules (EscalationRuleTexts in
// config/policy.textproto): checks the texts when the policy is loaded and
// fills their placeholders when an escalation is built
// (stats_service/escalations.cc). The texts are configuration, so a district
// whose bulletin words a rule differently changes the file, not the code.
//
// Each text allows only the placeholders its proto comment names; an empty
// text, an unknown placeholder or a stray brace is kInvalidArgument naming
// the field (escalation.rule_texts.<field>), so a typo stops the start, not a
// published list.
#ifndef SGS_STATS_SERVICE_ESCALATION_TEXTS_H_
#define SGS_STATS_SERVICE_ESCALATION_TEXTS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "sgs/config/v1/config.pb.h"

namespace sgs::stats {

absl::Status ValidateEscalationRuleTexts(
    const sgs::config::v1::EscalationRuleTexts& texts);

// A placeholder's name (without braces) and its value.
using RuleTextValues = std::vector<std::pair<absl::string_view, std::string>>;

// `text` with every {name} of `values` replaced; a validated text has no
// other braces.
std::string FillRuleText(absl::string_view text, const RuleTextValues& values);

// 20 → "20%", 12.5 → "12.5%": how the rule texts quote a percentage.
std::string PercentText(double value);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_ESCALATION_TEXTS_H_
