#include "common/timeliness.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"

namespace sgs {
namespace {

using ::sgs::config::v1::DayKind;
using ::sgs::config::v1::TimelinessPolicy;

bool IsKnownKind(DayKind kind) {
  return kind == sgs::config::v1::WORKING_DAYS ||
         kind == sgs::config::v1::CALENDAR_DAYS;
}

}  // namespace

absl::StatusOr<TimelinessClassifier> TimelinessClassifier::Create(
    const TimelinessPolicy& policy, const WorkingCalendar* calendar) {
  if (policy.on_time_limit() <= 0 || policy.missed_limit() <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "时效规则的期限应为正数: on_time_limit=", policy.on_time_limit(),
        ", missed_limit=", policy.missed_limit(),
        " (timeliness limits must be positive)"));
  }
  if (!IsKnownKind(policy.on_time_day_kind()) ||
      !IsKnownKind(policy.missed_day_kind())) {
    return absl::InvalidArgumentError(
        "时效规则须指定按工作日还是自然日计算 (timeliness: on_time_day_kind "
        "and "
        "missed_day_kind must be WORKING_DAYS or CALENDAR_DAYS)");
  }
  const bool needs_calendar =
      policy.on_time_day_kind() == sgs::config::v1::WORKING_DAYS ||
      policy.missed_day_kind() == sgs::config::v1::WORKING_DAYS;
  if (needs_calendar && calendar == nullptr) {
    return absl::InvalidArgumentError(
        "按工作日计算时效需要工作日历 (timeliness: working days need a "
        "calendar)");
  }
  // N working days span at least N calendar days, so on_time_limit >
  // missed_limit always puts the on-time deadline after the missed limit
  // when both count the same kind of day or on-time counts working days.
  // (Calendar-day on-time against a working-day missed limit is held to the
  // same rule for simplicity.) What cannot be ruled out in advance is N
  // working days stretching past M >= N calendar days across a long
  // holiday; that is settled per decision, missed taking precedence (see
  // ComputeDeadlines).
  if (policy.on_time_limit() > policy.missed_limit()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "按时报送期限 (", policy.on_time_limit(), ") 不应超过漏报期限 (",
        policy.missed_limit(),
        ") (timeliness: the on-time limit ends after the missed limit)"));
  }
  return TimelinessClassifier(policy, calendar);
}

TimelinessPolicy TimelinessClassifier::DefaultPolicy() {
  // The bulletin's rule (殷信用办〔2024〕14号); deployments override it in
  // config/policy.textproto.
  TimelinessPolicy policy;
  policy.set_on_time_limit(5);
  policy.set_on_time_day_kind(sgs::config::v1::WORKING_DAYS);
  policy.set_missed_limit(30);
  policy.set_missed_day_kind(sgs::config::v1::CALENDAR_DAYS);
  return policy;
}

absl::StatusOr<absl::CivilDay> TimelinessClassifier::AddDays(
    absl::CivilDay day, int n, DayKind kind) const {
  if (kind == sgs::config::v1::CALENDAR_DAYS) return day + n;
  return calendar_->AddWorkingDays(day, n);
}

absl::StatusOr<Deadlines> TimelinessClassifier::ComputeDeadlines(
    absl::CivilDay decision) const {
  absl::StatusOr<absl::CivilDay> last_on_time =
      AddDays(decision, policy_.on_time_limit(), policy_.on_time_day_kind());
  if (!last_on_time.ok()) return last_on_time.status();
  absl::StatusOr<absl::CivilDay> last_not_missed =
      AddDays(decision, policy_.missed_limit(), policy_.missed_day_kind());
  if (!last_not_missed.ok()) return last_not_missed.status();

  Deadlines deadlines;
  // "Beyond N days" means any calendar day after the N-th counted day, just
  // as a record received on the Saturday after a Friday deadline is late.
  deadlines.first_missed_day = *last_not_missed + 1;
  deadlines.last_on_time_day = *last_on_time;
  if (deadlines.last_on_time_day >= deadlines.first_missed_day) {
    deadlines.last_on_time_day = deadlines.first_missed_day - 1;
  }
  return deadlines;
}

absl::StatusOr<Timeliness> TimelinessClassifier::Classify(
    absl::CivilDay decision, absl::CivilDay receipt) const {
  if (receipt < decision) {
    return absl::InvalidArgumentError(absl::StrCat(
        "报送日期 ", FormatDate(receipt), " 早于决定日期 ",
        FormatDate(decision), " (receipt date is before the decision date)"));
  }
  // Whether `receipt` lies after the n-th day (of `kind`) after the
  // decision. For working days: receipt > D_n exactly when the days strictly
  // between decision and receipt already hold n working days. Counting only
  // those days means a record received on 31 December is classified even
  // when the next year's calendar is not yet published, as long as the
  // answer does not depend on it.
  auto exceeds = [&](int n, DayKind kind) -> absl::StatusOr<bool> {
    if (kind == sgs::config::v1::CALENDAR_DAYS) return receipt - decision > n;
    int counted = 0;
    for (absl::CivilDay day = decision + 1; day < receipt; ++day) {
      absl::StatusOr<bool> working = calendar_->IsWorkingDay(day);
      if (!working.ok()) return working.status();
      if (*working && ++counted >= n) return true;
    }
    return false;
  };

  absl::StatusOr<bool> missed =
      exceeds(policy_.missed_limit(), policy_.missed_day_kind());
  if (!missed.ok()) return missed.status();
  if (*missed) return Timeliness::kMissed;
  absl::StatusOr<bool> late =
      exceeds(policy_.on_time_limit(), policy_.on_time_day_kind());
  if (!late.ok()) return late.status();
  return *late ? Timeliness::kLate : Timeliness::kOnTime;
}

}  // namespace sgs
