// RocksInfoLog: RocksDB's diagnostic log (the LOG file in the data
// directory) written by us instead of RocksDB's own file logger. Debian's
// RocksDB is built with assertions on, and its logger asserts (SIGABRT) on
// the first line after a failed append, i.e. as soon as the disk is full;
// this one drops lines it cannot write. It also keeps the WAL recovery
// reports ("<file>: dropping N bytes; Corruption: ...") of the last open,
// so the engine can say what a recovery found (wal_recovery.h).
#ifndef SGS_INGEST_SERVICE_STORAGE_ROCKS_INFO_LOG_H_
#define SGS_INGEST_SERVICE_STORAGE_ROCKS_INFO_LOG_H_

#include <cstdarg>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/env.h"

namespace sgs::ingest::storage {

class RocksInfoLog final : public rocksdb::Logger {
 public:
  // Appends to `dir`/LOG after renaming an existing one to LOG.old. When
  // the file cannot be opened (a full disk), lines are dropped.
  explicit RocksInfoLog(const std::string& dir);
  ~RocksInfoLog() override;

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override;
  void Logv(const rocksdb::InfoLogLevel level, const char* format,
            va_list ap) override;

  // The WAL recovery reports seen so far ("... dropping N bytes; ...").
  std::vector<std::string> WalReports() const;
  // Forgets them (before the next open attempt).
  void ClearWalReports();

 private:
  mutable absl::Mutex mutex_;
  std::FILE* file_ ABSL_GUARDED_BY(mutex_) = nullptr;
  std::vector<std::string> wal_reports_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_ROCKS_INFO_LOG_H_
