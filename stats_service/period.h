// Statistical periods (统计周期): resolves a sgs.v1.Period (month, quarter,
// year or date range) to an inclusive range of dates, finds the period
// before it (for the "consecutive periods" escalation rule), and names it
// in Chinese ("2024年7月", "2024年第三季度"). Pure functions.
#ifndef SGS_STATS_SERVICE_PERIOD_H_
#define SGS_STATS_SERVICE_PERIOD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "sgs/v1/stats_service.pb.h"

namespace sgs::stats {

struct ResolvedPeriod {
  // The request, with date_basis filled in (RECEIPT_DATE by default).
  sgs::v1::Period period;
  // Inclusive range on the date basis.
  absl::CivilDay start;
  absl::CivilDay end;
  // "2024年7月", "2024年第三季度", "2024年", "2024年7月1日至2024年7月31日".
  std::string label;
  // Short stable key: "2024-07", "2024-Q3", "2024",
  // "2024-07-01..2024-07-31" (Escalation.consecutive_periods uses it).
  std::string key;
};

// kInvalidArgument for an unspecified type, a month outside 1..12, a
// quarter outside 1..4, a year outside 1900..9999, malformed dates or a
// range that ends before it starts.
absl::StatusOr<ResolvedPeriod> ResolvePeriod(const sgs::v1::Period& period);

// The period immediately before: the previous month (January → December
// of the year before), quarter or year; for a date range, the range of the
// same length that ends the day before it starts. Keeps the date basis.
absl::StatusOr<sgs::v1::Period> PreviousPeriod(const sgs::v1::Period& period);

// Convenience constructors.
sgs::v1::Period MonthPeriod(int year, int month);
sgs::v1::Period QuarterPeriod(int year, int quarter);
sgs::v1::Period YearPeriod(int year);
sgs::v1::Period DateRangePeriod(absl::CivilDay start, absl::CivilDay end);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_PERIOD_H_
