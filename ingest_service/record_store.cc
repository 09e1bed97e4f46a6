#include "ingest_service/record_store.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"
#include "common/grpc_status.h"
#include "common/keys.h"
#include "google/protobuf/util/time_util.h"
#include "ingest_service/record_diff.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace sgs::ingest {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kRecordsCf[] = "records";
constexpr char kRecordIdsCf[] = "record_ids";
constexpr char kVersionsCf[] = "record_versions";
constexpr char kRejectedCf[] = "rejected";
constexpr char kObjectionsCf[] = "objections";
constexpr char kFindingsCf[] = "findings";
constexpr char kAggByReceiptCf[] = "agg_by_receipt";
constexpr char kAggByDecisionCf[] = "agg_by_decision";
constexpr char kMetaCf[] = "meta";
constexpr char kAuditCf[] = "audit";
constexpr char kNextIdKey[] = "next_id";

// Adds (record count, risk count) pairs: aggregates are kept by merging
// +1/-1 deltas in the same WriteBatch as the record, never by a separate
// read-modify-write.
class AggregateAddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/,
             const rocksdb::Slice* existing_value, const rocksdb::Slice& value,
             std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    int64_t count = 0, risk = 0, delta_count = 0, delta_risk = 0;
    if (existing_value != nullptr &&
        !keys::DecodeAggregateValue(
            absl::string_view(existing_value->data(), existing_value->size()),
            &count, &risk)) {
      return false;
    }
    if (!keys::DecodeAggregateValue(
            absl::string_view(value.data(), value.size()), &delta_count,
            &delta_risk)) {
      return false;
    }
    *new_value =
        keys::EncodeAggregateValue(count + delta_count, risk + delta_risk);
    return true;
  }
  const char* Name() const override { return "sgs.AggregateAdd"; }
};

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  if (status.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat(what, ": ", status.ToString()));
  }
  return absl::InternalError(
      absl::StrCat("存储错误 (", what, "): ", status.ToString()));
}

std::string EncodePageToken(absl::string_view key) {
  return absl::WebSafeBase64Escape(key);
}

// Where a listing starts: `lower` for the first page, else the key the
// page token stands for, which must lie inside [lower, upper).
absl::StatusOr<std::string> StartKey(const std::string& page_token,
                                     absl::string_view lower,
                                     absl::string_view upper) {
  if (page_token.empty()) return std::string(lower);
  std::string key;
  if (!absl::WebSafeBase64Unescape(page_token, &key) || key < lower ||
      (!upper.empty() && key >= upper)) {
    return FieldError("page_token", "invalid_page_token",
                      "分页令牌无效或与本次查询条件不符，请使用上一页返回的 "
                      "next_page_token 并保持其他查询条件不变");
  }
  return key;
}

// The key range of one unit, or everything ("", "") when `unit_code` is
// empty.
std::pair<std::string, std::string> UnitRange(const std::string& unit_code) {
  if (unit_code.empty()) return {"", ""};
  std::string lower = keys::UnitPrefix(unit_code);
  std::string upper = keys::PrefixSuccessor(lower);
  return {std::move(lower), std::move(upper)};
}

int ClampPageSize(int requested, int default_size, int max_size) {
  if (requested <= 0) return default_size;
  return std::min(requested, max_size);
}

absl::StatusOr<absl::CivilDay> DecisionDay(const sgs::v1::Record& record) {
  return ParseDate(DecisionDateOf(record));
}

// A batch's net changes to the two aggregate tables. Summed in memory and
// merged once per distinct key: a back-fill chunk of a thousand records
// touches a few dozen (unit, day, day) keys, not two thousand.
class AggregateDeltas {
 public:
  // Adds (sign = +1) or removes (sign = -1) a record's contribution.
  absl::Status Add(const sgs::v1::Record& record, int sign) {
    absl::StatusOr<absl::CivilDay> decision = DecisionDay(record);
    if (!decision.ok()) return decision.status();
    absl::StatusOr<absl::CivilDay> receipt = ParseDate(record.receipt_date());
    if (!receipt.ok()) return receipt.status();
    RecordIdentity identity = IdentityOf(record);
    const int risk = record.concealment_risk() ? sign : 0;
    auto& by_receipt = by_receipt_[keys::AggregateKey(
        identity.unit_code, *receipt, identity.kind, *decision)];
    by_receipt.first += sign;
    by_receipt.second += risk;
    auto& by_decision = by_decision_[keys::AggregateKey(
        identity.unit_code, *decision, identity.kind, *receipt)];
    by_decision.first += sign;
    by_decision.second += risk;
    return absl::OkStatus();
  }

  absl::Status MergeInto(rocksdb::WriteBatch* batch,
                         rocksdb::ColumnFamilyHandle* by_receipt,
                         rocksdb::ColumnFamilyHandle* by_decision) const {
    for (const auto& [cf, deltas] :
         {std::make_pair(by_receipt, &by_receipt_),
          std::make_pair(by_decision, &by_decision_)}) {
      for (const auto& [key, delta] : *deltas) {
        if (delta.first == 0 && delta.second == 0) continue;
        rocksdb::Status status = batch->Merge(
            cf, key, keys::EncodeAggregateValue(delta.first, delta.second));
        if (!status.ok()) return FromRocks(status, "merge aggregate");
      }
    }
    return absl::OkStatus();
  }

 private:
  std::map<std::string, std::pair<int64_t, int64_t>> by_receipt_;
  std::map<std::string, std::pair<int64_t, int64_t>> by_decision_;
};

template <typename Message>
absl::Status ParseValue(const rocksdb::Slice& value, Message* message) {
  if (!message->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("stored value does not parse");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<RecordStore>> RecordStore::Open(
    const std::string& path, const StoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 5;
  // Tickers (block cache hits, stall time) for the metrics; no timers.
  db_options.statistics = rocksdb::CreateDBStatistics();
  db_options.statistics->set_stats_level(rocksdb::StatsLevel::kExceptTimers);
  // Bound memory and disk: one budget for all memtables (rather than 64 MB
  // per column family), and flush the small column families when the WAL
  // grows, or their data would pin the first log file forever.
  db_options.db_write_buffer_size = options.write_buffer_total_bytes;
  db_options.max_total_wal_size = options.max_wal_bytes;

  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table_options.cache_index_and_filter_blocks = true;
  table_options.pin_l0_filter_and_index_blocks_in_cache = true;
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(
      rocksdb::NewBlockBasedTableFactory(table_options));
  cf_options.compression = rocksdb::kNoCompression;
  rocksdb::ColumnFamilyOptions agg_options = cf_options;
  agg_options.merge_operator = std::make_shared<AggregateAddOperator>();

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, cf_options},
      {kRecordsCf, cf_options},
      {kRecordIdsCf, cf_options},
      {kVersionsCf, cf_options},
      {kRejectedCf, cf_options},
      {kObjectionsCf, cf_options},
      {kFindingsCf, cf_options},
      {kAggByReceiptCf, agg_options},
      {kAggByDecisionCf, agg_options},
      {kMetaCf, cf_options},
      {kAuditCf, cf_options},
  };
  // RocksDB creates only the last directory of the path.
  std::error_code mkdir_error;
  std::filesystem::create_directories(path, mkdir_error);
  if (mkdir_error) {
    return absl::UnavailableError(
        absl::StrCat("无法创建数据目录 ", path, ": ", mkdir_error.message()));
  }
  auto store = std::unique_ptr<RecordStore>(new RecordStore());
  store->options_ = options;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(db_options, path, descriptors, &store->handles_, &db);
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("无法打开数据目录 ", path, ": ", status.ToString()));
  }
  store->db_.reset(db);
  store->records_ = store->handles_[1];
  store->record_ids_ = store->handles_[2];
  store->versions_ = store->handles_[3];
  store->rejected_ = store->handles_[4];
  store->objections_ = store->handles_[5];
  store->findings_ = store->handles_[6];
  store->agg_by_receipt_ = store->handles_[7];
  store->agg_by_decision_ = store->handles_[8];
  store->meta_ = store->handles_[9];
  store->audit_ = store->handles_[10];

  std::string next_id;
  status = db->Get(rocksdb::ReadOptions(), store->meta_, kNextIdKey, &next_id);
  absl::MutexLock lock(&store->write_mutex_);
  if (status.ok()) {
    absl::string_view view(next_id);
    if (!keys::ConsumeU64(&view, &store->next_id_)) {
      return absl::DataLossError("corrupt id counter");
    }
  } else if (status.IsNotFound()) {
    store->next_id_ = 1;
  } else {
    return FromRocks(status, "read id counter");
  }
  store->persisted_next_id_ = store->next_id_;
  return store;
}

RecordStore::~RecordStore() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

absl::Status RecordStore::WriteBatch(rocksdb::WriteBatch* batch) {
  if (next_id_ != persisted_next_id_) {
    // The id counter advances in the same batch as the objects it named.
    std::string value;
    keys::AppendU64(&value, next_id_);
    rocksdb::Status status = batch->Put(meta_, kNextIdKey, value);
    if (!status.ok()) return FromRocks(status, "id counter");
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  absl::Status written = FromRocks(db_->Write(write_options, batch), "write");
  // On failure the ids handed out are skipped, never reused.
  if (written.ok()) persisted_next_id_ = next_id_;
  return written;
}

uint64_t RecordStore::NextId() { return next_id_++; }

absl::Status RecordStore::AppendAudit(rocksdb::WriteBatch* batch,
                                      absl::Time now, const AuditActor& actor,
                                      sgs::v1::AuditAction action,
                                      const std::string& unit_code,
                                      const std::string& target,
                                      std::vector<std::string> changed_fields,
                                      const std::string& detail) {
  const uint64_t id = NextId();
  sgs::v1::AuditEntry entry;
  entry.set_name(ChildName(unit_code, "auditEntries", id));
  *entry.mutable_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  entry.set_actor(actor.name);
  entry.set_actor_role(actor.role);
  entry.set_peer(actor.peer);
  entry.set_action(action);
  entry.set_unit_code(unit_code);
  entry.set_target(target);
  for (std::string& field : changed_fields) {
    entry.add_changed_fields(std::move(field));
  }
  entry.set_detail(detail);
  return FromRocks(batch->Put(audit_, keys::AuditKey(unit_code, id),
                              entry.SerializeAsString()),
                   "audit");
}

absl::StatusOr<absl::optional<sgs::v1::Record>> RecordStore::ReadCurrent(
    const RecordIdentity& identity) const {
  std::string receipt_value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), record_ids_,
               keys::IdentityKey(identity.unit_code, identity.kind,
                                 identity.document_number),
               &receipt_value);
  if (status.IsNotFound()) return absl::optional<sgs::v1::Record>();
  if (!status.ok()) return FromRocks(status, "identity");
  absl::string_view view(receipt_value);
  absl::CivilDay receipt;
  if (!keys::ConsumeDate(&view, &receipt)) {
    return absl::DataLossError("corrupt identity entry");
  }
  std::string value;
  status = db_->Get(rocksdb::ReadOptions(), records_,
                    keys::RecordKey(identity.unit_code, receipt, identity.kind,
                                    identity.document_number),
                    &value);
  if (!status.ok()) return FromRocks(status, "record");
  sgs::v1::Record record;
  absl::Status parsed = ParseValue(value, &record);
  if (!parsed.ok()) return parsed;
  return absl::optional<sgs::v1::Record>(std::move(record));
}

absl::StatusOr<std::vector<WriteOutcome>> RecordStore::WriteRecords(
    absl::Span<const RecordWrite> writes, absl::Time now,
    const AuditActor& actor) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(writes.size());
  rocksdb::WriteBatch batch;
  absl::MutexLock lock(&write_mutex_);
  // Records written earlier in this batch, by identity key: a stream may
  // correct a record it sent a moment before, in the same chunk.
  std::map<std::string, sgs::v1::Record> pending;
  AggregateDeltas aggregates;
  for (const RecordWrite& write : writes) {
    RecordIdentity identity = IdentityOf(write.record);
    std::string identity_key = keys::IdentityKey(
        identity.unit_code, identity.kind, identity.document_number);
    absl::optional<sgs::v1::Record> existing;
    auto pending_it = pending.find(identity_key);
    if (pending_it != pending.end()) {
      existing = pending_it->second;
    } else {
      absl::StatusOr<absl::optional<sgs::v1::Record>> current =
          ReadCurrent(identity);
      if (!current.ok()) return current.status();
      existing = *std::move(current);
    }

    sgs::v1::Record record = write.record;
    absl::Time receipt_time = write.receipt_time;
    if (existing.has_value()) {
      // Timeliness is judged on the first receipt: a correction keeps it,
      // only a back-fill of an earlier platform receipt moves it back.
      absl::Time first_receipt = absl::FromUnixMicros(
          TimeUtil::TimestampToMicroseconds(existing->receipt_time()));
      if (!write.historical_receipt || first_receipt < receipt_time) {
        receipt_time = first_receipt;
      }
      record.set_version(existing->version() + 1);
      // The current version lives in "records"; superseded ones move to
      // "record_versions", so a new record costs one copy of its value.
      batch.Put(versions_,
                keys::VersionKey(identity.unit_code, identity.kind,
                                 identity.document_number, existing->version()),
                existing->SerializeAsString());
      absl::Status removed = aggregates.Add(*existing, -1);
      if (!removed.ok()) return removed;
      if (existing->receipt_date() != FormatDate(ChinaDate(receipt_time))) {
        absl::StatusOr<absl::CivilDay> old_receipt =
            ParseDate(existing->receipt_date());
        if (!old_receipt.ok()) return old_receipt.status();
        batch.Delete(records_,
                     keys::RecordKey(identity.unit_code, *old_receipt,
                                     identity.kind, identity.document_number));
      }
    } else {
      record.set_version(1);
    }
    absl::CivilDay receipt_date = ChinaDate(receipt_time);
    record.set_name(RecordName(identity));
    *record.mutable_receipt_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(receipt_time));
    record.set_receipt_date(FormatDate(receipt_date));
    *record.mutable_update_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
    // Sending a record again after a withdrawal reinstates it.
    record.set_withdrawn(false);
    record.clear_withdraw_reason();

    absl::Status added = aggregates.Add(record, +1);
    if (!added.ok()) return added;
    std::string value = record.SerializeAsString();
    std::string receipt_value;
    keys::AppendDate(&receipt_value, receipt_date);
    batch.Put(records_,
              keys::RecordKey(identity.unit_code, receipt_date, identity.kind,
                              identity.document_number),
              value);
    batch.Put(record_ids_, identity_key, receipt_value);
    const bool created = !existing.has_value();
    absl::Status audited = AppendAudit(
        &batch, now, actor,
        write.historical_receipt
            ? (created ? sgs::v1::RECORD_BACKFILL_CREATE
                       : sgs::v1::RECORD_BACKFILL_CORRECT)
            : (created ? sgs::v1::RECORD_CREATE : sgs::v1::RECORD_CORRECT),
        identity.unit_code, record.name(),
        created ? std::vector<std::string>() : ChangedFields(*existing, record),
        write.historical_receipt
            ? absl::StrCat("归集时间 ",
                           absl::FormatTime("%Y-%m-%d %H:%M:%S", receipt_time,
                                            ChinaStandardTime()),
                           " (UTC+8)")
            : "");
    if (!audited.ok()) return audited;
    outcomes.push_back(WriteOutcome{record, !existing.has_value()});
    pending[identity_key] = std::move(record);
  }
  if (batch.Count() == 0) return outcomes;
  absl::Status merged =
      aggregates.MergeInto(&batch, agg_by_receipt_, agg_by_decision_);
  if (!merged.ok()) return merged;
  absl::Status written = WriteBatch(&batch);
  if (!written.ok()) return written;
  return outcomes;
}

absl::StatusOr<sgs::v1::Record> RecordStore::GetRecord(
    const RecordIdentity& identity) const {
  absl::StatusOr<absl::optional<sgs::v1::Record>> current =
      ReadCurrent(identity);
  if (!current.ok()) return current.status();
  if (!current->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("记录不存在: ", RecordName(identity)));
  }
  return **current;
}

absl::StatusOr<Page<sgs::v1::Record>> RecordStore::ListRecords(
    const ListRecordsQuery& query) const {
  const std::string prefix = keys::UnitPrefix(query.unit_code);
  std::string lower = prefix;
  if (query.start_date.has_value()) keys::AppendDate(&lower, *query.start_date);
  std::string upper;
  if (query.end_date.has_value()) {
    upper = prefix;
    keys::AppendDate(&upper, *query.end_date + 1);
  } else {
    upper = keys::PrefixSuccessor(prefix);
  }
  absl::StatusOr<std::string> seek = StartKey(query.page_token, lower, upper);
  if (!seek.ok()) return seek.status();
  const int page_size = ClampPageSize(query.page_size, 100, 1000);
  Page<sgs::v1::Record> page;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), records_));
  for (it->Seek(*seek); it->Valid() && it->key().compare(upper) < 0;
       it->Next()) {
    if (static_cast<int>(page.items.size()) == page_size) {
      page.next_page_token = EncodePageToken(it->key().ToString());
      break;
    }
    sgs::v1::Record record;
    absl::Status parsed = ParseValue(it->value(), &record);
    if (!parsed.ok()) return parsed;
    if (query.kind != sgs::v1::RECORD_KIND_UNSPECIFIED &&
        IdentityOf(record).kind != query.kind) {
      continue;
    }
    page.items.push_back(std::move(record));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "list records");
  return page;
}

absl::StatusOr<std::vector<sgs::v1::Record>> RecordStore::ListVersions(
    const RecordIdentity& identity) const {
  const std::string prefix = keys::IdentityKey(
      identity.unit_code, identity.kind, identity.document_number);
  std::vector<sgs::v1::Record> versions;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), versions_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    // The prefix is followed by exactly the 4-byte version.
    if (it->key().size() != prefix.size() + 4) continue;
    sgs::v1::Record record;
    absl::Status parsed = ParseValue(it->value(), &record);
    if (!parsed.ok()) return parsed;
    versions.push_back(std::move(record));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "list versions");
  absl::StatusOr<sgs::v1::Record> current = GetRecord(identity);
  if (!current.ok()) return current.status();
  versions.push_back(*std::move(current));
  return versions;
}

absl::StatusOr<sgs::v1::Record> RecordStore::WithdrawRecord(
    const RecordIdentity& identity, const std::string& reason, absl::Time now,
    const AuditActor& actor) {
  absl::MutexLock lock(&write_mutex_);
  absl::StatusOr<absl::optional<sgs::v1::Record>> current =
      ReadCurrent(identity);
  if (!current.ok()) return current.status();
  if (!current->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("记录不存在: ", RecordName(identity)));
  }
  sgs::v1::Record record = **current;
  const std::string previous = record.SerializeAsString();
  if (record.withdrawn()) {
    return absl::FailedPreconditionError(
        absl::StrCat("记录已撤销: ", RecordName(identity)));
  }
  // Withdrawal changes no count: the record did reach the platform, and
  // timeliness was judged when it did.
  record.set_withdrawn(true);
  record.set_withdraw_reason(reason);
  record.set_version(record.version() + 1);
  *record.mutable_update_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  absl::StatusOr<absl::CivilDay> receipt = ParseDate(record.receipt_date());
  if (!receipt.ok()) return receipt.status();
  std::string value = record.SerializeAsString();
  rocksdb::WriteBatch batch;
  batch.Put(records_,
            keys::RecordKey(identity.unit_code, *receipt, identity.kind,
                            identity.document_number),
            value);
  batch.Put(versions_,
            keys::VersionKey(identity.unit_code, identity.kind,
                             identity.document_number, record.version() - 1),
            previous);
  absl::Status audited = AppendAudit(
      &batch, now, actor, sgs::v1::RECORD_WITHDRAW, identity.unit_code,
      record.name(), {"withdrawn"}, absl::StrCat("撤销原因: ", reason));
  if (!audited.ok()) return audited;
  absl::Status written = WriteBatch(&batch);
  if (!written.ok()) return written;
  return record;
}

absl::Status RecordStore::AddRejections(
    std::vector<sgs::v1::RejectedSubmission>* rejections) {
  if (rejections->empty()) return absl::OkStatus();
  rocksdb::WriteBatch batch;
  absl::MutexLock lock(&write_mutex_);
  for (sgs::v1::RejectedSubmission& rejection : *rejections) {
    int64_t micros = TimeUtil::TimestampToMicroseconds(rejection.reject_time());
    uint64_t sequence = ++rejection_sequence_;
    rejection.set_name(absl::StrCat("units/", rejection.unit_code(),
                                    "/rejectedSubmissions/", micros, "-",
                                    sequence));
    batch.Put(rejected_,
              keys::RejectedKey(rejection.unit_code(), micros, sequence),
              rejection.SerializeAsString());
  }
  return WriteBatch(&batch);
}

namespace {

// Lists one unit's (or every unit's) entries of a column family whose
// values are `Message`s, in key order, with page tokens; `keep`, when
// given, filters entries (it sees each at most once, and a page holds up to
// `page_size` kept entries).
template <typename Message>
absl::StatusOr<Page<Message>> ListPrefix(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
    const std::string& unit_code, int page_size, const std::string& page_token,
    const std::function<absl::StatusOr<bool>(const Message&)>& keep = nullptr) {
  const auto [lower, upper] = UnitRange(unit_code);
  absl::StatusOr<std::string> seek = StartKey(page_token, lower, upper);
  if (!seek.ok()) return seek.status();
  Page<Message> page;
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->Seek(*seek);
       it->Valid() && (upper.empty() || it->key().compare(upper) < 0);
       it->Next()) {
    Message message;
    absl::Status parsed = ParseValue(it->value(), &message);
    if (!parsed.ok()) return parsed;
    if (keep) {
      absl::StatusOr<bool> kept = keep(message);
      if (!kept.ok()) return kept.status();
      if (!*kept) continue;
    }
    if (static_cast<int>(page.items.size()) == page_size) {
      page.next_page_token = EncodePageToken(it->key().ToString());
      break;
    }
    page.items.push_back(std::move(message));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "list");
  return page;
}

}  // namespace

absl::StatusOr<Page<sgs::v1::RejectedSubmission>> RecordStore::ListRejections(
    const std::string& unit_code, int page_size,
    const std::string& page_token) const {
  return ListPrefix<sgs::v1::RejectedSubmission>(
      db_.get(), rejected_, unit_code, ClampPageSize(page_size, 50, 500),
      page_token);
}

absl::StatusOr<sgs::v1::Objection> RecordStore::CreateObjection(
    sgs::v1::Objection objection, const AuditActor& actor) {
  rocksdb::WriteBatch batch;
  absl::MutexLock lock(&write_mutex_);
  const uint64_t id = NextId();
  objection.set_name(ChildName(objection.unit_code(), "objections", id));
  objection.set_outcome(sgs::v1::PENDING);
  batch.Put(objections_, keys::ObjectionKey(objection.unit_code(), id),
            objection.SerializeAsString());
  absl::Status audited = AppendAudit(
      &batch,
      absl::FromUnixMicros(
          TimeUtil::TimestampToMicroseconds(objection.file_time())),
      actor, sgs::v1::OBJECTION_CREATE, objection.unit_code(), objection.name(),
      {}, absl::StrCat("针对 ", objection.record_name()));
  if (!audited.ok()) return audited;
  absl::Status written = WriteBatch(&batch);
  if (!written.ok()) return written;
  return objection;
}

absl::StatusOr<sgs::v1::Objection> RecordStore::ResolveObjection(
    const std::string& unit_code, uint64_t id,
    sgs::v1::ObjectionOutcome outcome, const std::string& note,
    absl::Time resolve_time, const AuditActor& actor) {
  absl::MutexLock lock(&write_mutex_);
  const std::string key = keys::ObjectionKey(unit_code, id);
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), objections_, key, &value);
  if (status.IsNotFound()) {
    return absl::NotFoundError(
        absl::StrCat("异议不存在: ", ChildName(unit_code, "objections", id)));
  }
  if (!status.ok()) return FromRocks(status, "objection");
  sgs::v1::Objection objection;
  absl::Status parsed = ParseValue(value, &objection);
  if (!parsed.ok()) return parsed;
  if (objection.outcome() != sgs::v1::PENDING) {
    return absl::FailedPreconditionError(
        absl::StrCat("异议已处理，不能再次处理: ", objection.name()));
  }
  objection.set_outcome(outcome);
  objection.set_resolution_note(note);
  *objection.mutable_resolve_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(resolve_time));
  rocksdb::WriteBatch batch;
  batch.Put(objections_, key, objection.SerializeAsString());
  absl::Status audited = AppendAudit(
      &batch, resolve_time, actor, sgs::v1::OBJECTION_RESOLVE, unit_code,
      objection.name(), {"outcome"},
      absl::StrCat(outcome == sgs::v1::UPHELD ? "有效异议" : "无效异议",
                   note.empty() ? "" : ": ", note));
  if (!audited.ok()) return audited;
  absl::Status written = WriteBatch(&batch);
  if (!written.ok()) return written;
  return objection;
}

absl::StatusOr<Page<sgs::v1::Objection>> RecordStore::ListObjections(
    const std::string& unit_code, int page_size,
    const std::string& page_token) const {
  return ListPrefix<sgs::v1::Objection>(db_.get(), objections_, unit_code,
                                        ClampPageSize(page_size, 100, 1000),
                                        page_token);
}

absl::StatusOr<sgs::v1::SpotCheckFinding> RecordStore::CreateFinding(
    sgs::v1::SpotCheckFinding finding, absl::Time now,
    const AuditActor& actor) {
  absl::StatusOr<absl::CivilDay> found = ParseDate(finding.found_date());
  if (!found.ok()) return found.status();
  rocksdb::WriteBatch batch;
  absl::MutexLock lock(&write_mutex_);
  const uint64_t id = NextId();
  finding.set_name(ChildName(finding.unit_code(), "spotCheckFindings", id));
  *finding.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  batch.Put(findings_, keys::FindingKey(finding.unit_code(), *found, id),
            finding.SerializeAsString());
  absl::Status audited =
      AppendAudit(&batch, now, actor, sgs::v1::FINDING_CREATE,
                  finding.unit_code(), finding.name(), {},
                  absl::StrCat("发现日期 ", finding.found_date(), " 文书号 ",
                               finding.document_number()));
  if (!audited.ok()) return audited;
  absl::Status written = WriteBatch(&batch);
  if (!written.ok()) return written;
  return finding;
}

absl::StatusOr<Page<sgs::v1::SpotCheckFinding>> RecordStore::ListFindings(
    const std::string& unit_code, absl::optional<absl::CivilDay> start,
    absl::optional<absl::CivilDay> end, int page_size,
    const std::string& page_token) const {
  // Findings are few (a handful a month): filter the dates while listing.
  return ListPrefix<sgs::v1::SpotCheckFinding>(
      db_.get(), findings_, unit_code, ClampPageSize(page_size, 100, 1000),
      page_token,
      [&start,
       &end](const sgs::v1::SpotCheckFinding& finding) -> absl::StatusOr<bool> {
        absl::StatusOr<absl::CivilDay> found = ParseDate(finding.found_date());
        if (!found.ok()) return found.status();
        return !(start.has_value() && *found < *start) &&
               !(end.has_value() && *found > *end);
      });
}

absl::StatusOr<Page<sgs::v1::AuditEntry>> RecordStore::ListAudit(
    const std::string& unit_code, const std::string& target, int page_size,
    const std::string& page_token) const {
  std::function<absl::StatusOr<bool>(const sgs::v1::AuditEntry&)> keep;
  if (!target.empty()) {
    // A record's trail: the unit's trail, filtered.
    keep = [&target](const sgs::v1::AuditEntry& entry) -> absl::StatusOr<bool> {
      return entry.target() == target;
    };
  }
  return ListPrefix<sgs::v1::AuditEntry>(db_.get(), audit_, unit_code,
                                         ClampPageSize(page_size, 100, 1000),
                                         page_token, keep);
}

absl::StatusOr<Page<sgs::v1::DailyAggregate>> RecordStore::ListAggregates(
    const ListAggregatesQuery& query) const {
  rocksdb::ColumnFamilyHandle* cf = query.basis == sgs::v1::DECISION_DATE
                                        ? agg_by_decision_
                                        : agg_by_receipt_;
  const auto [lower, upper] = UnitRange(query.unit_code);
  absl::StatusOr<std::string> seek = StartKey(query.page_token, lower, upper);
  if (!seek.ok()) return seek.status();
  const int page_size = ClampPageSize(query.page_size, 1000, 10000);
  Page<sgs::v1::DailyAggregate> page;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf));
  it->Seek(*seek);
  // A skip scan: within each unit, jump to the start date and leave at the
  // end date, so the cost is the size of the answer, not of the table.
  while (it->Valid() && (upper.empty() || it->key().compare(upper) < 0)) {
    absl::string_view key(it->key().data(), it->key().size());
    absl::StatusOr<keys::AggregateKeyParts> parts =
        keys::DecodeAggregateKey(key);
    if (!parts.ok()) return parts.status();
    const std::string unit_prefix = keys::UnitPrefix(parts->unit_code);
    if (parts->first < query.start_date) {
      std::string target = unit_prefix;
      keys::AppendDate(&target, query.start_date);
      it->Seek(target);
      continue;
    }
    if (parts->first > query.end_date) {
      it->Seek(keys::PrefixSuccessor(unit_prefix));
      continue;
    }
    int64_t count = 0, risk = 0;
    if (!keys::DecodeAggregateValue(
            absl::string_view(it->value().data(), it->value().size()), &count,
            &risk)) {
      return absl::DataLossError("corrupt aggregate value");
    }
    if (count != 0 || risk != 0) {
      if (static_cast<int>(page.items.size()) == page_size) {
        page.next_page_token = EncodePageToken(key);
        break;
      }
      sgs::v1::DailyAggregate aggregate;
      aggregate.set_unit_code(parts->unit_code);
      const bool by_decision = query.basis == sgs::v1::DECISION_DATE;
      aggregate.set_receipt_date(
          FormatDate(by_decision ? parts->second : parts->first));
      aggregate.set_decision_date(
          FormatDate(by_decision ? parts->first : parts->second));
      aggregate.set_kind(parts->kind);
      aggregate.set_record_count(count);
      aggregate.set_concealment_risk_count(risk);
      page.items.push_back(std::move(aggregate));
    }
    it->Next();
  }
  if (!it->status().ok()) return FromRocks(it->status(), "list aggregates");
  return page;
}

absl::Status RecordStore::VerifyAggregates() const {
  // Recount from the records, then compare with both stored tables.
  std::map<std::string, std::pair<int64_t, int64_t>> by_receipt, by_decision;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), records_));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    sgs::v1::Record record;
    absl::Status parsed = ParseValue(it->value(), &record);
    if (!parsed.ok()) return parsed;
    absl::StatusOr<absl::CivilDay> decision = DecisionDay(record);
    absl::StatusOr<absl::CivilDay> receipt = ParseDate(record.receipt_date());
    if (!decision.ok() || !receipt.ok()) {
      return absl::DataLossError("stored record has a bad date");
    }
    RecordIdentity identity = IdentityOf(record);
    const int64_t risk = record.concealment_risk() ? 1 : 0;
    auto& a = by_receipt[keys::AggregateKey(identity.unit_code, *receipt,
                                            identity.kind, *decision)];
    a.first += 1;
    a.second += risk;
    auto& b = by_decision[keys::AggregateKey(identity.unit_code, *decision,
                                             identity.kind, *receipt)];
    b.first += 1;
    b.second += risk;
  }
  if (!it->status().ok()) return FromRocks(it->status(), "recount");
  for (auto [cf, expected] : {std::make_pair(agg_by_receipt_, &by_receipt),
                              std::make_pair(agg_by_decision_, &by_decision)}) {
    std::map<std::string, std::pair<int64_t, int64_t>> stored;
    std::unique_ptr<rocksdb::Iterator> agg(
        db_->NewIterator(rocksdb::ReadOptions(), cf));
    for (agg->SeekToFirst(); agg->Valid(); agg->Next()) {
      int64_t count = 0, risk = 0;
      if (!keys::DecodeAggregateValue(
              absl::string_view(agg->value().data(), agg->value().size()),
              &count, &risk)) {
        return absl::DataLossError("corrupt aggregate value");
      }
      if (count != 0 || risk != 0) {
        stored[agg->key().ToString()] = {count, risk};
      }
    }
    if (!agg->status().ok()) return FromRocks(agg->status(), "aggregates");
    if (stored != *expected) {
      return absl::DataLossError(absl::StrFormat(
          "aggregates differ from a recount (%d stored keys, %d recounted)",
          stored.size(), expected->size()));
    }
  }
  return absl::OkStatus();
}

}  // namespace sgs::ingest
