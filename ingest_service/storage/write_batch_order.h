// Write batch order: a large batch's operations re-ordered by (column
// family, key) before it is written. RocksDB inserts a batch into each
// column family's memtable one key at a time; a skip list inserting keys
// in ascending order reuses the position of the previous insert, while
// keys in arrival order (a chunk of records of many units) each search from
// the top ("ascending" is the family's own comparator's order). The batch
// stays atomic and means the same: operations on one key keep their order
// (the sort is stable), and operations on different keys of one batch do
// not depend on each other's order.
//
// Only Put, Delete and Merge are re-ordered (all the store writes); a batch
// holding anything else is left as it is.
#ifndef SGS_INGEST_SERVICE_STORAGE_WRITE_BATCH_ORDER_H_
#define SGS_INGEST_SERVICE_STORAGE_WRITE_BATCH_ORDER_H_

#include <cstddef>
#include <vector>

#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace sgs::ingest::storage {

// Batches with fewer operations are left alone (nothing to gain).
inline constexpr int kMinOperationsToSort = 64;

// Re-orders `batch` as above. `handles` are the database's column family
// handles (each operation names its family by id). Leaves `batch` as it is
// when it is small or holds other operations.
void SortBatchByKey(const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                    rocksdb::WriteBatch* batch);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_WRITE_BATCH_ORDER_H_
