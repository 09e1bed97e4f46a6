// Engine::MultiGet (engine.h): many point reads in one RocksDB call. Kept
// apart from engine.cc, which owns opening and committing.
#include <string>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "ingest_service/storage/engine.h"

namespace sgs::ingest::storage {

absl::StatusOr<std::vector<absl::optional<std::string>>> Engine::MultiGet(
    ColumnFamily cf, const std::vector<std::string>& keys) const {
  std::vector<absl::optional<std::string>> values(keys.size());
  if (keys.empty()) return values;
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (const std::string& key : keys) slices.emplace_back(key);
  std::vector<rocksdb::PinnableSlice> found(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  const Instance* instance = current();
  instance->db->MultiGet(rocksdb::ReadOptions(),
                         instance->handles[static_cast<int>(cf)], keys.size(),
                         slices.data(), found.data(), statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    RETURN_IF_ERROR(FromRocks(statuses[i], ColumnFamilyName(cf)));
    values[i].emplace(found[i].data(), found[i].size());
  }
  return values;
}

}  // namespace sgs::ingest::storage
