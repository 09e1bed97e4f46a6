// How long the working-day calendar still lasts, and whether a calendar
// file is fit to deploy. The State Council publishes next year's holiday
// notice in October or November; a service whose calendar ends within
// `warn_days` of today warns (log, metric, a notice in every report) so that
// the year is added before dates stop classifying.
#ifndef SGS_COMMON_CALENDAR_COVERAGE_H_
#define SGS_COMMON_CALENDAR_COVERAGE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/calendar.h"

namespace sgs {

struct CalendarCoverage {
  // The last year the calendar covers (0 when it covers none).
  int last_year = 0;
  // Days from today to the last covered day (31 December of last_year);
  // 0 on that day, negative once it has passed.
  int days_left = 0;
  // days_left <= warn_days.
  bool warn = false;
  // For officials: the notice carried in reports while `warn` ("" else).
  std::string notice;
};

CalendarCoverage ComputeCalendarCoverage(const WorkingCalendar& calendar,
                                         absl::CivilDay today, int warn_days);

struct CalendarCheckOptions {
  // Plausible working days in a year (China: 249-251 since 2008).
  int min_working_days = 240;
  int max_working_days = 255;
};

// One line per year for `sgs_admin check-calendar`: year, source, working
// days, holidays and 调休 counts.
struct CalendarYearSummary {
  int year = 0;
  std::string source;
  int working_days = 0;
  int holiday_dates = 0;
  int adjusted_working_days = 0;
};

// Validates a calendar file before it is deployed: it loads (dates parse,
// lie in their year, no date both holiday and 调休, 调休 on weekends, the
// expected count matches), each year's working-day count is plausible and
// states its expected count and source, and the years are consecutive.
// INVALID_ARGUMENT naming the year and the problem otherwise.
absl::StatusOr<std::vector<CalendarYearSummary>> CheckCalendarFile(
    const std::string& path, const CalendarCheckOptions& options = {});

}  // namespace sgs

#endif  // SGS_COMMON_CALENDAR_COVERAGE_H_
