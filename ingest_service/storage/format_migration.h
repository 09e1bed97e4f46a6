// Migrations of the ingest store's on-disk format (storage_format.h), run
// by Engine::Open on a database of an older, still supported version.
// Each step adds data derived from what is stored (written in bounded
// batches) or drops data that a later table holds again, and the new
// version is recorded last: a crash mid-way leaves the old version number,
// so the next open redoes the step, which writes the same keys again or
// finds nothing left to drop (idempotent).
#ifndef SGS_INGEST_SERVICE_STORAGE_FORMAT_MIGRATION_H_
#define SGS_INGEST_SERVICE_STORAGE_FORMAT_MIGRATION_H_

#include <cstdint>

#include "absl/status/status.h"

namespace sgs::ingest::storage {

class Engine;

// Brings a database of format `from_version` (>= kOldestMigratableFormat)
// to kFormatVersion.
//   1 → 2: builds "rejected_open" from "rejected" (format-1 rejections
//          were never resolved, so every one is open).
//   2 → 3: builds "agg_by_date" from the unit-first aggregate tables.
//   3 → 4: empties the unit-first aggregate tables (agg_by_date has the
//          same counts; one range deletion and a compaction each).
absl::Status MigrateToCurrentFormat(Engine* engine, uint64_t from_version);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_FORMAT_MIGRATION_H_
