// AggregateTable: per-unit daily counts by receipt date and by decision
// date, both in "agg_by_date" (aggregate_by_date.h: key basis, date, unit,
// kind, other date); each value is (record count, concealment-risk count),
// kept by the merge operator (aggregate_merge_operator.h) so the stats
// service never scans records. Late/missed is classified at read time, from
// the two dates in the key (docs/adr/0001-merge-operator-aggregates.md).
//
// AggregateCounts is the ONE way a record is counted: the write path adds
// +1/-1 deltas with it and merges them, and verification recounts every
// record with it and compares.
#ifndef SGS_INGEST_SERVICE_STORAGE_AGGREGATE_TABLE_H_
#define SGS_INGEST_SERVICE_STORAGE_AGGREGATE_TABLE_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ingest_service/storage/aggregate_by_date.h"
#include "ingest_service/storage/aggregate_tally.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/paging.h"
#include "sgs/v1/ingest_service.pb.h"
#include "sgs/v1/record.pb.h"

namespace sgs::ingest::storage {

struct ListAggregatesQuery {
  std::string unit_code;  // empty: every unit
  sgs::v1::DateBasis basis = sgs::v1::RECEIPT_DATE;
  absl::CivilDay start_date;
  absl::CivilDay end_date;
  int page_size = 1000;
  std::string page_token;
};

// Net (record count, risk count) per agg_by_date key, both bases.
// Summed in memory: a back-fill chunk of a thousand records touches a few
// dozen (unit, day, day) keys, so it merges a few dozen deltas, not two
// thousand.
class AggregateCounts {
 public:
  using Counts = std::map<std::string, std::pair<int64_t, int64_t>>;

  // Adds (sign = +1) or removes (sign = -1) a record's contribution; an
  // error when its receipt or decision date does not parse.
  absl::Status Add(const sgs::v1::Record& record, int sign);

  const Counts& by_date() const { return by_date_; }

 private:
  Counts by_date_;
};

class AggregateTable {
 public:
  // `engine` must outlive the table.
  explicit AggregateTable(const Engine* engine) : engine_(engine) {}

  // Stages the non-zero deltas as merges into agg_by_date.
  void MergeDeltas(const AggregateCounts& deltas, WriteBatch* batch) const;

  // Non-zero aggregates in the range, by date then unit (page size default
  // 1000, at most 10000): the rows of ScanAggregateRows, as messages. One
  // range for every unit; for one unit a seek per day that holds rows, so
  // the cost is the size of the answer, not of the table.
  absl::StatusOr<Page<sgs::v1::DailyAggregate>> List(
      const ListAggregatesQuery& query) const;

  // The same aggregates as packed columns (aggregate_by_date.h): a whole
  // period of every unit is one range of agg_by_date.
  absl::StatusOr<AggregateColumnsPage> ListColumns(
      const AggregateColumnsQuery& query) const;

  // The same range counted per unit by `deadlines` (aggregate_tally.h).
  absl::StatusOr<AggregateTallyPage> Tally(
      const AggregateColumnsQuery& query,
      const sgs::v1::DeadlineTable& deadlines) const {
    return TallyAggregates(*engine_, query, deadlines);
  }

  // OK when the stored non-zero aggregates (agg_by_date) equal `expected`;
  // kDataLoss naming the sizes otherwise.
  absl::Status Verify(const AggregateCounts& expected) const;

 private:
  const Engine* engine_;
};

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_AGGREGATE_TABLE_H_
