#include "ingest_service/storage/disk_space.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sgs::ingest::storage {
namespace {

std::string Mebibytes(uint64_t bytes) {
  return absl::StrFormat("%.1f MiB", static_cast<double>(bytes) / (1 << 20));
}

}  // namespace

absl::StatusOr<uint64_t> FreeDiskBytes(const std::string& path) {
  struct statvfs info;
  if (statvfs(path.c_str(), &info) != 0) {
    return absl::UnavailableError(
        absl::StrCat("statvfs ", path, ": ", std::strerror(errno)));
  }
  return static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
}

absl::Status CheckFreeSpace(const std::string& path, uint64_t reserve_bytes) {
  if (reserve_bytes == 0) return absl::OkStatus();
  absl::StatusOr<uint64_t> free_bytes = FreeDiskBytes(path);
  if (!free_bytes.ok() || *free_bytes >= reserve_bytes) {
    return absl::OkStatus();
  }
  return DiskFullError(path, reserve_bytes,
                       absl::StrCat("可用 ", Mebibytes(*free_bytes)));
}

bool IsNoSpace(const rocksdb::Status& status) {
  if (status.ok()) return false;
  if (status.IsNoSpace()) return true;
  const std::string text = status.ToString();
  return absl::StrContains(text, std::strerror(ENOSPC)) ||
         absl::StrContains(text, "No space left");
}

absl::Status DiskFullError(const std::string& path, uint64_t reserve_bytes,
                           absl::string_view detail) {
  return absl::ResourceExhaustedError(absl::StrCat(
      "磁盘空间不足：数据目录 ", path, " 所在磁盘", detail, "，低于保留空间 ",
      Mebibytes(reserve_bytes),
      " (--min_free_disk_mb)；写入暂停，查询照常，释放空间后写入自动恢复"));
}

}  // namespace sgs::ingest::storage
