#include "ingest_service/storage/tuning.h"

#include <algorithm>

#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/insert_hints.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"

namespace sgs::ingest::storage {
namespace {

constexpr size_t kMiB = 1 << 20;

// The tables every stored record writes a value of its own size to.
bool IsBulk(ColumnFamily cf) {
  return cf == ColumnFamily::kRecords || cf == ColumnFamily::kRecordVersions ||
         cf == ColumnFamily::kAudit;
}

// The tables every write looks keys up in (RecordTable::ReadCurrentMany).
bool IsPointRead(ColumnFamily cf) {
  return cf == ColumnFamily::kRecordIds || cf == ColumnFamily::kRecords;
}

}  // namespace

MemoryPlan PlanMemory(size_t budget_bytes, size_t block_cache_bytes,
                      size_t write_buffer_total_bytes) {
  const size_t budget = std::max(budget_bytes, 16 * kMiB);
  MemoryPlan plan;
  plan.block_cache_bytes = block_cache_bytes > 0 ? block_cache_bytes : budget;
  plan.write_buffer_total_bytes =
      write_buffer_total_bytes > 0 ? write_buffer_total_bytes : budget / 4;
  return plan;
}

SharedTuning MakeSharedTuning(const MemoryPlan& plan) {
  SharedTuning shared;
  rocksdb::LRUCacheOptions cache_options;
  cache_options.capacity = plan.block_cache_bytes;
  // Index and filter blocks go to the high-priority pool, so a burst of
  // data blocks read by a report scan cannot push them out.
  cache_options.high_pri_pool_ratio = 0.25;
  shared.cache = rocksdb::NewLRUCache(cache_options);
  // Memtable memory is charged to the cache: one bound for both.
  shared.write_buffers = std::make_shared<rocksdb::WriteBufferManager>(
      plan.write_buffer_total_bytes, shared.cache);
  return shared;
}

void TuneDatabase(const SharedTuning& shared, rocksdb::DBOptions* options) {
  options->write_buffer_manager = shared.write_buffers;
  options->max_background_jobs = 2;
  options->bytes_per_sync = 1 * kMiB;
}

rocksdb::ColumnFamilyOptions TuneColumnFamily(const SharedTuning& shared,
                                              ColumnFamily cf) {
  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = shared.cache;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table_options.whole_key_filtering = true;
  table_options.cache_index_and_filter_blocks = true;
  table_options.cache_index_and_filter_blocks_with_high_priority = true;
  table_options.pin_l0_filter_and_index_blocks_in_cache = true;
  table_options.pin_top_level_index_and_filter = true;
  table_options.block_size = IsBulk(cf) ? 16 * 1024 : 4 * 1024;
  table_options.format_version = 5;

  rocksdb::ColumnFamilyOptions options;
  options.table_factory.reset(
      rocksdb::NewBlockBasedTableFactory(table_options));
  options.level_compaction_dynamic_level_bytes = true;
  options.memtable_insert_with_hint_prefix_extractor = InsertHintPrefix(cf);
  if (IsPointRead(cf)) {
    // A bloom filter over the memtable's keys: the identity check of a new
    // record (the common case in a back-fill) answers "absent" without
    // walking the skip list.
    options.memtable_prefix_bloom_size_ratio = 0.05;
    options.memtable_whole_key_filtering = true;
  }
  // No per-table write buffer size: the write buffer manager flushes the
  // largest memtable when all of them reach the budget's quarter (smaller
  // per-table buffers made many small flushes and kept memory growing).
  options.target_file_size_base = IsBulk(cf) ? 64 * kMiB : 16 * kMiB;
  options.max_bytes_for_level_base = IsBulk(cf) ? 256 * kMiB : 64 * kMiB;
  if (IsBulk(cf)) {
    // L0/L1 are rewritten soon: keep them cheap; compress what stays.
    options.compression_per_level = {
        rocksdb::kNoCompression,  rocksdb::kNoCompression,
        rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
        rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
        rocksdb::kLZ4Compression};
  } else {
    options.compression = rocksdb::kNoCompression;
  }
  return options;
}

}  // namespace sgs::ingest::storage
