#include "ingest_service/storage/aggregate_merge_operator.h"

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/keys.h"

namespace sgs::ingest::storage {
namespace {

class AggregateAddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/,
             const rocksdb::Slice* existing_value, const rocksdb::Slice& value,
             std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    int64_t count = 0, risk = 0, delta_count = 0, delta_risk = 0;
    if (existing_value != nullptr &&
        !keys::DecodeAggregateValue(
            absl::string_view(existing_value->data(), existing_value->size()),
            &count, &risk)) {
      return false;
    }
    if (!keys::DecodeAggregateValue(
            absl::string_view(value.data(), value.size()), &delta_count,
            &delta_risk)) {
      return false;
    }
    *new_value =
        keys::EncodeAggregateValue(count + delta_count, risk + delta_risk);
    return true;
  }
  const char* Name() const override { return "sgs.AggregateAdd"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewAggregateMergeOperator() {
  return std::make_shared<AggregateAddOperator>();
}

}  // namespace sgs::ingest::storage
