#include "tests/support/old_formats.h"

#include <cstdint>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/keys.h"
#include "common/status_macros.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/storage_format.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::testing {
namespace {

using ingest::storage::ColumnFamily;
using ingest::storage::Engine;
using ingest::storage::WriteBatch;

// basis u8 · first u32 · unit · kind u8 · second u32  →  the unit-first
// table of that basis and its key unit · first · kind · second.
absl::Status UnitFirstOf(absl::string_view key, ColumnFamily* cf,
                         std::string* unit_key) {
  uint8_t basis = 0, unit_size = 0;
  uint32_t first = 0;
  if (!keys::ConsumeU8(&key, &basis) || !keys::ConsumeU32(&key, &first) ||
      !keys::ConsumeU8(&key, &unit_size) || key.size() != unit_size + 5u) {
    return absl::DataLossError("malformed agg_by_date key");
  }
  *cf = basis == sgs::v1::DECISION_DATE ? ColumnFamily::kAggByDecision
                                        : ColumnFamily::kAggByReceipt;
  unit_key->clear();
  keys::AppendU8(unit_key, unit_size);
  unit_key->append(key.data(), unit_size);
  keys::AppendU32(unit_key, first);
  unit_key->append(key.data() + unit_size, 5);  // kind · second
  return absl::OkStatus();
}

absl::Status Rewind(const std::string& path, int format,
                    int keep_by_date_every) {
  ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine,
                   Engine::Open(path, ingest::storage::StoreOptions()));
  WriteBatch batch(engine.get());
  std::unique_ptr<rocksdb::Iterator> it =
      engine->NewIterator(ColumnFamily::kAggByDate);
  int index = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++index) {
    const absl::string_view key(it->key().data(), it->key().size());
    ColumnFamily cf = ColumnFamily::kAggByReceipt;
    std::string unit_key;
    RETURN_IF_ERROR(UnitFirstOf(key, &cf, &unit_key));
    batch.Put(cf, unit_key,
              absl::string_view(it->value().data(), it->value().size()));
    if (format == 2 &&
        (keep_by_date_every == 0 || index % keep_by_date_every != 0)) {
      batch.Delete(ColumnFamily::kAggByDate, key);
    }
  }
  RETURN_IF_ERROR(ingest::storage::FromRocks(it->status(), "agg_by_date"));
  if (index == 0) return absl::FailedPreconditionError("no aggregates");
  batch.Put(ColumnFamily::kMeta, ingest::storage::kFormatVersionKey,
            absl::StrCat(format));
  return engine->Commit(&batch);
}

}  // namespace

absl::Status RewindToFormatThree(const std::string& path) {
  return Rewind(path, 3, 0);
}

absl::Status RewindToFormatTwo(const std::string& path,
                               int keep_by_date_every) {
  return Rewind(path, 2, keep_by_date_every);
}

}  // namespace sgs::testing
