// Memtable insert hints: for each column family, the key prefix under which
// RocksDB remembers where the last key of that prefix went into the
// memtable (ColumnFamilyOptions::memtable_insert_with_hint_prefix_extractor),
// so the next key with the same prefix is inserted from there instead of
// from the top of the skip list.
//
// Why: a chunk of a chronological back-fill writes, for each of ~1,000
// units, a key just after that unit's previous key (records by receipt
// date, audit ids, aggregates by date). Without a hint every insert walks
// the whole skip list, comparing long shared prefixes: a quarter of the
// server's CPU in a 1M back-fill went to MemTable::Add.
//
// The unit-first tables hint by the length-prefixed unit code their keys
// open with (common/keys.h); agg_by_date by basis · date; meta by nothing.
// A hint only changes where an insert starts looking: never what is stored
// or read.
#ifndef SGS_INGEST_SERVICE_STORAGE_INSERT_HINTS_H_
#define SGS_INGEST_SERVICE_STORAGE_INSERT_HINTS_H_

#include <memory>

#include "rocksdb/slice_transform.h"

namespace sgs::ingest::storage {

enum class ColumnFamily;

// nullptr when the column family takes no hint.
std::shared_ptr<const rocksdb::SliceTransform> InsertHintPrefix(
    ColumnFamily cf);

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_INSERT_HINTS_H_
