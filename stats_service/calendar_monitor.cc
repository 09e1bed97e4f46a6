#include "stats_service/calendar_monitor.h"

#include "common/logging.h"

namespace sgs::stats {

CalendarMonitor::CalendarMonitor(int warn_days, prometheus::Registry& registry)
    : warn_days_(warn_days),
      last_year_(prometheus::BuildGauge()
                     .Name("sgs_calendar_last_year_covered")
                     .Help("The last year the working-day calendar covers.")
                     .Register(registry)
                     .Add({})),
      days_left_(prometheus::BuildGauge()
                     .Name("sgs_calendar_days_left")
                     .Help("Days until the calendar's last covered day "
                           "(negative once past).")
                     .Register(registry)
                     .Add({})),
      warning_(prometheus::BuildGauge()
                   .Name("sgs_calendar_warning")
                   .Help("1 while the calendar ends within "
                         "--calendar_warn_days.")
                   .Register(registry)
                   .Add({})) {}

void CalendarMonitor::Update(const WorkingCalendar& calendar,
                             absl::CivilDay today) {
  const CalendarCoverage coverage =
      ComputeCalendarCoverage(calendar, today, warn_days_);
  last_year_.Set(coverage.last_year);
  days_left_.Set(coverage.days_left);
  warning_.Set(coverage.warn ? 1 : 0);
  absl::MutexLock lock(&mutex_);
  const bool log_due = !updated_ || last_logged_ != today;
  coverage_ = coverage;
  updated_ = true;
  if (coverage.warn && log_due) {
    last_logged_ = today;
    LogEvent(LogLevel::kWarning, "stats_service", "calendar_expiring",
             LogFields()
                 .Add("last_year_covered", coverage.last_year)
                 .Add("days_left", coverage.days_left)
                 .Add("warn_days", warn_days_)
                 .Add("message", coverage.notice));
  }
}

CalendarCoverage CalendarMonitor::coverage() const {
  absl::MutexLock lock(&mutex_);
  return coverage_;
}

std::string CalendarMonitor::notice() const {
  absl::MutexLock lock(&mutex_);
  return coverage_.notice;
}

absl::CivilDay TodayInChina(absl::Time now) {
  return absl::ToCivilDay(now, absl::FixedTimeZone(8 * 60 * 60));
}

}  // namespace sgs::stats
