// Tuning: RocksDB options for the ingest store from one memory budget.
//
// The whole budget is one LRU block cache shared by every column family;
// the memtables of all column families are charged to the same cache by a
// WriteBufferManager (a quarter of the budget), so data blocks, index and
// filter blocks and memtables together stay within the budget instead of a
// fixed 16 MiB cache that point lookups miss as the store grows.
//
// Per column family (docs/storage-format.md lists them):
//   - whole-key bloom filters (10 bits/key) everywhere, cached with high
//     priority and pinned for L0, so an identity check for a new record
//     skips every SST file without reading it;
//   - records, record_versions and audit (the bulk of the bytes, read as
//     pages) compressed with LZ4 below L1;
//     the small tables stay uncompressed;
//   - dynamic level sizes, which bound space and write amplification;
//   - memtable insert hints by key prefix (insert_hints.h), and memtable
//     bloom filters on records and record_ids, whose keys every write
//     looks up (a new record's identity is absent: the filter says so).
// No prefix extractor: scans seek by variable-length unit prefixes, and a
// prefix filter would change what a plain Seek returns (the insert hints'
// extractor only places memtable inserts).
#ifndef SGS_INGEST_SERVICE_STORAGE_TUNING_H_
#define SGS_INGEST_SERVICE_STORAGE_TUNING_H_

#include <cstddef>
#include <memory>

#include "rocksdb/cache.h"
#include "rocksdb/options.h"
#include "rocksdb/write_buffer_manager.h"

namespace sgs::ingest::storage {

enum class ColumnFamily;

struct MemoryPlan {
  // The shared block cache (data, index and filter blocks, and memtables).
  size_t block_cache_bytes = 0;
  // All memtables together (charged to the cache).
  size_t write_buffer_total_bytes = 0;
};

// Splits `budget_bytes` (at least 16 MiB is used). Explicit sizes, when
// non-zero, override the split (StoreOptions' older knobs).
MemoryPlan PlanMemory(size_t budget_bytes, size_t block_cache_bytes,
                      size_t write_buffer_total_bytes);

// What every column family shares: the cache and the write buffer manager.
struct SharedTuning {
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers;
};
SharedTuning MakeSharedTuning(const MemoryPlan& plan);

// Applies the database-wide settings (write buffer manager, background
// jobs) to `options`.
void TuneDatabase(const SharedTuning& shared, rocksdb::DBOptions* options);

// The options of one column family (the merge operator is the caller's).
rocksdb::ColumnFamilyOptions TuneColumnFamily(const SharedTuning& shared,
                                              ColumnFamily cf);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_TUNING_H_
