// Migrations of the ingest store's on-disk format (storage_format.h), run
// by Engine::Open on a database of an older, still supported version.
// Each step only ADDS derived data (an index built from what is stored),
// written in bounded batches, and the new version is recorded last: a
// crash mid-way leaves the old version number, so the next open redoes
// the step, which writes the same keys again (idempotent).
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
absl::Status MigrateToCurrentFormat(Engine* engine, uint64_t from_version);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_FORMAT_MIGRATION_H_
