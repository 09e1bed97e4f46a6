// The merge operator of the two aggregate column families: values are
// (record count, risk count) pairs (common/keys.h) and merging adds them,
// so the write path merges +1/-1 deltas in the record's own WriteBatch and
// never read-modify-writes a counter. Aggregates are classified at read
// time (docs/adr/0001-merge-operator-aggregates.md).
#ifndef SGS_INGEST_SERVICE_STORAGE_AGGREGATE_MERGE_OPERATOR_H_
#define SGS_INGEST_SERVICE_STORAGE_AGGREGATE_MERGE_OPERATOR_H_

#include <memory>

#include "rocksdb/merge_operator.h"

namespace sgs::ingest::storage {

// Its name on disk is "sgs.AggregateAdd"; never change it.
std::shared_ptr<rocksdb::MergeOperator> NewAggregateMergeOperator();

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_AGGREGATE_MERGE_OPERATOR_H_
