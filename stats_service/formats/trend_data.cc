#include "stats_service/formats/trend_data.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sgs::stats {
namespace {

double Percent(const sgs::v1::Rate& rate) {
  return static_cast<double>(rate.hundredths_of_percent()) / 100.0;
}

}  // namespace

std::vector<sgs::v1::Period> TrendMonths(const sgs::v1::Period& period) {
  int year = period.year();
  int month = 12;
  if (period.type() == sgs::v1::Period::MONTH) month = period.month();
  if (period.type() == sgs::v1::Period::QUARTER) month = period.quarter() * 3;
  std::vector<sgs::v1::Period> out(12);
  for (int i = 11; i >= 0; --i) {
    out[i].set_type(sgs::v1::Period::MONTH);
    out[i].set_year(year);
    out[i].set_month(month);
    if (--month == 0) {
      month = 12;
      --year;
    }
  }
  return out;
}

absl::StatusOr<std::vector<sgs::v1::PeriodReport>> GatherTrendReports(
    const StatsCalculator& calculator, StatsDataSource& source,
    const sgs::v1::Period& period) {
  std::vector<sgs::v1::PeriodReport> reports;
  for (sgs::v1::Period& month : TrendMonths(period)) {
    month.set_date_basis(period.date_basis());
    absl::StatusOr<sgs::v1::PeriodReport> report =
        calculator.ReportFor(source, month);
    if (!report.ok()) return report.status();
    reports.push_back(*std::move(report));
  }
  return reports;
}

TrendChart BuildTrendChart(const std::vector<sgs::v1::PeriodReport>& months,
                           const sgs::v1::PeriodReport& current,
                           const std::string& region_name, int top_units) {
  TrendChart chart;
  for (const sgs::v1::PeriodReport& report : months) {
    const sgs::v1::TimelinessCounts& all = report.district_total().all();
    TrendPoint point;
    point.label = absl::StrCat(report.period().month(), "月");
    point.has_records = all.total_count() > 0;
    point.late_rate_percent = Percent(all.late_rate());
    point.missed_rate_percent = Percent(all.missed_rate());
    point.pass_rate_percent = Percent(all.pass_rate());
    chart.months.push_back(point);
  }
  if (!months.empty()) {
    const sgs::v1::Period& first = months.front().period();
    const sgs::v1::Period& last = months.back().period();
    chart.title =
        absl::StrCat(region_name, first.year(), "年", first.month(), "月至",
                     last.year(), "年", last.month(), "月“双公示”数据质量趋势");
  } else {
    chart.title = absl::StrCat(region_name, "“双公示”数据质量趋势");
  }
  std::vector<const sgs::v1::UnitStats*> units;
  for (const auto* list : {&current.departments(), &current.townships()}) {
    for (const sgs::v1::UnitStats& unit : *list) {
      if (unit.all().late_count() > 0) units.push_back(&unit);
    }
  }
  std::stable_sort(units.begin(), units.end(),
                   [](const auto* a, const auto* b) {
                     return a->all().late_rate().hundredths_of_percent() >
                            b->all().late_rate().hundredths_of_percent();
                   });
  for (int i = 0; i < top_units && i < static_cast<int>(units.size()); ++i) {
    chart.top_late_units.push_back(
        {units[i]->unit_name(), Percent(units[i]->all().late_rate())});
  }
  return chart;
}

}  // namespace sgs::stats
