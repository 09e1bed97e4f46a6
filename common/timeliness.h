// The timeliness policy (时效规则): whether a record was reported on time
// (合格), late (迟报) or so late it counts as missed (漏报), from its
// decision date and receipt date. Defaults are the bulletin's (5 working
// days on time; missed beyond 30 calendar days); both limits and their kind
// of day come from config/policy.textproto (national rule: 7 working days).
#ifndef SGS_COMMON_TIMELINESS_H_
#define SGS_COMMON_TIMELINESS_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/calendar.h"
#include "sgs/config/v1/config.pb.h"

namespace sgs {

enum class Timeliness { kOnTime, kLate, kMissed };

// For one decision date.
struct Deadlines {
  // 最后按时报送日: received on or before this day is on time.
  absl::CivilDay last_on_time_day;
  // 计为漏报之日: received on or after this day is missed.
  absl::CivilDay first_missed_day;
};

class TimelinessClassifier {
 public:
  // `calendar` must outlive the classifier. Rejects non-positive limits and
  // an on-time limit that ends after the missed limit.
  static absl::StatusOr<TimelinessClassifier> Create(
      const sgs::config::v1::TimelinessPolicy& policy,
      const WorkingCalendar* calendar);

  // The bulletin's defaults: 5 working days; missed beyond 30 calendar days.
  static sgs::config::v1::TimelinessPolicy DefaultPolicy();

  // Calendar-unknown error when a needed year is missing from the calendar.
  absl::StatusOr<Deadlines> ComputeDeadlines(absl::CivilDay decision) const;

  // receipt > last_on_time_day → late; receipt >= first_missed_day → missed.
  absl::StatusOr<Timeliness> Classify(absl::CivilDay decision,
                                      absl::CivilDay receipt) const;

  const sgs::config::v1::TimelinessPolicy& policy() const { return policy_; }

 private:
  TimelinessClassifier(const sgs::config::v1::TimelinessPolicy& policy,
                       const WorkingCalendar* calendar)
      : policy_(policy), calendar_(calendar) {}
  absl::StatusOr<absl::CivilDay> AddDays(absl::CivilDay day, int n,
                                         sgs::config::v1::DayKind kind) const;

  sgs::config::v1::TimelinessPolicy policy_;
  const WorkingCalendar* calendar_;
};

}  // namespace sgs

#endif  // SGS_COMMON_TIMELINESS_H_
