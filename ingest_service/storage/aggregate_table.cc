#include "ingest_service/storage/aggregate_table.h"

#include <memory>
#include <tuple>

#include "absl/strings/str_format.h"
#include "common/dates.h"
#include "common/keys.h"
#include "common/status_macros.h"
#include "ingest_service/resource_names.h"

namespace sgs::ingest::storage {
namespace {

absl::Status DecodeValue(absl::string_view value, int64_t* count,
                         int64_t* risk) {
  if (!keys::DecodeAggregateValue(value, count, risk)) {
    return absl::DataLossError("corrupt aggregate value");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AggregateCounts::Add(const sgs::v1::Record& record, int sign) {
  ASSIGN_OR_RETURN(const absl::CivilDay decision,
                   ParseDate(DecisionDateOf(record)));
  ASSIGN_OR_RETURN(const absl::CivilDay receipt,
                   ParseDate(record.receipt_date()));
  const RecordIdentity identity = IdentityOf(record);
  const int risk = record.concealment_risk() ? sign : 0;
  for (const auto& [basis, first, second] :
       {std::make_tuple(sgs::v1::RECEIPT_DATE, receipt, decision),
        std::make_tuple(sgs::v1::DECISION_DATE, decision, receipt)}) {
    auto& counts = by_date_[DateFirstAggregateKey(
        basis, first, identity.unit_code, identity.kind, second)];
    counts.first += sign;
    counts.second += risk;
  }
  return absl::OkStatus();
}

void AggregateTable::MergeDeltas(const AggregateCounts& deltas,
                                 WriteBatch* batch) const {
  for (const auto& [key, delta] : deltas.by_date()) {
    if (delta.first == 0 && delta.second == 0) continue;
    batch->Merge(ColumnFamily::kAggByDate, key,
                 keys::EncodeAggregateValue(delta.first, delta.second));
  }
}

absl::StatusOr<AggregateColumnsPage> AggregateTable::ListColumns(
    const AggregateColumnsQuery& query) const {
  return ListAggregateColumns(*engine_, query);
}

absl::StatusOr<Page<sgs::v1::DailyAggregate>> AggregateTable::List(
    const ListAggregatesQuery& query) const {
  const int page_size = ClampPageSize(query.page_size, 1000, 10000);
  Page<sgs::v1::DailyAggregate> page;
  ASSIGN_OR_RETURN(
      page.next_page_token,
      ScanAggregateRows(
          *engine_,
          {query.unit_code, query.basis, query.start_date, query.end_date,
           page_size, query.page_token},
          [&](const AggregateRow& row) {
            if (static_cast<int>(page.items.size()) >= page_size) return false;
            sgs::v1::DailyAggregate& aggregate = page.items.emplace_back();
            aggregate.set_unit_code(std::string(row.unit_code));
            aggregate.set_receipt_date(
                FormatDate(DateFromNumber(row.receipt_date)));
            aggregate.set_decision_date(
                FormatDate(DateFromNumber(row.decision_date)));
            aggregate.set_kind(static_cast<sgs::v1::RecordKind>(row.kind));
            aggregate.set_record_count(row.record_count);
            aggregate.set_concealment_risk_count(row.concealment_risk_count);
            return true;
          }));
  return page;
}

absl::Status AggregateTable::Verify(const AggregateCounts& expected) const {
  AggregateCounts::Counts stored;
  std::unique_ptr<rocksdb::Iterator> it =
      engine_->NewIterator(ColumnFamily::kAggByDate);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    int64_t count = 0, risk = 0;
    RETURN_IF_ERROR(
        DecodeValue(absl::string_view(it->value().data(), it->value().size()),
                    &count, &risk));
    if (count != 0 || risk != 0) stored[it->key().ToString()] = {count, risk};
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "aggregates"));
  AggregateCounts::Counts nonzero;
  for (const auto& [key, value] : expected.by_date()) {
    if (value.first != 0 || value.second != 0) nonzero[key] = value;
  }
  if (stored != nonzero) {
    return absl::DataLossError(absl::StrFormat(
        "aggregates differ from a recount (%s: %d stored keys, %d recounted)",
        ColumnFamilyName(ColumnFamily::kAggByDate), stored.size(),
        nonzero.size()));
  }
  return absl::OkStatus();
}

}  // namespace sgs::ingest::storage
