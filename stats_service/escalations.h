// Escalation lists (通报、约谈名单) for a period, from the period's figures,
// the figures of the periods before it and the spot-check findings, with
// every threshold from config/policy.textproto (EscalationPolicy). The
// rules (docs/domain.md §2.7, the July 2024 bulletin's 下一步工作要求):
//   - late rate above late_rate_threshold_percent, any concealment (a
//     confirmed spot-check finding or a concealment-risk record) or any
//     valid objection → EXPLANATION_AND_RECTIFICATION (情况说明和整改方案);
//   - the same trigger in consecutive_periods_for_interview consecutive
//     periods ending with this one → INTERVIEW_UNIT_HEAD (约谈“一把手”);
//   - any national or provincial spot-check finding in the period →
//     INTERVIEW_DISTRICT_HEAD (约谈区政府主要负责人), one district-level
//     item with an empty unit_code;
//   - a unit with records and a pass rate below
//     named_below_pass_rate_percent → NAMED_IN_BULLETIN (通报点名);
//   - a unit at 100% with at least commendation_min_records records →
//     COMMENDED (通报表扬).
// Rules and figures are texts in Chinese; each rule's wording is the
// policy's rule_texts (stats_service/escalation_texts.h), which
// ValidateEscalationPolicy requires. Output order: the district item,
// interviews, explanations, named units, commended units; units within each
// in the order of the bulletin's tables (departments, then townships).
#ifndef SGS_STATS_SERVICE_ESCALATIONS_H_
#define SGS_STATS_SERVICE_ESCALATIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "sgs/config/v1/config.pb.h"
#include "sgs/v1/ingest_service.pb.h"
#include "sgs/v1/stats_service.pb.h"
#include "stats_service/period.h"

namespace sgs::stats {

struct PeriodFigures {
  ResolvedPeriod period;
  sgs::v1::PeriodReport report;
};

struct EscalationInputs {
  PeriodFigures current;
  // The periods before `current`, most recent first; the interview rule
  // looks at consecutive_periods_for_interview - 1 of them (fewer given =
  // fewer looked at).
  std::vector<PeriodFigures> previous;
  // Spot-check findings of the current period.
  std::vector<sgs::v1::SpotCheckFinding> findings;
  // "殷都区": names the district-level item.
  std::string district_name;
};

// kInvalidArgument for a policy the rules cannot use: consecutive periods
// below 1, percentages outside 0..100 (named_below must be above 0),
// negative commendation minimum, a missing rule text or one with an unknown
// placeholder.
absl::Status ValidateEscalationPolicy(
    const sgs::config::v1::EscalationPolicy& policy);

// The triggers of the explanation-and-rectification rule for one unit's
// figures, in enum order.
std::vector<sgs::v1::EscalationTrigger> RectificationTriggers(
    const sgs::v1::UnitStats& stats,
    const sgs::config::v1::EscalationPolicy& policy);

// How many periods before `current` the interview rule needs.
int PreviousPeriodsNeeded(const sgs::config::v1::EscalationPolicy& policy);

absl::StatusOr<std::vector<sgs::v1::Escalation>> ComputeEscalations(
    const EscalationInputs& inputs,
    const sgs::config::v1::EscalationPolicy& policy);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_ESCALATIONS_H_
