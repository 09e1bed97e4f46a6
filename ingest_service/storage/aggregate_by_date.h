// The daily aggregates, keyed date first ("agg_by_date", format 3; the only
// aggregate table since format 4): key basis u8 · date u32 · unit · kind u8
// · other date u32, value (record count, concealment-risk count) kept by
// the merge operator. Every unit's aggregates of one day sit together, so
// a period of every unit is ONE contiguous range instead of one seek per
// unit (a month of 1,000 units was 1,000+ seeks), and its cost is the size
// of the answer whatever the store holds. One unit's rows are read from the
// same table day by day (a seek per day that holds rows): formats 1-3 kept
// a unit-first copy of every aggregate for that, which cost every record
// two more merges (a fifth of a back-fill's server CPU, issue 11); format 4
// dropped it.
//
// Pages are packed numeric columns (sgs.v1.DailyAggregateColumns), the
// ListDailyAggregates COLUMNS view: no text dates, one unit code per page.
#ifndef SGS_INGEST_SERVICE_STORAGE_AGGREGATE_BY_DATE_H_
#define SGS_INGEST_SERVICE_STORAGE_AGGREGATE_BY_DATE_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest::storage {

class Engine;

// The agg_by_date key of one aggregate: `first` is the `basis` date (the
// receipt date for RECEIPT_DATE, the decision date for DECISION_DATE),
// `second` the other one.
std::string DateFirstAggregateKey(sgs::v1::DateBasis basis,
                                  absl::CivilDay first,
                                  absl::string_view unit_code,
                                  sgs::v1::RecordKind kind,
                                  absl::CivilDay second);

// The agg_by_date key of a unit-first aggregate key of formats 1-3
// (agg_by_receipt when `basis` is RECEIPT_DATE, agg_by_decision when
// DECISION_DATE): the same fields, date first. kDataLoss for a malformed
// key.
absl::StatusOr<std::string> DateFirstAggregateKey(sgs::v1::DateBasis basis,
                                                  absl::string_view unit_key);

struct AggregateColumnsQuery {
  std::string unit_code;  // empty: every unit
  sgs::v1::DateBasis basis = sgs::v1::RECEIPT_DATE;
  absl::CivilDay start_date;
  absl::CivilDay end_date;
  int page_size = 10000;  // at most 50000
  std::string page_token;
};

struct AggregateColumnsPage {
  sgs::v1::DailyAggregateColumns columns;
  std::string next_page_token;
};

// Non-zero aggregates with their `basis` date in [start, end], as columns,
// in (date, unit) order: every unit as one range of agg_by_date; one unit
// by a seek per day that holds rows. The page token is the key the next
// page starts at (paging.h rules).
absl::StatusOr<AggregateColumnsPage> ListAggregateColumns(
    const Engine& engine, const AggregateColumnsQuery& query);

// One stored aggregate row as a scan sees it; unit_code points into the
// iterator and lives only for the visit.
struct AggregateRow {
  absl::string_view unit_code;
  uint32_t receipt_date = 0;  // yyyymmdd
  uint32_t decision_date = 0;
  uint8_t kind = 0;
  int64_t record_count = 0;
  int64_t concealment_risk_count = 0;
};

// Appends rows to a page of columns, each unit code once per page.
class AggregateColumnsBuilder {
 public:
  explicit AggregateColumnsBuilder(sgs::v1::DailyAggregateColumns* columns)
      : columns_(columns) {}
  void Add(const AggregateRow& row);
  int rows() const { return columns_->unit_index_size(); }

 private:
  sgs::v1::DailyAggregateColumns* columns_;
  absl::flat_hash_map<std::string, uint32_t> unit_index_;
  std::string last_unit_;  // the unit of the row added last
  int64_t last_index_ = -1;
};

// Visits the non-zero rows of the query's range in ListAggregateColumns'
// order, from its page token on (page_size is not used). `visit` returns
// false to end the scan BEFORE that row; the result is then that row's
// page token, else "" (the range is done).
absl::StatusOr<std::string> ScanAggregateRows(
    const Engine& engine, const AggregateColumnsQuery& query,
    absl::FunctionRef<bool(const AggregateRow&)> visit);

// Migration 2 → 3: writes agg_by_date from the unit-first tables' current
// values (Puts, in bounded batches: redoing it writes the same values).
absl::Status FillAggregatesByDate(Engine* engine);

// Migration 3 → 4: empties the unit-first tables (agg_by_date holds the
// same counts); redoing it finds them empty.
absl::Status ClearUnitFirstAggregates(Engine* engine);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_AGGREGATE_BY_DATE_H_
