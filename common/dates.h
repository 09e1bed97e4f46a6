// Dates as the 双公示 rules use them: civil days (absl::CivilDay), the
// strict "YYYY-MM-DD" wire format, and the receipt date of an instant in
// China Standard Time (UTC+8, no daylight saving).
#ifndef SGS_COMMON_DATES_H_
#define SGS_COMMON_DATES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace sgs {

// Parses exactly "YYYY-MM-DD" (a real date, year 1900..9999).
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text);

// Parses "YYYY-MM-DD" or "YYYY/MM/DD" (file imports accept both).
absl::StatusOr<absl::CivilDay> ParseImportDate(absl::string_view text);

// "YYYY-MM-DD".
std::string FormatDate(absl::CivilDay day);

// The fixed UTC+8 zone of the city credit platform.
absl::TimeZone ChinaStandardTime();

// The date of `t` in UTC+8: 23:30 on 31 July Beijing time is 31 July.
absl::CivilDay ChinaDate(absl::Time t);

// yyyymmdd as an integer (20240731): numeric order is date order.
uint32_t DateNumber(absl::CivilDay day);
absl::CivilDay DateFromNumber(uint32_t number);

}  // namespace sgs

#endif  // SGS_COMMON_DATES_H_
