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
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
  // Free space kept on the data directory's disk: below it writes are
  // refused (kResourceExhausted, 磁盘空间不足) and reads go on
  // (disk_space.h). 0 = no reserve.
  uint64_t min_free_disk_bytes = 64 << 20;
  // Replay a damaged write-ahead log up to the damage (logged and
  // recorded) instead of refusing to start (wal_recovery.h).
  bool accept_wal_point_in_time_recovery = false;
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
  // The unit-first aggregates of formats 1-3, empty since format 4 (read
  // only by the 2 → 3 migration; agg_by_date holds the counts).
  kAggByReceipt,
  kAggByDecision,
  kMeta,
  kAudit,
  // Index of the open (unresolved) entries of kRejected, by identity
  // (format 2).
  kRejectedOpen,
  // The aggregates again, date first (format 3, aggregate_by_date.h).
  kAggByDate,
};
inline constexpr int kColumnFamilyCount = 12;

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
  // Every key in [begin, end).
  void DeleteRange(ColumnFamily cf, absl::string_view begin,
                   absl::string_view end);
  void Merge(ColumnFamily cf, absl::string_view key, absl::string_view value);

  // The first failed operation's status; OK when none failed.
  const absl::Status& status() const { return status_; }
  int Count() const { return static_cast<int>(batch_.Count()); }

 private:
  friend class Engine;
  void Keep(const rocksdb::Status& status, const char* operation,
            ColumnFamily cf);

  const Engine* engine_;
  rocksdb::WriteBatch batch_;
  absl::Status status_;
};

class Engine {
 public:
  // Opens (creating when missing, parent directories included) the
  // database at `path` and checks its format version (storage_format.h):
  // kFailedPrecondition for a database of another format. A damaged
  // write-ahead log is kDataLoss (wal_recovery.h). When the disk is too
  // full to open for writing, the database opens read-only: reads work,
  // writes get kResourceExhausted until space returns, and then the next
  // write reopens it for writing.
  static absl::StatusOr<std::unique_ptr<Engine>> Open(
      const std::string& path, const StoreOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The database itself, for online backups and the metrics that read its
  // properties (ingest_service/backup.h, ingest_metrics.h); never for data.
  // After a read-only start it changes once, when writing resumes.
  rocksdb::DB* db() const { return current()->db.get(); }

  rocksdb::ColumnFamilyHandle* handle(ColumnFamily cf) const {
    return current()->handles[static_cast<int>(cf)];
  }

  // OK when writes can be taken now; otherwise why not (磁盘空间不足).
  absl::Status WriteAvailability() const;

  // The value at `key`; nullopt when absent.
  absl::StatusOr<absl::optional<std::string>> Get(ColumnFamily cf,
                                                  absl::string_view key) const;
  // The values at `keys`, in their order (nullopt when absent), read in one
  // RocksDB MultiGet: a chunk's point reads share the lookups of their
  // files and blocks (engine_multi_get.cc).
  absl::StatusOr<std::vector<absl::optional<std::string>>> MultiGet(
      ColumnFamily cf, const std::vector<std::string>& keys) const;
  std::unique_ptr<rocksdb::Iterator> NewIterator(ColumnFamily cf) const;

  // Compacts the whole column family down to its last level, so the files
  // a range deletion covers are dropped (a migration's clean-up).
  absl::Status CompactColumnFamily(ColumnFamily cf);

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

  // One opened RocksDB instance and its column family handles.
  struct Instance {
    ~Instance();
    std::unique_ptr<rocksdb::DB> db;
    // Indexed by ColumnFamily; [kColumnFamilyCount] is RocksDB's "default".
    std::array<rocksdb::ColumnFamilyHandle*, kColumnFamilyCount + 1> handles{};
    bool read_only = false;
  };
  // Opens `path_` (read-only when asked) with the engine's options.
  absl::StatusOr<std::unique_ptr<Instance>> OpenInstance(bool read_only);
  // Refuses a write while the reserve is not free; after a read-only start
  // reopens for writing once it is.
  absl::Status PrepareWrite();
  Instance* current() const { return current_.load(); }

  std::string path_;
  StoreOptions options_;
  rocksdb::Options db_options_;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors_;
  std::shared_ptr<class RocksInfoLog> info_log_;
  std::atomic<Instance*> current_{nullptr};
  // Every instance opened, the current one last. A read-only instance
  // replaced by a writable one stays open until the engine closes, so
  // iterators and pointers taken from it stay valid.
  absl::Mutex reopen_mutex_;
  std::vector<std::unique_ptr<Instance>> instances_
      ABSL_GUARDED_BY(reopen_mutex_);

  absl::Mutex id_mutex_;
  uint64_t next_id_ ABSL_GUARDED_BY(id_mutex_) = 1;
  uint64_t persisted_next_id_ ABSL_GUARDED_BY(id_mutex_) = 1;
};

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_ENGINE_H_
