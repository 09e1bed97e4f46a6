#include "stats_service/period.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"

namespace sgs::stats {
namespace {

using ::sgs::v1::Period;

constexpr const char* kQuarterNames[] = {"一", "二", "三", "四"};

absl::Status CheckYear(int year) {
  if (year < 1900 || year > 9999) {
    return absl::InvalidArgumentError(absl::StrCat(
        "统计周期的年份无效: ", year, " (period.year must be 1900..9999)"));
  }
  return absl::OkStatus();
}

std::string DayLabel(absl::CivilDay day) {
  return absl::StrCat(day.year(), "年", day.month(), "月", day.day(), "日");
}

}  // namespace

absl::StatusOr<ResolvedPeriod> ResolvePeriod(const Period& period) {
  ResolvedPeriod resolved;
  resolved.period = period;
  if (period.date_basis() == sgs::v1::DATE_BASIS_UNSPECIFIED) {
    resolved.period.set_date_basis(sgs::v1::RECEIPT_DATE);
  } else if (period.date_basis() != sgs::v1::RECEIPT_DATE &&
             period.date_basis() != sgs::v1::DECISION_DATE) {
    return absl::InvalidArgumentError(
        "统计周期的日期口径无效 (period.date_basis is unknown)");
  }
  switch (period.type()) {
    case Period::MONTH: {
      if (absl::Status s = CheckYear(period.year()); !s.ok()) return s;
      if (period.month() < 1 || period.month() > 12) {
        return absl::InvalidArgumentError(
            absl::StrCat("统计周期的月份无效: ", period.month(),
                         " (period.month must be 1..12)"));
      }
      const absl::CivilMonth month(period.year(), period.month());
      resolved.start = absl::CivilDay(month);
      resolved.end = absl::CivilDay(month + 1) - 1;
      resolved.label = absl::StrCat(period.year(), "年", period.month(), "月");
      resolved.key =
          absl::StrFormat("%04d-%02d", period.year(), period.month());
      break;
    }
    case Period::QUARTER: {
      if (absl::Status s = CheckYear(period.year()); !s.ok()) return s;
      if (period.quarter() < 1 || period.quarter() > 4) {
        return absl::InvalidArgumentError(
            absl::StrCat("统计周期的季度无效: ", period.quarter(),
                         " (period.quarter must be 1..4)"));
      }
      const absl::CivilMonth first(period.year(), 3 * period.quarter() - 2);
      resolved.start = absl::CivilDay(first);
      resolved.end = absl::CivilDay(first + 3) - 1;
      resolved.label = absl::StrCat(
          period.year(), "年第", kQuarterNames[period.quarter() - 1], "季度");
      resolved.key =
          absl::StrFormat("%04d-Q%d", period.year(), period.quarter());
      break;
    }
    case Period::YEAR: {
      if (absl::Status s = CheckYear(period.year()); !s.ok()) return s;
      resolved.start = absl::CivilDay(period.year(), 1, 1);
      resolved.end = absl::CivilDay(period.year(), 12, 31);
      resolved.label = absl::StrCat(period.year(), "年");
      resolved.key = absl::StrFormat("%04d", period.year());
      break;
    }
    case Period::DATE_RANGE: {
      absl::StatusOr<absl::CivilDay> start = ParseDate(period.start_date());
      if (!start.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("period.start_date: ", start.status().message()));
      }
      absl::StatusOr<absl::CivilDay> end = ParseDate(period.end_date());
      if (!end.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("period.end_date: ", end.status().message()));
      }
      if (*end < *start) {
        return absl::InvalidArgumentError(absl::StrCat(
            "统计周期的结束日期早于开始日期: ", period.start_date(), " 至 ",
            period.end_date(), " (period.end_date is before start_date)"));
      }
      resolved.start = *start;
      resolved.end = *end;
      resolved.label = absl::StrCat(DayLabel(*start), "至", DayLabel(*end));
      resolved.key = absl::StrCat(FormatDate(*start), "..", FormatDate(*end));
      break;
    }
    default:
      return absl::InvalidArgumentError(
          "统计周期类型未指定 (period.type must be MONTH, QUARTER, YEAR or "
          "DATE_RANGE)");
  }
  return resolved;
}

absl::StatusOr<Period> PreviousPeriod(const Period& period) {
  absl::StatusOr<ResolvedPeriod> resolved = ResolvePeriod(period);
  if (!resolved.ok()) return resolved.status();
  Period previous;
  switch (period.type()) {
    case Period::MONTH: {
      const absl::CivilMonth month =
          absl::CivilMonth(period.year(), period.month()) - 1;
      previous = MonthPeriod(static_cast<int>(month.year()), month.month());
      break;
    }
    case Period::QUARTER:
      previous = period.quarter() == 1
                     ? QuarterPeriod(period.year() - 1, 4)
                     : QuarterPeriod(period.year(), period.quarter() - 1);
      break;
    case Period::YEAR:
      previous = YearPeriod(period.year() - 1);
      break;
    default: {
      const absl::civil_diff_t length = resolved->end - resolved->start;
      const absl::CivilDay end = resolved->start - 1;
      previous = DateRangePeriod(end - length, end);
      break;
    }
  }
  previous.set_date_basis(resolved->period.date_basis());
  // The year before 1900 is outside what ResolvePeriod accepts.
  if (absl::StatusOr<ResolvedPeriod> check = ResolvePeriod(previous);
      !check.ok()) {
    return check.status();
  }
  return previous;
}

Period MonthPeriod(int year, int month) {
  Period period;
  period.set_type(Period::MONTH);
  period.set_year(year);
  period.set_month(month);
  return period;
}

Period QuarterPeriod(int year, int quarter) {
  Period period;
  period.set_type(Period::QUARTER);
  period.set_year(year);
  period.set_quarter(quarter);
  return period;
}

Period YearPeriod(int year) {
  Period period;
  period.set_type(Period::YEAR);
  period.set_year(year);
  return period;
}

Period DateRangePeriod(absl::CivilDay start, absl::CivilDay end) {
  Period period;
  period.set_type(Period::DATE_RANGE);
  period.set_start_date(FormatDate(start));
  period.set_end_date(FormatDate(end));
  return period;
}

}  // namespace sgs::stats
