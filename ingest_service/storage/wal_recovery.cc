#include "ingest_service/storage/wal_recovery.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sgs::ingest::storage {
namespace {

// The newest write-ahead log (highest number) in `dir`; "" when none.
std::string NewestLog(const std::string& dir) {
  std::string newest;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".log") continue;
    // Same-width zero-padded numbers: text order is number order.
    if (newest.empty() || name.size() > newest.size() ||
        (name.size() == newest.size() && name > newest)) {
      newest = name;
    }
  }
  return newest.empty() ? newest
                        : (std::filesystem::path(dir) / newest).string();
}

}  // namespace

rocksdb::WALRecoveryMode FirstWalRecoveryMode(bool sync_writes,
                                              bool accept_point_in_time) {
  if (!sync_writes || accept_point_in_time) {
    return rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  }
  return rocksdb::WALRecoveryMode::kAbsoluteConsistency;
}

std::string ReportedFile(const std::string& report) {
  const size_t at = report.find(": dropping ");
  std::string file = report.substr(0, at == std::string::npos ? 0 : at);
  // RocksDB prefixes its source location: "[db/...cc:982] /path/x.log".
  const size_t space = file.rfind(' ');
  return space == std::string::npos ? file : file.substr(space + 1);
}

bool IsTornTailOfNewestLog(const std::string& dir,
                           const rocksdb::Status& status,
                           const std::vector<std::string>& reports) {
  if (!status.IsCorruption() || reports.size() != 1) return false;
  const std::string text = status.ToString();
  // "error reading trailing data": the log ends inside a record that spans
  // blocks (its first fragments were written, the rest was not) — the same
  // torn last write, met once a write is larger than what is left of a
  // 32 KiB block.
  if (!absl::StrContains(text, "truncated record body") &&
      !absl::StrContains(text, "truncated header") &&
      !absl::StrContains(text, "error reading trailing data")) {
    return false;
  }
  const std::string file = ReportedFile(reports.front());
  if (file.empty() || file != NewestLog(dir)) return false;
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(file, error);
  return !error && size % 512 == 0;
}

absl::Status WalDamageError(const std::string& dir,
                            const rocksdb::Status& status,
                            const std::vector<std::string>& reports) {
  std::vector<std::string> found;
  for (const std::string& report : reports) {
    const size_t at = report.find(": dropping ");
    found.push_back(absl::StrCat(
        ReportedFile(report), " (",
        at == std::string::npos ? report : report.substr(at + 2), ")"));
  }
  return absl::DataLossError(absl::StrCat(
      "预写日志 (WAL) 已损坏，已确认写入的数据可能丢失，拒绝启动：",
      found.empty() ? dir : absl::StrJoin(found, "; "), ": ", status.ToString(),
      "。请从备份恢复 (AdminService / "
      "docs)，或确认接受损坏点之后数据的丢失并以 "
      "--accept_wal_point_in_time_recovery 启动（丢失情况将写入日志并记录）"));
}

}  // namespace sgs::ingest::storage
