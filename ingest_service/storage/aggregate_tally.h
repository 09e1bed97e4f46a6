// Counting a period's aggregates where they are stored (the
// ListDailyAggregates UNIT_TALLIES view): the caller sends the receipt
// deadlines of the decision dates it expects (sgs.v1.DeadlineTable,
// computed by the stats service from its calendar and policy, so storage
// still holds no policy) and gets one tally per unit and kind back instead
// of one row per aggregate. That is the same join PostgreSQL does with a
// deadlines table; it saves the encoding, the transfer and the decoding of
// every row. Rows the table cannot classify (a decision date it does not
// list, a receipt before the decision) are returned as columns for the
// caller to classify itself, so the answer is the same either way.
//
// Memory: one tally per unit seen on the page and at most kMaxLeftRows
// returned rows; a page scans at most page_size rows.
#ifndef SGS_INGEST_SERVICE_STORAGE_AGGREGATE_TALLY_H_
#define SGS_INGEST_SERVICE_STORAGE_AGGREGATE_TALLY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest_service/storage/aggregate_by_date.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest::storage {

struct AggregateTallyPage {
  std::vector<sgs::v1::UnitTally> tallies;
  // Rows the deadlines did not cover.
  sgs::v1::DailyAggregateColumns left_rows;
  std::string next_page_token;
};

// The query's range (ScanAggregateRows) counted by `deadlines`.
// kInvalidArgument naming "deadlines" for a table whose columns differ in
// length, hold a date that is no real yyyymmdd date, hold more than 4000
// entries or span more than 12 years; query.page_size counts rows scanned
// (default 1000000, at most 2000000).
absl::StatusOr<AggregateTallyPage> TallyAggregates(
    const Engine& engine, const AggregateColumnsQuery& query,
    const sgs::v1::DeadlineTable& deadlines);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_AGGREGATE_TALLY_H_
