#include "ingest_service/storage/aggregate_by_date.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>

#include "common/keys.h"
#include "common/status_macros.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/paging.h"

namespace sgs::ingest::storage {
namespace {

// Entries per migration batch: bounded memory however big the store is.
constexpr int kMigrationBatchEntries = 10000;
constexpr int kDefaultColumnsPageSize = 10000;
constexpr int kMaxColumnsPageSize = 50000;

// Fields of an aggregate key, dates as their stored yyyymmdd numbers.
struct RawAggregateKey {
  absl::string_view unit_code;
  uint32_t first = 0;
  uint8_t kind = 0;
  uint32_t second = 0;
};

bool ConsumeRawDate(absl::string_view* in, uint32_t* date) {
  return keys::ConsumeU32(in, date);
}

bool ConsumeRawUnit(absl::string_view* in, absl::string_view* unit_code) {
  uint8_t size = 0;
  if (!keys::ConsumeU8(in, &size) || in->size() < size) return false;
  *unit_code = in->substr(0, size);
  in->remove_prefix(size);
  return true;
}

// unit · first · kind · second
bool DecodeUnitFirst(absl::string_view key, RawAggregateKey* out) {
  return ConsumeRawUnit(&key, &out->unit_code) &&
         ConsumeRawDate(&key, &out->first) &&
         keys::ConsumeU8(&key, &out->kind) &&
         ConsumeRawDate(&key, &out->second) && key.empty();
}

// basis · first · unit · kind · second
bool DecodeDateFirst(absl::string_view key, RawAggregateKey* out) {
  uint8_t basis = 0;
  return keys::ConsumeU8(&key, &basis) && ConsumeRawDate(&key, &out->first) &&
         ConsumeRawUnit(&key, &out->unit_code) &&
         keys::ConsumeU8(&key, &out->kind) &&
         ConsumeRawDate(&key, &out->second) && key.empty();
}

std::string BasisPrefix(sgs::v1::DateBasis basis) {
  std::string prefix;
  keys::AppendU8(&prefix, static_cast<uint8_t>(basis));
  return prefix;
}

// Appends rows to a page, one unit code per page.
class ColumnsBuilder {
 public:
  ColumnsBuilder(sgs::v1::DailyAggregateColumns* columns, bool by_decision)
      : columns_(columns), by_decision_(by_decision) {}

  void Add(const RawAggregateKey& key, int64_t count, int64_t risk) {
    auto [it, inserted] = unit_index_.try_emplace(
        std::string(key.unit_code),
        static_cast<uint32_t>(columns_->unit_codes_size()));
    if (inserted) columns_->add_unit_codes(it->first);
    columns_->add_unit_index(it->second);
    columns_->add_receipt_date(by_decision_ ? key.second : key.first);
    columns_->add_decision_date(by_decision_ ? key.first : key.second);
    columns_->add_kind(static_cast<sgs::v1::RecordKind>(key.kind));
    columns_->add_record_count(count);
    columns_->add_concealment_risk_count(risk);
  }
  int rows() const { return columns_->unit_index_size(); }

 private:
  sgs::v1::DailyAggregateColumns* columns_;
  bool by_decision_;
  std::unordered_map<std::string, uint32_t> unit_index_;
};

}  // namespace

absl::StatusOr<std::string> DateFirstAggregateKey(sgs::v1::DateBasis basis,
                                                  absl::string_view unit_key) {
  RawAggregateKey parts;
  if (!DecodeUnitFirst(unit_key, &parts)) {
    return absl::DataLossError("malformed aggregate key");
  }
  std::string key = BasisPrefix(basis);
  key.reserve(unit_key.size() + 1);
  keys::AppendU32(&key, parts.first);
  key.append(keys::UnitPrefix(parts.unit_code));
  keys::AppendU8(&key, parts.kind);
  keys::AppendU32(&key, parts.second);
  return key;
}

absl::StatusOr<AggregateColumnsPage> ListAggregateColumns(
    const Engine& engine, const AggregateColumnsQuery& query) {
  const bool by_decision = query.basis == sgs::v1::DECISION_DATE;
  const sgs::v1::DateBasis basis =
      by_decision ? sgs::v1::DECISION_DATE : sgs::v1::RECEIPT_DATE;
  const bool every_unit = query.unit_code.empty();
  ColumnFamily cf = ColumnFamily::kAggByDate;
  std::string prefix = BasisPrefix(basis);
  if (!every_unit) {
    cf = by_decision ? ColumnFamily::kAggByDecision
                     : ColumnFamily::kAggByReceipt;
    prefix = keys::UnitPrefix(query.unit_code);
  }
  KeyRange range{prefix, prefix};
  keys::AppendDate(&range.lower, query.start_date);
  keys::AppendDate(&range.upper, query.end_date + 1);
  const int page_size = ClampPageSize(query.page_size, kDefaultColumnsPageSize,
                                      kMaxColumnsPageSize);
  ASSIGN_OR_RETURN(const std::string start,
                   DecodePageToken(query.page_token, range));

  AggregateColumnsPage page;
  ColumnsBuilder builder(&page.columns, by_decision);
  std::unique_ptr<rocksdb::Iterator> it = engine.NewIterator(cf);
  for (it->Seek(start); it->Valid() && it->key().compare(range.upper) < 0;
       it->Next()) {
    const absl::string_view key(it->key().data(), it->key().size());
    RawAggregateKey parts;
    if (!(every_unit ? DecodeDateFirst(key, &parts)
                     : DecodeUnitFirst(key, &parts))) {
      return absl::DataLossError("malformed aggregate key");
    }
    int64_t count = 0, risk = 0;
    if (!keys::DecodeAggregateValue(
            absl::string_view(it->value().data(), it->value().size()), &count,
            &risk)) {
      return absl::DataLossError("corrupt aggregate value");
    }
    if (count == 0 && risk == 0) continue;
    if (builder.rows() >= page_size) {
      page.next_page_token = EncodePageToken(key);
      break;
    }
    builder.Add(parts, count, risk);
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "list aggregates"));
  return page;
}

absl::Status FillAggregatesByDate(Engine* engine) {
  for (const auto& [cf, basis] :
       {std::make_pair(ColumnFamily::kAggByReceipt, sgs::v1::RECEIPT_DATE),
        std::make_pair(ColumnFamily::kAggByDecision, sgs::v1::DECISION_DATE)}) {
    std::unique_ptr<rocksdb::Iterator> it = engine->NewIterator(cf);
    auto batch = std::make_unique<WriteBatch>(engine);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSIGN_OR_RETURN(
          const std::string key,
          DateFirstAggregateKey(
              basis, absl::string_view(it->key().data(), it->key().size())));
      batch->Put(ColumnFamily::kAggByDate, key,
                 absl::string_view(it->value().data(), it->value().size()));
      if (batch->Count() >= kMigrationBatchEntries) {
        RETURN_IF_ERROR(engine->Commit(batch.get()));
        batch = std::make_unique<WriteBatch>(engine);
      }
    }
    RETURN_IF_ERROR(FromRocks(it->status(), "migrate aggregates"));
    if (batch->Count() > 0) RETURN_IF_ERROR(engine->Commit(batch.get()));
  }
  return absl::OkStatus();
}

}  // namespace sgs::ingest::storage
