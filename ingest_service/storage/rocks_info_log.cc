#include "ingest_service/storage/rocks_info_log.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sgs::ingest::storage {

RocksInfoLog::RocksInfoLog(const std::string& dir) {
  const std::filesystem::path log = std::filesystem::path(dir) / "LOG";
  std::error_code ignored;
  std::filesystem::rename(log, std::filesystem::path(dir) / "LOG.old", ignored);
  absl::MutexLock lock(&mutex_);
  file_ = std::fopen(log.c_str(), "a");
}

RocksInfoLog::~RocksInfoLog() {
  absl::MutexLock lock(&mutex_);
  if (file_ != nullptr) std::fclose(file_);
}

void RocksInfoLog::Logv(const char* format, va_list ap) {
  Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
}

void RocksInfoLog::Logv(const rocksdb::InfoLogLevel level, const char* format,
                        va_list ap) {
  if (level < GetInfoLogLevel()) return;
  char line[4096];
  const int length = std::vsnprintf(line, sizeof(line), format, ap);
  if (length < 0) return;
  absl::MutexLock lock(&mutex_);
  if (level >= rocksdb::InfoLogLevel::WARN_LEVEL &&
      absl::StrContains(line, ": dropping ")) {
    wal_reports_.emplace_back(line);
  }
  if (file_ == nullptr) return;
  // Write errors (ENOSPC) lose a diagnostic line, nothing else.
  std::fprintf(file_, "%s %s\n",
               absl::FormatTime("%Y/%m/%d-%H:%M:%E6S", absl::Now(),
                                absl::LocalTimeZone())
                   .c_str(),
               line);
  std::fflush(file_);
  std::clearerr(file_);
}

std::vector<std::string> RocksInfoLog::WalReports() const {
  absl::MutexLock lock(&mutex_);
  return wal_reports_;
}

void RocksInfoLog::ClearWalReports() {
  absl::MutexLock lock(&mutex_);
  wal_reports_.clear();
}

}  // namespace sgs::ingest::storage
