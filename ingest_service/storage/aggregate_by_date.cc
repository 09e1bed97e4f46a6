#include "ingest_service/storage/aggregate_by_date.h"

#include <cstdint>
#include <memory>
#include <utility>

#include "common/dates.h"
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

// unit · first · kind · second (formats 1-3)
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

// The one encoding of an agg_by_date key (dates as yyyymmdd numbers).
std::string EncodeDateFirst(sgs::v1::DateBasis basis, uint32_t first,
                            absl::string_view unit_code, uint8_t kind,
                            uint32_t second) {
  std::string key;
  key.reserve(11 + unit_code.size());
  keys::AppendU8(&key, static_cast<uint8_t>(basis));
  keys::AppendU32(&key, first);
  keys::AppendU8(&key, static_cast<uint8_t>(unit_code.size()));
  key.append(unit_code.data(), unit_code.size());
  keys::AppendU8(&key, kind);
  keys::AppendU32(&key, second);
  return key;
}

}  // namespace

std::string DateFirstAggregateKey(sgs::v1::DateBasis basis,
                                  absl::CivilDay first,
                                  absl::string_view unit_code,
                                  sgs::v1::RecordKind kind,
                                  absl::CivilDay second) {
  return EncodeDateFirst(basis, DateNumber(first), unit_code,
                         static_cast<uint8_t>(kind), DateNumber(second));
}

absl::StatusOr<std::string> DateFirstAggregateKey(sgs::v1::DateBasis basis,
                                                  absl::string_view unit_key) {
  RawAggregateKey parts;
  if (!DecodeUnitFirst(unit_key, &parts)) {
    return absl::DataLossError("malformed aggregate key");
  }
  return EncodeDateFirst(basis, parts.first, parts.unit_code, parts.kind,
                         parts.second);
}

void AggregateColumnsBuilder::Add(const AggregateRow& row) {
  // Rows come in (date, unit) order: a unit's rows of one day follow each
  // other, so most rows reuse the previous row's index.
  if (last_index_ < 0 || row.unit_code != last_unit_) {
    auto [it, inserted] = unit_index_.try_emplace(
        row.unit_code, static_cast<uint32_t>(columns_->unit_codes_size()));
    if (inserted) columns_->add_unit_codes(std::string(row.unit_code));
    last_index_ = static_cast<int64_t>(it->second);
    last_unit_.assign(row.unit_code.data(), row.unit_code.size());
  }
  columns_->add_unit_index(static_cast<uint32_t>(last_index_));
  columns_->add_receipt_date(row.receipt_date);
  columns_->add_decision_date(row.decision_date);
  columns_->add_kind(static_cast<sgs::v1::RecordKind>(row.kind));
  columns_->add_record_count(row.record_count);
  columns_->add_concealment_risk_count(row.concealment_risk_count);
}

absl::StatusOr<std::string> ScanAggregateRows(
    const Engine& engine, const AggregateColumnsQuery& query,
    absl::FunctionRef<bool(const AggregateRow&)> visit) {
  const bool by_decision = query.basis == sgs::v1::DECISION_DATE;
  const sgs::v1::DateBasis basis =
      by_decision ? sgs::v1::DECISION_DATE : sgs::v1::RECEIPT_DATE;
  const bool every_unit = query.unit_code.empty();
  const std::string prefix = BasisPrefix(basis);
  KeyRange range{prefix, prefix};
  keys::AppendDate(&range.lower, query.start_date);
  keys::AppendDate(&range.upper, query.end_date + 1);
  ASSIGN_OR_RETURN(std::string start, DecodePageToken(query.page_token, range));
  const std::string unit_prefix =
      every_unit ? std::string() : keys::UnitPrefix(query.unit_code);
  // One unit: the rows of day D start at basis · D · unit. `start` is
  // that key for the first day, or a token (a row of the unit).
  if (!every_unit && query.page_token.empty()) start.append(unit_prefix);
  std::unique_ptr<rocksdb::Iterator> it =
      engine.NewIterator(ColumnFamily::kAggByDate);
  const rocksdb::Slice upper(range.upper);
  std::string day_key;  // basis · D · unit, one unit's rows of day D
  const auto set_day_key = [&](uint32_t day) {
    day_key = prefix;
    keys::AppendU32(&day_key, day);
    day_key.append(unit_prefix);
  };
  it->Seek(start);
  while (it->Valid() && it->key().compare(upper) < 0) {
    const absl::string_view key(it->key().data(), it->key().size());
    RawAggregateKey parts;
    if (!DecodeDateFirst(key, &parts)) {
      return absl::DataLossError("malformed aggregate key");
    }
    if (!every_unit && parts.unit_code != query.unit_code) {
      // Another unit's row of day D: seek the unit's rows of D when they
      // come later, else those of the next day (D + 1 as a number is
      // never a stored date, but sorts after D and before the day after
      // it). Each seek lands past the current key: the scan ends.
      set_day_key(parts.first);
      if (key.compare(day_key) >= 0) set_day_key(parts.first + 1);
      it->Seek(day_key);
      continue;
    }
    AggregateRow row;
    if (!keys::DecodeAggregateValue(
            absl::string_view(it->value().data(), it->value().size()),
            &row.record_count, &row.concealment_risk_count)) {
      return absl::DataLossError("corrupt aggregate value");
    }
    if (row.record_count != 0 || row.concealment_risk_count != 0) {
      row.unit_code = parts.unit_code;
      row.receipt_date = by_decision ? parts.second : parts.first;
      row.decision_date = by_decision ? parts.first : parts.second;
      row.kind = parts.kind;
      if (!visit(row)) return EncodePageToken(key);
    }
    it->Next();
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "list aggregates"));
  return std::string();
}

absl::StatusOr<AggregateColumnsPage> ListAggregateColumns(
    const Engine& engine, const AggregateColumnsQuery& query) {
  const int page_size = ClampPageSize(query.page_size, kDefaultColumnsPageSize,
                                      kMaxColumnsPageSize);
  AggregateColumnsPage page;
  AggregateColumnsBuilder builder(&page.columns);
  ASSIGN_OR_RETURN(
      page.next_page_token,
      ScanAggregateRows(engine, query, [&](const AggregateRow& row) {
        if (builder.rows() >= page_size) return false;
        builder.Add(row);
        return true;
      }));
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

absl::Status ClearUnitFirstAggregates(Engine* engine) {
  for (const ColumnFamily cf :
       {ColumnFamily::kAggByReceipt, ColumnFamily::kAggByDecision}) {
    std::unique_ptr<rocksdb::Iterator> it = engine->NewIterator(cf);
    it->SeekToFirst();
    if (!it->Valid()) {
      RETURN_IF_ERROR(FromRocks(it->status(), "migrate aggregates"));
      continue;
    }
    const std::string first = it->key().ToString();
    it->SeekToLast();
    RETURN_IF_ERROR(FromRocks(it->status(), "migrate aggregates"));
    std::string end = it->key().ToString();
    end.push_back('\0');  // just past the last key
    it.reset();
    // One range tombstone, then a compaction that drops the files it
    // covers: the space is back when the migration ends.
    WriteBatch batch(engine);
    batch.DeleteRange(cf, first, end);
    RETURN_IF_ERROR(engine->Commit(&batch));
    RETURN_IF_ERROR(engine->CompactColumnFamily(cf));
  }
  return absl::OkStatus();
}

}  // namespace sgs::ingest::storage
