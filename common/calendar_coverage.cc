#include "common/calendar_coverage.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/config_loader.h"

namespace sgs {

CalendarCoverage ComputeCalendarCoverage(const WorkingCalendar& calendar,
                                         absl::CivilDay today, int warn_days) {
  CalendarCoverage coverage;
  const std::vector<int> years = calendar.KnownYears();
  if (years.empty()) {
    coverage.warn = true;
    coverage.notice =
        "工作日历为空：请按国务院办公厅节假日安排通知添加工作日历。";
    return coverage;
  }
  coverage.last_year = *std::max_element(years.begin(), years.end());
  const absl::CivilDay last_day(coverage.last_year, 12, 31);
  coverage.days_left = static_cast<int>(last_day - today);
  coverage.warn = coverage.days_left <= warn_days;
  if (coverage.warn) {
    if (coverage.days_left >= 0) {
      coverage.notice = absl::StrCat(
          "提示：工作日历仅覆盖至", coverage.last_year, "年12月31日（还剩",
          coverage.days_left, "天），请依据国务院办公厅关于",
          coverage.last_year + 1, "年部分节假日安排的通知及时添加",
          coverage.last_year + 1, "年工作日历。");
    } else {
      coverage.notice =
          absl::StrCat("提示：工作日历已于", coverage.last_year,
                       "年12月31日到期，此后的日期无法判定时效，请立即添加",
                       coverage.last_year + 1, "年工作日历。");
    }
  }
  return coverage;
}

absl::StatusOr<std::vector<CalendarYearSummary>> CheckCalendarFile(
    const std::string& path, const CalendarCheckOptions& options) {
  sgs::config::v1::CalendarFile file;
  absl::Status loaded = LoadTextProtoFile(path, &file);
  if (!loaded.ok()) return loaded;
  absl::StatusOr<WorkingCalendar> calendar = WorkingCalendar::FromProto(file);
  if (!calendar.ok()) return calendar.status();

  std::set<int> years;
  for (const auto& entry : file.years()) {
    if (!years.insert(entry.year()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("工作日历 ", entry.year(), " 年: 重复的年份"));
    }
  }
  if (years.empty()) {
    return absl::InvalidArgumentError("工作日历为空: 没有任何 years 条目");
  }
  for (int year = *years.begin(); year <= *years.rbegin(); ++year) {
    if (years.count(year) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("工作日历缺少 ", year, " 年（各年份须连续）"));
    }
  }

  std::vector<CalendarYearSummary> summaries;
  for (const auto& entry : file.years()) {
    CalendarYearSummary summary;
    summary.year = entry.year();
    summary.source = entry.source();
    absl::StatusOr<int> working = calendar->WorkingDaysInYear(entry.year());
    if (!working.ok()) return working.status();
    summary.working_days = *working;
    summary.adjusted_working_days = entry.adjusted_working_days_size();
    for (absl::CivilDay day(entry.year(), 1, 1);
         day <= absl::CivilDay(entry.year(), 12, 31); ++day) {
      absl::StatusOr<bool> is_working = calendar->IsWorkingDay(day);
      if (!is_working.ok()) return is_working.status();
      const absl::Weekday weekday = absl::GetWeekday(day);
      const bool weekend = weekday == absl::Weekday::saturday ||
                           weekday == absl::Weekday::sunday;
      if (!*is_working && !weekend) ++summary.holiday_dates;
    }
    if (summary.working_days < options.min_working_days ||
        summary.working_days > options.max_working_days) {
      return absl::InvalidArgumentError(absl::StrCat(
          "工作日历 ", entry.year(), " 年: 工作日共 ", summary.working_days,
          " 天，不在合理范围 ", options.min_working_days, "–",
          options.max_working_days, " 天内（请核对节假日与调休日期）"));
    }
    if (entry.expected_working_days() == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "工作日历 ", entry.year(),
          " 年: 缺少 "
          "expected_working_days（按通知核算的全年工作日数，本表计得 ",
          summary.working_days, " 天），用于发现录错的日期"));
    }
    if (entry.source().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("工作日历 ", entry.year(),
                       " 年: 缺少 source（国务院办公厅通知的文号，如 "
                       "国办发明电〔2024〕12号）"));
    }
    summaries.push_back(summary);
  }
  std::sort(summaries.begin(), summaries.end(),
            [](const auto& a, const auto& b) { return a.year < b.year; });
  return summaries;
}

}  // namespace sgs
