// The trend chart's data from period reports: the region's late, missed
// and pass rates for each of the last 12 months (oldest first; a month
// with no records is marked so the chart leaves a gap) and the units of
// the current period with the highest late rates.
//
// Contract: BuildTrendChart is pure; `months` may be empty (the chart then
// says 无数据).
#ifndef SGS_STATS_SERVICE_FORMATS_TREND_DATA_H_
#define SGS_STATS_SERVICE_FORMATS_TREND_DATA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sgs/v1/stats_service.pb.h"
#include "stats_service/calculator.h"
#include "stats_service/document/bulletin_document.h"

namespace sgs::stats {

// The 12 months ending with the month `period` ends in (a QUARTER ends in
// its last month), oldest first.
std::vector<sgs::v1::Period> TrendMonths(const sgs::v1::Period& period);

// Computes the report of each of TrendMonths(period) with the calculator.
absl::StatusOr<std::vector<sgs::v1::PeriodReport>> GatherTrendReports(
    const StatsCalculator& calculator, StatsDataSource& source,
    const sgs::v1::Period& period);

// `region_name` titles the chart ("殷都区"); `top_units` is how many units
// the bar panel shows (5).
TrendChart BuildTrendChart(const std::vector<sgs::v1::PeriodReport>& months,
                           const sgs::v1::PeriodReport& current,
                           const std::string& region_name, int top_units);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_TREND_DATA_H_
