// Engine: the ingest service's RocksDB database — opening it with bounded
// memory, its column families (an enum class, never a bare index), the id
// counter, and the ONE commit point every write goes through. The tables in
// this directory (record_table.h, aggregate_table.h, audit_log.h,
// side_tables.h) add their changes to a WriteBatch; Engine::Commit writes
// the batch atomically (fsynced when sync_writes), together with the id
// counter when ids were handed out. docs/storage-format.md describes every
// column family and key layout; the format version is checked at open
// (storage_format.h).
//
// No gRPC here: errors are absl::Status.
#ifndef SGS_INGEST_SERVICE_STORAGE_ENGINE_H_
#define SGS_INGEST_SERVICE_STORAGE_ENGINE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/optional.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace sgs::ingest::storage {

struct StoreOptions {
  // fsync the WAL before a write returns.
  bool sync_writes = true;
  // Memory and disk bounds (RocksDB): one budget for the shared block
  // cache (index and filter blocks included) and all memtables together,
  // charged to it (tuning.h); explicit cache and memtable sizes, when not
  // 0, override its split; and the write-ahead log before old column
  // families are flushed so it can be recycled.
  size_t memory_budget_bytes = 256 << 20;
  size_t block_cache_bytes = 0;
  size_t write_buffer_total_bytes = 0;
  uint64_t max_wal_bytes = 64 << 20;
};

// The column families, in the order they are opened. Names on disk are in
// ColumnFamilyName; docs/storage-format.md has their key layouts.
enum class ColumnFamily {
  kRecords,
  kRecordIds,
  kRecordVersions,
  kRejected,
  kObjections,
  kFindings,
  kAggByReceipt,
  kAggByDecision,
  kMeta,
  kAudit,
  // Index of the open (unresolved) entries of kRejected, by identity
  // (format 2).
  kRejectedOpen,
};
inline constexpr int kColumnFamilyCount = 11;

// The column family's name on disk ("records", "agg_by_receipt", ...).
absl::string_view ColumnFamilyName(ColumnFamily cf);

// A RocksDB status as an absl::Status naming `what` (kNotFound stays
// kNotFound; anything else is kInternal, "存储错误").
absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what);

// Parses a stored protobuf value; kDataLoss when it does not parse.
template <typename Message>
absl::Status ParseStored(absl::string_view value, Message* message) {
  if (!message->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError("stored value does not parse");
  }
  return absl::OkStatus();
}

class Engine;

// The changes of one write, applied all or nothing by Engine::Commit.
// Every Put/Delete/Merge status is kept: the first failure is status(), and
// Commit refuses a batch that has one.
class WriteBatch {
 public:
  explicit WriteBatch(const Engine* engine) : engine_(engine) {}
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  void Put(ColumnFamily cf, absl::string_view key, absl::string_view value);
  void Delete(ColumnFamily cf, absl::string_view key);
  void Merge(ColumnFamily cf, absl::string_view key, absl::string_view value);

  // The first failed operation's status; OK when none failed.
  const absl::Status& status() const { return status_; }
  int Count() const { return static_cast<int>(batch_.Count()); }

 private:
  friend class Engine;
  void Keep(const rocksdb::Status& status, absl::string_view what);

  const Engine* engine_;
  rocksdb::WriteBatch batch_;
  absl::Status status_;
};

class Engine {
 public:
  // Opens (creating when missing, parent directories included) the
  // database at `path` and checks its format version (storage_format.h):
  // kFailedPrecondition for a database of another format.
  static absl::StatusOr<std::unique_ptr<Engine>> Open(
      const std::string& path, const StoreOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The database itself, for online backups and the metrics that read its
  // properties (ingest_service/backup.h, ingest_metrics.h); never for data.
  rocksdb::DB* db() const { return db_.get(); }

  rocksdb::ColumnFamilyHandle* handle(ColumnFamily cf) const {
    return handles_[static_cast<int>(cf)];
  }

  // The value at `key`; nullopt when absent.
  absl::StatusOr<absl::optional<std::string>> Get(ColumnFamily cf,
                                                  absl::string_view key) const;
  std::unique_ptr<rocksdb::Iterator> NewIterator(ColumnFamily cf) const;

  // A fresh id (objections, findings, audit entries), persisted by the
  // next Commit. Ids of a failed commit are skipped, never reused.
  uint64_t NextId();

  // The one commit point: writes `batch` atomically, with the id counter
  // when it advanced; fsynced when sync_writes. A batch with a failed
  // operation is not written.
  absl::Status Commit(WriteBatch* batch);

 private:
  Engine() = default;
  // Checks the stored format version, migrating a format-1 database to
  // the current one (format_migration.h).
  absl::Status CheckFormatVersion();

  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  // Indexed by ColumnFamily; [kColumnFamilyCount] is RocksDB's "default".
  std::array<rocksdb::ColumnFamilyHandle*, kColumnFamilyCount + 1> handles_{};

  absl::Mutex id_mutex_;
  uint64_t next_id_ ABSL_GUARDED_BY(id_mutex_) = 1;
  uint64_t persisted_next_id_ ABSL_GUARDED_BY(id_mutex_) = 1;
};

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_ENGINE_H_
