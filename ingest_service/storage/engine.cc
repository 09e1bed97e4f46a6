#include "ingest_service/storage/engine.h"

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/keys.h"
#include "common/logging.h"
#include "common/status_macros.h"
#include "ingest_service/storage/aggregate_merge_operator.h"
#include "ingest_service/storage/disk_space.h"
#include "ingest_service/storage/format_migration.h"
#include "ingest_service/storage/rocks_info_log.h"
#include "ingest_service/storage/storage_format.h"
#include "ingest_service/storage/tuning.h"
#include "ingest_service/storage/wal_recovery.h"
#include "ingest_service/storage/write_batch_order.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/sst_file_manager.h"
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
    case ColumnFamily::kAggByDate:
      return "agg_by_date";
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

void WriteBatch::Keep(const rocksdb::Status& status, const char* operation,
                      ColumnFamily cf) {
  // The message is built only for a failure: this runs for every key.
  if (status_.ok() && !status.ok()) {
    status_ =
        FromRocks(status, absl::StrCat(operation, " ", ColumnFamilyName(cf)));
  }
}

void WriteBatch::Put(ColumnFamily cf, absl::string_view key,
                     absl::string_view value) {
  Keep(batch_.Put(engine_->handle(cf), ToSlice(key), ToSlice(value)), "put",
       cf);
}

void WriteBatch::Delete(ColumnFamily cf, absl::string_view key) {
  Keep(batch_.Delete(engine_->handle(cf), ToSlice(key)), "delete", cf);
}

void WriteBatch::DeleteRange(ColumnFamily cf, absl::string_view begin,
                             absl::string_view end) {
  Keep(batch_.DeleteRange(engine_->handle(cf), ToSlice(begin), ToSlice(end)),
       "delete range", cf);
}

void WriteBatch::Merge(ColumnFamily cf, absl::string_view key,
                       absl::string_view value) {
  Keep(batch_.Merge(engine_->handle(cf), ToSlice(key), ToSlice(value)), "merge",
       cf);
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(
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
    const bool aggregate = cf == ColumnFamily::kAggByReceipt ||
                           cf == ColumnFamily::kAggByDecision ||
                           cf == ColumnFamily::kAggByDate;
    rocksdb::ColumnFamilyOptions cf_options = TuneColumnFamily(shared, cf);
    if (aggregate) cf_options.merge_operator = NewAggregateMergeOperator();
    const std::string name(ColumnFamilyName(cf));
    descriptors.emplace_back(name, cf_options);
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
  engine->path_ = path;
  engine->options_ = options;
  // Our info log: RocksDB's own aborts on a full disk (rocks_info_log.h).
  engine->info_log_ = std::make_shared<RocksInfoLog>(path);
  db_options.info_log = engine->info_log_;
  // Compactions wait rather than eat into the reserve; the manager also
  // drives RocksDB's recovery from out-of-space errors.
  db_options.sst_file_manager.reset(
      rocksdb::NewSstFileManager(rocksdb::Env::Default()));
  db_options.sst_file_manager->SetCompactionBufferSize(
      options.min_free_disk_bytes);
  db_options.wal_recovery_mode = FirstWalRecoveryMode(
      options.sync_writes, options.accept_wal_point_in_time_recovery);
  engine->db_options_ = db_options;
  engine->descriptors_ = std::move(descriptors);

  absl::StatusOr<std::unique_ptr<Instance>> instance =
      engine->OpenInstance(/*read_only=*/false);
  if (!instance.ok()) return instance.status();
  {
    absl::MutexLock lock(&engine->reopen_mutex_);
    engine->current_.store(instance->get());
    engine->instances_.push_back(*std::move(instance));
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

absl::StatusOr<std::unique_ptr<Engine::Instance>> Engine::OpenInstance(
    bool read_only) {
  auto instance = std::make_unique<Instance>();
  instance->read_only = read_only;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  info_log_->ClearWalReports();
  rocksdb::Status status =
      read_only
          ? rocksdb::DB::OpenForReadOnly(db_options_, path_, descriptors_,
                                         &handles, &db)
          : rocksdb::DB::Open(db_options_, path_, descriptors_, &handles, &db);
  std::vector<std::string> reports = info_log_->WalReports();
  if (status.IsCorruption() &&
      db_options_.wal_recovery_mode ==
          rocksdb::WALRecoveryMode::kAbsoluteConsistency) {
    if (!IsTornTailOfNewestLog(path_, status, reports)) {
      return WalDamageError(path_, status, reports);
    }
    // An interrupted last write (never acknowledged): drop its tail.
    LogEvent(LogLevel::kWarning, "ingest_service", "wal_torn_tail",
             LogFields()
                 .Add("file", ReportedFile(reports.front()))
                 .Add("report", reports.front()));
    rocksdb::Options tolerant = db_options_;
    tolerant.wal_recovery_mode =
        rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
    status = read_only ? rocksdb::DB::OpenForReadOnly(
                             tolerant, path_, descriptors_, &handles, &db)
                       : rocksdb::DB::Open(tolerant, path_, descriptors_,
                                           &handles, &db);
    reports.clear();
  }
  if (!status.ok() && !read_only && IsNoSpace(status)) {
    // Too full to open for writing (new MANIFEST, flushes): serve reads.
    LogEvent(LogLevel::kError, "ingest_service", "disk_full_read_only",
             LogFields()
                 .Add("data_dir", path_)
                 .Add("min_free_disk_bytes",
                      static_cast<int64_t>(options_.min_free_disk_bytes))
                 .Add("error", status.ToString()));
    return OpenInstance(/*read_only=*/true);
  }
  if (!status.ok()) {
    if (status.IsCorruption()) return WalDamageError(path_, status, reports);
    return absl::UnavailableError(
        absl::StrCat("无法打开数据目录 ", path_, ": ", status.ToString()));
  }
  instance->db.reset(db);
  for (size_t i = 0; i < handles.size() && i < instance->handles.size(); ++i) {
    instance->handles[i] = handles[i];
  }
  if (!reports.empty()) {
    // Point-in-time recovery dropped part of the log: say so, and keep a
    // note in the store itself (meta "wal_recovery_loss/<time>").
    for (const std::string& report : reports) {
      LogEvent(
          LogLevel::kError, "ingest_service", "wal_recovery_loss",
          LogFields().Add("file", ReportedFile(report)).Add("report", report));
    }
    if (!read_only) {
      rocksdb::WriteOptions write_options;
      write_options.sync = true;
      const std::string key = absl::StrCat(kWalRecoveryLossKeyPrefix,
                                           absl::ToUnixMicros(absl::Now()));
      rocksdb::Status noted =
          db->Put(write_options,
                  instance->handles[static_cast<int>(ColumnFamily::kMeta)], key,
                  absl::StrJoin(reports, "\n"));
      if (!noted.ok()) return FromRocks(noted, "record WAL recovery loss");
    }
  }
  return instance;
}

Engine::Instance::~Instance() {
  if (db == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    if (handle != nullptr) db->DestroyColumnFamilyHandle(handle);
  }
  db->Close();
}

absl::Status Engine::WriteAvailability() const {
  if (current()->read_only) {
    return DiskFullError(path_, options_.min_free_disk_bytes,
                         "已满，启动时只能以只读方式打开");
  }
  return CheckFreeSpace(path_, options_.min_free_disk_bytes);
}

absl::Status Engine::PrepareWrite() {
  RETURN_IF_ERROR(CheckFreeSpace(path_, options_.min_free_disk_bytes));
  if (!current()->read_only) return absl::OkStatus();
  absl::MutexLock lock(&reopen_mutex_);
  if (!current()->read_only) return absl::OkStatus();
  // A read-only instance does not lock the directory: open the writable
  // one next to it, then switch.
  absl::StatusOr<std::unique_ptr<Instance>> instance =
      OpenInstance(/*read_only=*/false);
  if (!instance.ok()) return instance.status();
  if ((*instance)->read_only) {
    return DiskFullError(path_, options_.min_free_disk_bytes, "仍不足以写入");
  }
  current_.store(instance->get());
  instances_.push_back(*std::move(instance));
  LogEvent(LogLevel::kInfo, "ingest_service", "writes_resumed",
           LogFields().Add("data_dir", path_));
  return absl::OkStatus();
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
  absl::MutexLock lock(&reopen_mutex_);
  // The current (writable) one first: it may flush; then the rest.
  while (!instances_.empty()) instances_.pop_back();
}

absl::StatusOr<absl::optional<std::string>> Engine::Get(
    ColumnFamily cf, absl::string_view key) const {
  std::string value;
  const Instance* instance = current();
  rocksdb::Status status = instance->db->Get(
      rocksdb::ReadOptions(), instance->handles[static_cast<int>(cf)],
      ToSlice(key), &value);
  if (status.IsNotFound()) return absl::optional<std::string>();
  RETURN_IF_ERROR(FromRocks(status, ColumnFamilyName(cf)));
  return absl::optional<std::string>(std::move(value));
}

std::unique_ptr<rocksdb::Iterator> Engine::NewIterator(ColumnFamily cf) const {
  const Instance* instance = current();
  return std::unique_ptr<rocksdb::Iterator>(instance->db->NewIterator(
      rocksdb::ReadOptions(), instance->handles[static_cast<int>(cf)]));
}

absl::Status Engine::CompactColumnFamily(ColumnFamily cf) {
  RETURN_IF_ERROR(PrepareWrite());
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForce;
  return FromRocks(db()->CompactRange(options, handle(cf), nullptr, nullptr),
                   absl::StrCat("compact ", ColumnFamilyName(cf)));
}

uint64_t Engine::NextId() {
  absl::MutexLock lock(&id_mutex_);
  return next_id_++;
}

absl::Status Engine::Commit(WriteBatch* batch) {
  RETURN_IF_ERROR(PrepareWrite());
  absl::MutexLock lock(&id_mutex_);
  if (next_id_ != persisted_next_id_) {
    // The id counter advances in the same batch as the objects it named.
    std::string value;
    keys::AppendU64(&value, next_id_);
    batch->Put(ColumnFamily::kMeta, kNextIdKey, value);
  }
  if (!batch->status().ok()) return batch->status();
  // In key order, so each memtable inserts a run (write_batch_order.h).
  SortBatchByKey({current()->handles.begin(), current()->handles.end()},
                 &batch->batch_);
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  rocksdb::DB* db = current()->db.get();
  rocksdb::Status written = db->Write(write_options, &batch->batch_);
  if (!written.ok() &&
      CheckFreeSpace(path_, options_.min_free_disk_bytes).ok()) {
    // Space is back but RocksDB may still hold the error it hit when the
    // disk was full: resume it (a no-op when it recovers by itself) and
    // write once more. Nothing of the failed write was acknowledged.
    // RocksDB's own recovery (driven by the SstFileManager) may be running
    // just then, and Resume refuses until it ends: retry for a bounded
    // while. Writes wait behind the commit lock meanwhile, as they would
    // behind the recovery's flush.
    const absl::Time give_up = absl::Now() + absl::Seconds(3);
    while (true) {
      if (db->Resume().ok()) written = db->Write(write_options, &batch->batch_);
      if (written.ok() || absl::Now() >= give_up) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  if (IsNoSpace(written)) {
    return DiskFullError(path_, options_.min_free_disk_bytes,
                         absl::StrCat("已满 (", written.ToString(), ")"));
  }
  RETURN_IF_ERROR(FromRocks(written, "write"));
  persisted_next_id_ = next_id_;
  return absl::OkStatus();
}

}  // namespace sgs::ingest::storage
