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
  auto& by_receipt = by_receipt_[keys::AggregateKey(identity.unit_code, receipt,
                                                    identity.kind, decision)];
  by_receipt.first += sign;
  by_receipt.second += risk;
  auto& by_decision = by_decision_[keys::AggregateKey(
      identity.unit_code, decision, identity.kind, receipt)];
  by_decision.first += sign;
  by_decision.second += risk;
  return absl::OkStatus();
}

void AggregateTable::MergeDeltas(const AggregateCounts& deltas,
                                 WriteBatch* batch) const {
  for (const auto& [cf, basis, counts] :
       {std::make_tuple(ColumnFamily::kAggByReceipt, sgs::v1::RECEIPT_DATE,
                        &deltas.by_receipt()),
        std::make_tuple(ColumnFamily::kAggByDecision, sgs::v1::DECISION_DATE,
                        &deltas.by_decision())}) {
    for (const auto& [key, delta] : *counts) {
      if (delta.first == 0 && delta.second == 0) continue;
      const std::string value =
          keys::EncodeAggregateValue(delta.first, delta.second);
      batch->Merge(cf, key, value);
      // The same delta, date first (aggregate_by_date.h); the key was
      // built by AggregateCounts, so it always decodes.
      absl::StatusOr<std::string> by_date = DateFirstAggregateKey(basis, key);
      if (by_date.ok()) batch->Merge(ColumnFamily::kAggByDate, *by_date, value);
    }
  }
}

absl::StatusOr<AggregateColumnsPage> AggregateTable::ListColumns(
    const AggregateColumnsQuery& query) const {
  return ListAggregateColumns(*engine_, query);
}

absl::StatusOr<Page<sgs::v1::DailyAggregate>> AggregateTable::List(
    const ListAggregatesQuery& query) const {
  const bool by_decision = query.basis == sgs::v1::DECISION_DATE;
  const ColumnFamily cf =
      by_decision ? ColumnFamily::kAggByDecision : ColumnFamily::kAggByReceipt;
  ScanVisitor<sgs::v1::DailyAggregate> visit =
      [&query, by_decision](absl::string_view key, absl::string_view value)
      -> absl::StatusOr<ScanStep<sgs::v1::DailyAggregate>> {
    using Step = ScanStep<sgs::v1::DailyAggregate>;
    ASSIGN_OR_RETURN(const keys::AggregateKeyParts parts,
                     keys::DecodeAggregateKey(key));
    const std::string unit_prefix = keys::UnitPrefix(parts.unit_code);
    if (parts.first < query.start_date) {
      std::string target = unit_prefix;
      keys::AppendDate(&target, query.start_date);
      return Step::SeekTo(std::move(target));
    }
    if (parts.first > query.end_date) {
      return Step::SeekTo(keys::PrefixSuccessor(unit_prefix));
    }
    int64_t count = 0, risk = 0;
    RETURN_IF_ERROR(DecodeValue(value, &count, &risk));
    if (count == 0 && risk == 0) return Step::Skip();
    sgs::v1::DailyAggregate aggregate;
    aggregate.set_unit_code(parts.unit_code);
    aggregate.set_receipt_date(
        FormatDate(by_decision ? parts.second : parts.first));
    aggregate.set_decision_date(
        FormatDate(by_decision ? parts.first : parts.second));
    aggregate.set_kind(parts.kind);
    aggregate.set_record_count(count);
    aggregate.set_concealment_risk_count(risk);
    return Step::Keep(std::move(aggregate));
  };
  return ScanPage<sgs::v1::DailyAggregate>(
      *engine_, cf, UnitRange(query.unit_code),
      ClampPageSize(query.page_size, 1000, 10000), query.page_token, visit);
}

absl::Status AggregateTable::Verify(const AggregateCounts& expected) const {
  // agg_by_date must hold both bases again, date first.
  AggregateCounts::Counts by_date;
  for (const auto& [basis, counts] :
       {std::make_pair(sgs::v1::RECEIPT_DATE, &expected.by_receipt()),
        std::make_pair(sgs::v1::DECISION_DATE, &expected.by_decision())}) {
    for (const auto& [key, value] : *counts) {
      ASSIGN_OR_RETURN(const std::string date_key,
                       DateFirstAggregateKey(basis, key));
      by_date[date_key] = value;
    }
  }
  for (const auto& [cf, counts] :
       {std::make_pair(ColumnFamily::kAggByReceipt, &expected.by_receipt()),
        std::make_pair(ColumnFamily::kAggByDecision, &expected.by_decision()),
        std::make_pair(
            ColumnFamily::kAggByDate,
            static_cast<const AggregateCounts::Counts*>(&by_date))}) {
    AggregateCounts::Counts stored;
    std::unique_ptr<rocksdb::Iterator> it = engine_->NewIterator(cf);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      int64_t count = 0, risk = 0;
      RETURN_IF_ERROR(
          DecodeValue(absl::string_view(it->value().data(), it->value().size()),
                      &count, &risk));
      if (count != 0 || risk != 0) {
        stored[it->key().ToString()] = {count, risk};
      }
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "aggregates"));
    AggregateCounts::Counts nonzero;
    for (const auto& [key, value] : *counts) {
      if (value.first != 0 || value.second != 0) nonzero[key] = value;
    }
    if (stored != nonzero) {
      return absl::DataLossError(absl::StrFormat(
          "aggregates differ from a recount (%s: %d stored keys, %d "
          "recounted)",
          ColumnFamilyName(cf), stored.size(), nonzero.size()));
    }
  }
  return absl::OkStatus();
}

}  // namespace sgs::ingest::storage
