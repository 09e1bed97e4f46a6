#include "ingest_service/storage/insert_hints.h"

#include <cstdint>

#include "ingest_service/storage/engine.h"

namespace sgs::ingest::storage {
namespace {

// The u8 length and the unit code every unit-first key opens with.
class UnitPrefix : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "sgs.UnitPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), PrefixSize(key));
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return !key.empty() && key.size() >= PrefixSize(key);
  }

 private:
  static size_t PrefixSize(const rocksdb::Slice& key) {
    return 1 + static_cast<uint8_t>(key[0]);
  }
};

// agg_by_date: basis u8 · date u32.
constexpr size_t kDateFirstPrefixSize = 5;

}  // namespace

std::shared_ptr<const rocksdb::SliceTransform> InsertHintPrefix(
    ColumnFamily cf) {
  switch (cf) {
    case ColumnFamily::kMeta:
      return nullptr;
    case ColumnFamily::kAggByDate:
      return std::shared_ptr<const rocksdb::SliceTransform>(
          rocksdb::NewFixedPrefixTransform(kDateFirstPrefixSize));
    default:
      return std::make_shared<UnitPrefix>();
  }
}

}  // namespace sgs::ingest::storage
