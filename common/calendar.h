// The working-day calendar (工作日历) from the State Council General Office's
// annual holiday notices, loaded from a data file (config/calendar.textproto).
// Weekends are rest days except the listed adjusted working days (调休);
// listed holidays are rest days. A date in a year the file does not cover is
// an explicit "calendar unknown" error (absl::StatusCode::kFailedPrecondition
// whose message names the missing year), never a Monday-to-Friday guess.
#ifndef SGS_COMMON_CALENDAR_H_
#define SGS_COMMON_CALENDAR_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "sgs/config/v1/config.pb.h"

namespace sgs {

class WorkingCalendar {
 public:
  // Validates the table: well-formed dates inside their year, no date both
  // holiday and adjusted working day, adjusted working days on weekends,
  // and expected_working_days when given.
  static absl::StatusOr<WorkingCalendar> FromProto(
      const sgs::config::v1::CalendarFile& file);
  static absl::StatusOr<WorkingCalendar> LoadFromFile(const std::string& path);

  bool KnowsYear(int year) const;
  std::vector<int> KnownYears() const;

  // kFailedPrecondition "calendar unknown" for a year the file lacks.
  absl::StatusOr<bool> IsWorkingDay(absl::CivilDay day) const;

  // The n-th working day after `day` (day itself is day 0 and never
  // counted). n >= 0; n == 0 returns `day`.
  absl::StatusOr<absl::CivilDay> AddWorkingDays(absl::CivilDay day,
                                                int n) const;

  // The name the table gives `day`: a holiday's ("国庆节"), or an adjusted
  // working day's ("国庆节调休上班", default "调休上班"); "" for ordinary
  // days and unknown years.
  std::string DayName(absl::CivilDay day) const;

  // Number of working days in a known year.
  absl::StatusOr<int> WorkingDaysInYear(int year) const;

  // The error returned for an unknown year (shared so callers can test for
  // it with IsCalendarUnknown).
  static absl::Status UnknownYearError(int year);
  static bool IsCalendarUnknown(const absl::Status& status);

 private:
  struct YearTable {
    std::set<absl::CivilDay> holidays;
    std::set<absl::CivilDay> adjusted_working_days;
    // Names of holidays and adjusted working days, where the file has them.
    std::map<absl::CivilDay, std::string> names;
  };
  std::map<int, YearTable> years_;
};

}  // namespace sgs

#endif  // SGS_COMMON_CALENDAR_H_
