#include "ingest_service/storage/format_migration.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "ingest_service/storage/aggregate_by_date.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/side_tables.h"
#include "ingest_service/storage/storage_format.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest::storage {
namespace {

// Index entries per batch: bounded memory however long the queue is.
constexpr int kMigrationBatchEntries = 10000;

absl::Status BuildRejectedOpenIndex(Engine* engine) {
  std::unique_ptr<rocksdb::Iterator> it =
      engine->NewIterator(ColumnFamily::kRejected);
  auto batch = std::make_unique<WriteBatch>(engine);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    sgs::v1::RejectedSubmission rejection;
    RETURN_IF_ERROR(ParseStored(
        absl::string_view(it->value().data(), it->value().size()), &rejection));
    if (rejection.resolved()) continue;
    const std::string key = it->key().ToString();
    batch->Put(ColumnFamily::kRejectedOpen, RejectedOpenKey(rejection, key),
               key);
    if (batch->Count() >= kMigrationBatchEntries) {
      RETURN_IF_ERROR(engine->Commit(batch.get()));
      batch = std::make_unique<WriteBatch>(engine);
    }
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "migrate rejected"));
  if (batch->Count() > 0) RETURN_IF_ERROR(engine->Commit(batch.get()));
  return absl::OkStatus();
}

}  // namespace

absl::Status MigrateToCurrentFormat(Engine* engine, uint64_t from_version) {
  if (from_version < kOldestMigratableFormat ||
      from_version >= kFormatVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("no migration from format ", from_version));
  }
  if (from_version <= 1) RETURN_IF_ERROR(BuildRejectedOpenIndex(engine));
  if (from_version <= 2) RETURN_IF_ERROR(FillAggregatesByDate(engine));
  if (from_version <= 3) RETURN_IF_ERROR(ClearUnitFirstAggregates(engine));
  WriteBatch batch(engine);
  batch.Put(ColumnFamily::kMeta, kFormatVersionKey,
            absl::StrCat(kFormatVersion));
  return engine->Commit(&batch);
}

}  // namespace sgs::ingest::storage
