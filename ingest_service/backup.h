// Online backups of the ingest service's RocksDB with RocksDB's
// BackupEngine. A backup is taken while writes continue and is consistent
// across every column family: the live SST files plus the write-ahead log
// are copied (flush_before_backup = false keeps the WAL in the backup, so
// records acknowledged before the backup began are in it even when still
// in memtables). Files shared between backups are stored once; retention
// keeps the newest N. Restoring is offline, into an empty directory that a
// service is then started on (the running database is never overwritten).
#ifndef SGS_INGEST_SERVICE_BACKUP_H_
#define SGS_INGEST_SERVICE_BACKUP_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace rocksdb {
class BackupEngine;
class DB;
}  // namespace rocksdb

namespace sgs::ingest {

struct BackupSummary {
  uint32_t id = 0;
  absl::Time create_time;
  int64_t size_bytes = 0;
  int32_t file_count = 0;
};

class BackupManager {
 public:
  // Opens (creating it if missing) the backup directory.
  static absl::StatusOr<std::unique_ptr<BackupManager>> Open(
      const std::string& backup_dir);
  ~BackupManager();

  // Backs `db` up, then deletes all but the newest `keep` backups (keep >=
  // 1). One backup at a time: a second caller waits.
  absl::StatusOr<BackupSummary> Create(rocksdb::DB* db, int keep);
  // Newest first.
  std::vector<BackupSummary> List();
  // Sizes and checksums of the backup's files (NOT_FOUND for an unknown
  // id, DATA_LOSS naming the problem when a file does not match).
  absl::StatusOr<BackupSummary> Verify(uint32_t id);

 private:
  BackupManager() = default;
  absl::Mutex mutex_;
  std::unique_ptr<rocksdb::BackupEngine> engine_ ABSL_GUARDED_BY(mutex_);
};

// Restores backup `id` (0: the newest) from `backup_dir` into `data_dir`,
// which must not exist or be empty (FAILED_PRECONDITION otherwise: a
// restore never overwrites a database). The backup is verified first.
absl::StatusOr<BackupSummary> RestoreBackup(const std::string& backup_dir,
                                            uint32_t id,
                                            const std::string& data_dir);

// The backups in `backup_dir`, newest first, read-only (for sgs_admin on
// the machine holding the directory).
absl::StatusOr<std::vector<BackupSummary>> ListBackupsInDirectory(
    const std::string& backup_dir);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_BACKUP_H_
