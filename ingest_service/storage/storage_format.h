// The on-disk format of the ingest store, versioned like kvrocks does: the
// "meta" column family holds kFormatVersionKey, the decimal version of the
// layout the data was written in. Engine::Open writes it into a new (or
// pre-versioning, which is format 1) database and refuses to open one of
// another version, so a binary never misreads data it does not understand.
// Bump kFormatVersion with every incompatible change to a key or value
// layout, add its migration (format_migration.h), and describe the change
// in docs/storage-format.md. Versions from kOldestMigratableFormat up are
// migrated at open; others are refused.
//
//   1  the first layout
//   2  adds "rejected_open", the index of unresolved rejections by identity
//      (built from "rejected" when a format-1 database is opened)
//   3  adds "agg_by_date", the aggregates keyed date first (built from
//      agg_by_receipt / agg_by_decision when a format-2 database is opened)
//   4  agg_by_date is the only aggregate table: agg_by_receipt and
//      agg_by_decision are no longer written, and are emptied when a
//      format-3 database is opened (every record wrote two merges fewer)
#ifndef SGS_INGEST_SERVICE_STORAGE_STORAGE_FORMAT_H_
#define SGS_INGEST_SERVICE_STORAGE_STORAGE_FORMAT_H_

#include <cstdint>

namespace sgs::ingest::storage {

inline constexpr uint64_t kFormatVersion = 4;
inline constexpr uint64_t kOldestMigratableFormat = 1;
// Keys of the "meta" column family.
inline constexpr char kFormatVersionKey[] = "format_version";
inline constexpr char kNextIdKey[] = "next_id";
// Prefix of the notes a point-in-time WAL recovery leaves in "meta": the
// key ends with the recovery's Unix microseconds, the value is what
// RocksDB dropped (wal_recovery.h).
inline constexpr char kWalRecoveryLossKeyPrefix[] = "wal_recovery_loss/";

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_STORAGE_FORMAT_H_
