#include "ingest_service/storage/engine.h"

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/keys.h"
#include "common/status_macros.h"
#include "ingest_service/storage/aggregate_merge_operator.h"
#include "ingest_service/storage/format_migration.h"
#include "ingest_service/storage/storage_format.h"
#include "ingest_service/storage/tuning.h"
#include "rocksdb/statistics.h"

namespace sgs::ingest::storage {
namespace {

rocksdb::Slice ToSlice(absl::string_view view) {
  return rocksdb::Slice(view.data(), view.size());
}

}  // namespace

absl::string_view ColumnFamilyName(ColumnFamily cf) {
  switch (cf) {
    case ColumnFamily::kRecords:
      return "records";
    case ColumnFamily::kRecordIds:
      return "record_ids";
    case ColumnFamily::kRecordVersions:
      return "record_versions";
    case ColumnFamily::kRejected:
      return "rejected";
    case ColumnFamily::kObjections:
      return "objections";
    case ColumnFamily::kFindings:
      return "findings";
    case ColumnFamily::kAggByReceipt:
      return "agg_by_receipt";
    case ColumnFamily::kAggByDecision:
      return "agg_by_decision";
    case ColumnFamily::kMeta:
      return "meta";
    case ColumnFamily::kAudit:
      return "audit";
    case ColumnFamily::kRejectedOpen:
      return "rejected_open";
  }
  return "unknown";
}

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  if (status.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat(what, ": ", status.ToString()));
  }
  return absl::InternalError(
      absl::StrCat("存储错误 (", what, "): ", status.ToString()));
}

void WriteBatch::Keep(const rocksdb::Status& status, absl::string_view what) {
  if (status_.ok() && !status.ok()) status_ = FromRocks(status, what);
}

void WriteBatch::Put(ColumnFamily cf, absl::string_view key,
                     absl::string_view value) {
  Keep(batch_.Put(engine_->handle(cf), ToSlice(key), ToSlice(value)),
       absl::StrCat("put ", ColumnFamilyName(cf)));
}

void WriteBatch::Delete(ColumnFamily cf, absl::string_view key) {
  Keep(batch_.Delete(engine_->handle(cf), ToSlice(key)),
       absl::StrCat("delete ", ColumnFamilyName(cf)));
}

void WriteBatch::Merge(ColumnFamily cf, absl::string_view key,
                       absl::string_view value) {
  Keep(batch_.Merge(engine_->handle(cf), ToSlice(key), ToSlice(value)),
       absl::StrCat("merge ", ColumnFamilyName(cf)));
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(
    const std::string& path, const StoreOptions& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.keep_log_file_num = 5;
  // Tickers (block cache hits, stall time) for the metrics; no timers.
  db_options.statistics = rocksdb::CreateDBStatistics();
  db_options.statistics->set_stats_level(rocksdb::StatsLevel::kExceptTimers);
  // Bound memory and disk: one budget for the cache and all memtables
  // (tuning.h), and flush the small column families when the WAL grows,
  // or their data would pin the first log file forever.
  const MemoryPlan memory =
      PlanMemory(options.memory_budget_bytes, options.block_cache_bytes,
                 options.write_buffer_total_bytes);
  const SharedTuning shared = MakeSharedTuning(memory);
  TuneDatabase(shared, &db_options);
  db_options.max_total_wal_size = options.max_wal_bytes;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < kColumnFamilyCount; ++i) {
    const auto cf = static_cast<ColumnFamily>(i);
    const bool aggregate =
        cf == ColumnFamily::kAggByReceipt || cf == ColumnFamily::kAggByDecision;
    rocksdb::ColumnFamilyOptions cf_options = TuneColumnFamily(shared, cf);
    if (aggregate) cf_options.merge_operator = NewAggregateMergeOperator();
    descriptors.emplace_back(std::string(ColumnFamilyName(cf)), cf_options);
  }
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName,
                           TuneColumnFamily(shared, ColumnFamily::kMeta));

  // RocksDB creates only the last directory of the path.
  std::error_code mkdir_error;
  std::filesystem::create_directories(path, mkdir_error);
  if (mkdir_error) {
    return absl::UnavailableError(
        absl::StrCat("无法创建数据目录 ", path, ": ", mkdir_error.message()));
  }
  auto engine = std::unique_ptr<Engine>(new Engine());
  engine->options_ = options;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(db_options, path, descriptors, &handles, &db);
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("无法打开数据目录 ", path, ": ", status.ToString()));
  }
  engine->db_.reset(db);
  for (size_t i = 0; i < handles.size() && i < engine->handles_.size(); ++i) {
    engine->handles_[i] = handles[i];
  }

  ASSIGN_OR_RETURN(absl::optional<std::string> next_id,
                   engine->Get(ColumnFamily::kMeta, kNextIdKey));
  {
    absl::MutexLock lock(&engine->id_mutex_);
    if (next_id.has_value()) {
      absl::string_view view(*next_id);
      if (!keys::ConsumeU64(&view, &engine->next_id_)) {
        return absl::DataLossError("corrupt id counter");
      }
    }
    engine->persisted_next_id_ = engine->next_id_;
  }
  RETURN_IF_ERROR(engine->CheckFormatVersion());
  return engine;
}

absl::Status Engine::CheckFormatVersion() {
  ASSIGN_OR_RETURN(absl::optional<std::string> stored,
                   Get(ColumnFamily::kMeta, kFormatVersionKey));
  // A database without the key is new or was written before the key
  // existed; either way its layout is format 1.
  uint64_t version = 1;
  if (stored.has_value() && !absl::SimpleAtoi(*stored, &version)) {
    return absl::DataLossError(
        absl::StrCat("数据目录的格式版本无法识别: \"", *stored, "\""));
  }
  if (version < kFormatVersion && version >= kOldestMigratableFormat) {
    // Migrates in place and records the new version last, so a crash
    // mid-way leaves a database that migrates again at the next open.
    return MigrateToCurrentFormat(this, version);
  }
  if (version != kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "数据目录的存储格式版本为 ", version, "，本程序只支持版本 ",
        kOldestMigratableFormat, " 至 ", kFormatVersion,
        "（旧版本在打开时自动迁移）；请使用对应版本的程序或先迁移数据 (见 "
        "docs/storage-format.md)"));
  }
  return absl::OkStatus();
}

Engine::~Engine() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (handle != nullptr) db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

absl::StatusOr<absl::optional<std::string>> Engine::Get(
    ColumnFamily cf, absl::string_view key) const {
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), handle(cf), ToSlice(key), &value);
  if (status.IsNotFound()) return absl::optional<std::string>();
  RETURN_IF_ERROR(FromRocks(status, ColumnFamilyName(cf)));
  return absl::optional<std::string>(std::move(value));
}

std::unique_ptr<rocksdb::Iterator> Engine::NewIterator(ColumnFamily cf) const {
  return std::unique_ptr<rocksdb::Iterator>(
      db_->NewIterator(rocksdb::ReadOptions(), handle(cf)));
}

uint64_t Engine::NextId() {
  absl::MutexLock lock(&id_mutex_);
  return next_id_++;
}

absl::Status Engine::Commit(WriteBatch* batch) {
  absl::MutexLock lock(&id_mutex_);
  if (next_id_ != persisted_next_id_) {
    // The id counter advances in the same batch as the objects it named.
    std::string value;
    keys::AppendU64(&value, next_id_);
    batch->Put(ColumnFamily::kMeta, kNextIdKey, value);
  }
  RETURN_IF_ERROR(batch->status());
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  RETURN_IF_ERROR(
      FromRocks(db_->Write(write_options, &batch->batch_), "write"));
  persisted_next_id_ = next_id_;
  return absl::OkStatus();
}

}  // namespace sgs::ingest::storage
