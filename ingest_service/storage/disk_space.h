// Free space on the data directory's filesystem, and the errors a caller
// sees when it runs short. The engine keeps a reserve (--min_free_disk_mb):
// writes are refused while less is free, so RocksDB itself never hits a
// full disk in normal operation and there is room left to flush, compact
// and resume. Reads never depend on it.
//
// No gRPC here: errors are absl::Status (kResourceExhausted).
#ifndef SGS_INGEST_SERVICE_STORAGE_DISK_SPACE_H_
#define SGS_INGEST_SERVICE_STORAGE_DISK_SPACE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace sgs::ingest::storage {

// Bytes available to this (unprivileged or not) process on the filesystem
// holding `path` (statvfs f_bavail).
absl::StatusOr<uint64_t> FreeDiskBytes(const std::string& path);

// OK when at least `reserve_bytes` are free on `path`'s filesystem (or the
// reserve is 0); otherwise kResourceExhausted, "磁盘空间不足", naming the
// directory, what is free and the reserve. A failed statvfs is not a
// reason to refuse a write: it answers OK.
absl::Status CheckFreeSpace(const std::string& path, uint64_t reserve_bytes);

// True for RocksDB's out-of-space statuses (IOError NoSpace, ENOSPC text).
bool IsNoSpace(const rocksdb::Status& status);

// The kResourceExhausted a write gets when RocksDB itself ran out of space
// or the store is read-only because the disk was full at start.
absl::Status DiskFullError(const std::string& path, uint64_t reserve_bytes,
                           absl::string_view detail);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_DISK_SPACE_H_
