// Daily aggregates as packed columns (sgs.v1.DailyAggregateColumns, the
// ListDailyAggregates COLUMNS view) on the stats side: the checks a page
// from the ingest service must pass before it is counted, the conversion of
// text-dated rows (the ROWS view, in-memory sources) into columns, and the
// one accessor the tally reads a row through. A report consumes pages as
// they arrive (StatsDataSource::ScanDailyAggregates), so the stats
// service holds one page at a time, not a period's aggregates.
#ifndef SGS_STATS_SERVICE_AGGREGATE_COLUMNS_H_
#define SGS_STATS_SERVICE_AGGREGATE_COLUMNS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::stats {

// Called with each page in order; an error stops the scan and is returned.
using AggregatePageVisitor =
    std::function<absl::Status(const sgs::v1::DailyAggregateColumns&)>;

// Called with each page's unit tallies (the UNIT_TALLIES view).
using UnitTallyVisitor = std::function<absl::Status(
    const google::protobuf::RepeatedPtrField<sgs::v1::UnitTally>&)>;

// kInternal naming the ingest service when the columns differ in length
// or a unit_index points past unit_codes.
absl::Status CheckColumns(const sgs::v1::DailyAggregateColumns& columns);

// The rows as columns; kInternal naming the unit and field when a date
// does not parse (a source sent a bad row).
absl::StatusOr<sgs::v1::DailyAggregateColumns> AggregatesToColumns(
    const std::vector<sgs::v1::DailyAggregate>& aggregates);

// The day a yyyymmdd number stands for; nullopt when it is no real date
// (20240230).
absl::optional<absl::CivilDay> DayOfNumber(uint32_t number);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_AGGREGATE_COLUMNS_H_
