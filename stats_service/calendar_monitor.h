// Watches how long the working-day calendar in force still lasts. Updated
// at start and by the stats server's background thread (which also
// reloads the calendar file); within `warn_days` of the last covered day it
// logs a warning at start and once a day after, and hands reports the
// notice that next year's calendar must be added. Metrics:
//   sgs_calendar_last_year_covered, sgs_calendar_days_left,
//   sgs_calendar_warning (1 while warning).
#ifndef SGS_STATS_SERVICE_CALENDAR_MONITOR_H_
#define SGS_STATS_SERVICE_CALENDAR_MONITOR_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar.h"
#include "common/calendar_coverage.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace sgs::stats {

class CalendarMonitor {
 public:
  CalendarMonitor(int warn_days, prometheus::Registry& registry);

  // Recomputes the coverage of `calendar` on `today`; logs the warning
  // when due (first update, or a new day).
  void Update(const WorkingCalendar& calendar, absl::CivilDay today);
  CalendarCoverage coverage() const;
  // The notice for reports ("" while the calendar lasts long enough).
  std::string notice() const;

 private:
  const int warn_days_;
  prometheus::Gauge& last_year_;
  prometheus::Gauge& days_left_;
  prometheus::Gauge& warning_;
  mutable absl::Mutex mutex_;
  CalendarCoverage coverage_ ABSL_GUARDED_BY(mutex_);
  bool updated_ ABSL_GUARDED_BY(mutex_) = false;
  absl::CivilDay last_logged_ ABSL_GUARDED_BY(mutex_);
};

// Today's date in China (UTC+8, no daylight saving), where deadlines run.
absl::CivilDay TodayInChina(absl::Time now);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_CALENDAR_MONITOR_H_
