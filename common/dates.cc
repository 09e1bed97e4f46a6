#include "common/dates.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sgs {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int DigitsValue(absl::string_view text, size_t pos, size_t len) {
  int value = 0;
  for (size_t i = pos; i < pos + len; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

// Parses "YYYY<sep>MM<sep>DD" with exactly these widths. Returns false for
// any other shape or a date that does not exist (2024-02-30 would otherwise
// be normalised by CivilDay to 2024-03-01).
bool ParseWithSeparator(absl::string_view text, char separator,
                        absl::CivilDay* day) {
  if (text.size() != 10 || text[4] != separator || text[7] != separator) {
    return false;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return false;
  }
  const int year = DigitsValue(text, 0, 4);
  const int month = DigitsValue(text, 5, 2);
  const int dom = DigitsValue(text, 8, 2);
  if (year < 1900 || month < 1 || month > 12 || dom < 1) return false;
  const absl::CivilDay candidate(year, month, dom);
  if (candidate.year() != year || candidate.month() != month ||
      candidate.day() != dom) {
    return false;
  }
  *day = candidate;
  return true;
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text) {
  absl::CivilDay day;
  if (ParseWithSeparator(text, '-', &day)) return day;
  return absl::InvalidArgumentError(
      absl::StrCat("日期格式应为 YYYY-MM-DD: \"", text,
                   "\" (expected a real date written YYYY-MM-DD)"));
}

absl::StatusOr<absl::CivilDay> ParseImportDate(absl::string_view text) {
  absl::CivilDay day;
  if (ParseWithSeparator(text, '-', &day) ||
      ParseWithSeparator(text, '/', &day)) {
    return day;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "日期格式应为 YYYY-MM-DD 或 YYYY/MM/DD: \"", text,
      "\" (expected a real date written YYYY-MM-DD or YYYY/MM/DD)"));
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::TimeZone ChinaStandardTime() {
  // A fixed offset, not "Asia/Shanghai": no tzdata dependency in containers,
  // and China has had no daylight saving since 1991. Made once: each
  // FixedTimeZone call looks its zone up by name under a lock, and every
  // record converts several times (issue 11).
  static const absl::TimeZone zone = absl::FixedTimeZone(8 * 3600);
  return zone;
}

absl::CivilDay ChinaDate(absl::Time t) {
  return absl::ToCivilDay(t, ChinaStandardTime());
}

uint32_t DateNumber(absl::CivilDay day) {
  return static_cast<uint32_t>(day.year() * 10000 + day.month() * 100 +
                               day.day());
}

absl::CivilDay DateFromNumber(uint32_t number) {
  return absl::CivilDay(static_cast<int>(number / 10000),
                        static_cast<int>(number / 100 % 100),
                        static_cast<int>(number % 100));
}

}  // namespace sgs
