#include "ingest_service/storage/write_batch_order.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace sgs::ingest::storage {
namespace {

enum class Op { kPut, kDelete, kMerge };

struct Operation {
  uint32_t cf;
  Op op;
  rocksdb::Slice key;
  rocksdb::Slice value;
};

// Collects the operations of a batch (slices into its buffer).
class Collector : public rocksdb::WriteBatch::Handler {
 public:
  std::vector<Operation> operations;

  rocksdb::Status PutCF(uint32_t cf, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    operations.push_back({cf, Op::kPut, key, value});
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t cf, const rocksdb::Slice& key) override {
    operations.push_back({cf, Op::kDelete, key, rocksdb::Slice()});
    return rocksdb::Status::OK();
  }
  rocksdb::Status MergeCF(uint32_t cf, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
    operations.push_back({cf, Op::kMerge, key, value});
    return rocksdb::Status::OK();
  }
  // Anything else (the defaults answer InvalidArgument) stops the
  // collection: such a batch is written as it is.
};

}  // namespace

void SortBatchByKey(const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                    rocksdb::WriteBatch* batch) {
  if (batch->Count() < kMinOperationsToSort) return;
  Collector collector;
  collector.operations.reserve(batch->Count());
  if (!batch->Iterate(&collector).ok()) return;
  std::vector<rocksdb::ColumnFamilyHandle*> by_id;
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    if (handle == nullptr) continue;
    const uint32_t id = handle->GetID();
    if (id >= by_id.size()) by_id.resize(id + 1, nullptr);
    by_id[id] = handle;
  }
  for (const Operation& operation : collector.operations) {
    if (operation.cf >= by_id.size() || by_id[operation.cf] == nullptr) return;
  }
  std::stable_sort(collector.operations.begin(), collector.operations.end(),
                   [&by_id](const Operation& a, const Operation& b) {
                     if (a.cf != b.cf) return a.cf < b.cf;
                     return by_id[a.cf]->GetComparator()->Compare(a.key,
                                                                  b.key) < 0;
                   });
  rocksdb::WriteBatch sorted(batch->GetDataSize());
  for (const Operation& operation : collector.operations) {
    rocksdb::ColumnFamilyHandle* handle = by_id[operation.cf];
    rocksdb::Status status;
    switch (operation.op) {
      case Op::kPut:
        status = sorted.Put(handle, operation.key, operation.value);
        break;
      case Op::kDelete:
        status = sorted.Delete(handle, operation.key);
        break;
      case Op::kMerge:
        status = sorted.Merge(handle, operation.key, operation.value);
        break;
    }
    if (!status.ok()) return;  // keep the batch as it was
  }
  *batch = std::move(sorted);
}

}  // namespace sgs::ingest::storage
