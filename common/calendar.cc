#include "common/calendar.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/config_loader.h"
#include "common/dates.h"

namespace sgs {
namespace {

using ::sgs::config::v1::CalendarFile;
using ::sgs::config::v1::CalendarYear;

// Marks the unknown-year error so IsCalendarUnknown does not depend on the
// wording of the message. Payloads survive copies of the Status.
constexpr absl::string_view kCalendarUnknownPayload =
    "type.googleapis.com/sgs.CalendarUnknown";
constexpr absl::string_view kCalendarUnknownMarker = "calendar unknown";

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

absl::Status TableError(int year, absl::string_view entry,
                        absl::string_view chinese, absl::string_view english) {
  return absl::InvalidArgumentError(
      absl::StrCat("工作日历 ", year, " 年: ", chinese, ": \"", entry,
                   "\" (calendar ", year, ": ", english, ")"));
}

// Parses "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD", either optionally
// followed by " name"; returns the inclusive range.
absl::Status ParseHolidayEntry(int year, const std::string& entry,
                               absl::CivilDay* first, absl::CivilDay* last,
                               std::string* name) {
  std::pair<absl::string_view, absl::string_view> date_and_name =
      absl::StrSplit(entry, absl::MaxSplits(' ', 1));
  std::pair<absl::string_view, absl::string_view> range =
      absl::StrSplit(date_and_name.first, absl::MaxSplits("..", 1));
  absl::StatusOr<absl::CivilDay> start = ParseDate(range.first);
  absl::StatusOr<absl::CivilDay> end =
      absl::StrContains(date_and_name.first, "..") ? ParseDate(range.second)
                                                   : start;
  if (!start.ok() || !end.ok()) {
    return TableError(year, entry,
                      "日期格式应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD",
                      "malformed holiday date or range");
  }
  if (*end < *start) {
    return TableError(year, entry, "日期区间起止颠倒",
                      "range ends before it starts");
  }
  *first = *start;
  *last = *end;
  *name = std::string(absl::StripAsciiWhitespace(date_and_name.second));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<WorkingCalendar> WorkingCalendar::FromProto(
    const CalendarFile& file) {
  WorkingCalendar calendar;
  for (const CalendarYear& entry : file.years()) {
    const int year = entry.year();
    if (year < 1900 || year > 9999) {
      return absl::InvalidArgumentError(absl::StrCat(
          "工作日历年份不合法: ", year, " (calendar: year out of range)"));
    }
    auto [it, inserted] = calendar.years_.emplace(year, YearTable{});
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(
          "工作日历年份重复: ", year, " (calendar: duplicate year)"));
    }
    YearTable& table = it->second;

    for (const std::string& holiday : entry.holidays()) {
      absl::CivilDay first, last;
      std::string name;
      absl::Status status =
          ParseHolidayEntry(year, holiday, &first, &last, &name);
      if (!status.ok()) return status;
      if (first.year() != year || last.year() != year) {
        return TableError(year, holiday, "日期不在本年度内",
                          "date outside its year");
      }
      for (absl::CivilDay day = first; day <= last; ++day) {
        // A date listed twice is almost certainly a typo for another date.
        if (!table.holidays.insert(day).second) {
          return TableError(year, holiday,
                            absl::StrCat("节假日重复: ", FormatDate(day)),
                            "holiday listed twice");
        }
        if (!name.empty()) table.names[day] = name;
      }
    }

    for (const std::string& text : entry.adjusted_working_days()) {
      // "2024-09-29" or "2024-09-29 国庆节调休上班".
      std::pair<absl::string_view, absl::string_view> date_and_name =
          absl::StrSplit(text, absl::MaxSplits(' ', 1));
      absl::StatusOr<absl::CivilDay> day = ParseDate(date_and_name.first);
      if (!day.ok()) {
        return TableError(year, text, "日期格式应为 YYYY-MM-DD",
                          "malformed adjusted working day");
      }
      if (day->year() != year) {
        return TableError(year, text, "日期不在本年度内",
                          "date outside its year");
      }
      if (!IsWeekend(*day)) {
        return TableError(year, text, "调休上班日应为周六或周日",
                          "adjusted working day is not a weekend day");
      }
      if (table.holidays.count(*day) > 0) {
        return TableError(year, text, "同一天既是节假日又是调休上班日",
                          "date is both a holiday and a working day");
      }
      if (!table.adjusted_working_days.insert(*day).second) {
        return TableError(year, text, "调休上班日重复",
                          "adjusted working day listed twice");
      }
      const absl::string_view name =
          absl::StripAsciiWhitespace(date_and_name.second);
      table.names[*day] = name.empty() ? "调休上班" : std::string(name);
    }

    if (entry.expected_working_days() != 0) {
      absl::StatusOr<int> count = calendar.WorkingDaysInYear(year);
      if (!count.ok()) return count.status();
      if (*count != entry.expected_working_days()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "工作日历 ", year, " 年工作日数为 ", *count, " 天, 应为 ",
            entry.expected_working_days(), " 天 (calendar ", year,
            ": table gives ", *count, " working days, expected ",
            entry.expected_working_days(), ")"));
      }
    }
  }
  return calendar;
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::LoadFromFile(
    const std::string& path) {
  CalendarFile file;
  absl::Status status = LoadTextProtoFile(path, &file);
  if (!status.ok()) return status;
  absl::StatusOr<WorkingCalendar> calendar = FromProto(file);
  if (!calendar.ok()) {
    return absl::Status(calendar.status().code(),
                        absl::StrCat(path, ": ", calendar.status().message()));
  }
  return calendar;
}

bool WorkingCalendar::KnowsYear(int year) const {
  return years_.count(year) > 0;
}

std::vector<int> WorkingCalendar::KnownYears() const {
  std::vector<int> years;
  for (const auto& [year, table] : years_) years.push_back(year);
  return years;
}

absl::StatusOr<bool> WorkingCalendar::IsWorkingDay(absl::CivilDay day) const {
  auto it = years_.find(static_cast<int>(day.year()));
  if (it == years_.end()) return UnknownYearError(static_cast<int>(day.year()));
  const YearTable& table = it->second;
  if (table.holidays.count(day) > 0) return false;
  if (table.adjusted_working_days.count(day) > 0) return true;
  return !IsWeekend(day);
}

absl::StatusOr<absl::CivilDay> WorkingCalendar::AddWorkingDays(
    absl::CivilDay day, int n) const {
  if (n < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "工作日数不能为负: ", n, " (working-day count must be >= 0)"));
  }
  absl::CivilDay current = day;
  int counted = 0;
  while (counted < n) {
    ++current;
    absl::StatusOr<bool> working = IsWorkingDay(current);
    if (!working.ok()) return working.status();
    if (*working) ++counted;
  }
  return current;
}

absl::StatusOr<int> WorkingCalendar::WorkingDaysInYear(int year) const {
  if (!KnowsYear(year)) return UnknownYearError(year);
  int count = 0;
  for (absl::CivilDay day(year, 1, 1); day.year() == year; ++day) {
    absl::StatusOr<bool> working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working) ++count;
  }
  return count;
}

std::string WorkingCalendar::DayName(absl::CivilDay day) const {
  auto it = years_.find(static_cast<int>(day.year()));
  if (it == years_.end()) return "";
  auto name = it->second.names.find(day);
  return name == it->second.names.end() ? "" : name->second;
}

absl::Status WorkingCalendar::UnknownYearError(int year) {
  absl::Status status = absl::FailedPreconditionError(
      absl::StrCat("工作日历缺少 ", year,
                   " 年的节假日安排, 请在 config/calendar.textproto "
                   "中补充国务院办公厅当年通知 "
                   "(calendar unknown: year ",
                   year, " is missing from the working-day calendar)"));
  status.SetPayload(kCalendarUnknownPayload, absl::Cord(absl::StrCat(year)));
  return status;
}

bool WorkingCalendar::IsCalendarUnknown(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kFailedPrecondition) return false;
  // The message check keeps the answer right for a status rebuilt from
  // code and message (e.g. after a gRPC round trip), which drops payloads.
  return status.GetPayload(kCalendarUnknownPayload).has_value() ||
         absl::StrContains(status.message(), kCalendarUnknownMarker);
}

}  // namespace sgs
