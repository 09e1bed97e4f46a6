// SortBatchByKey (write_batch_order.h) on a real RocksDB in a temporary
// directory: the sorted batch holds the same operations in (column family,
// key) order, keeps the order of operations on one key, and writes the same
// data as the batch in arrival order.
#include "ingest_service/storage/write_batch_order.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "tests/support/temp_dir.h"

namespace sgs::ingest::storage {
namespace {

struct Seen {
  uint32_t cf;
  std::string op;
  std::string key;
  std::string value;
};

class Recorder : public rocksdb::WriteBatch::Handler {
 public:
  std::vector<Seen> seen;
  rocksdb::Status PutCF(uint32_t cf, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    seen.push_back({cf, "put", key.ToString(), value.ToString()});
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t cf, const rocksdb::Slice& key) override {
    seen.push_back({cf, "delete", key.ToString(), ""});
    return rocksdb::Status::OK();
  }
};

class WriteBatchOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
        {"second", rocksdb::ColumnFamilyOptions()}};
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(
        rocksdb::DB::Open(options, dir_.path(), families, &handles_, &db).ok());
    db_.reset(db);
  }
  void TearDown() override {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      EXPECT_TRUE(db_->DestroyColumnFamilyHandle(handle).ok());
    }
    db_.reset();
  }
  std::string Read(int cf, const std::string& key) {
    std::string value;
    const rocksdb::Status status =
        db_->Get(rocksdb::ReadOptions(), handles_[cf], key, &value);
    return status.IsNotFound() ? "<none>" : value;
  }

  sgs::testing::TempDir dir_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

TEST_F(WriteBatchOrderTest, SortsByFamilyAndKeyKeepingEachKeysOrder) {
  rocksdb::WriteBatch batch;
  // 100 keys in scrambled order over two families, then operations on the
  // same key whose order matters.
  for (int i = 0; i < 100; ++i) {
    const int k = (i * 37) % 100;
    ASSERT_TRUE(batch
                    .Put(handles_[k % 2], absl::StrCat("key", 100 + k),
                         absl::StrCat("v", k))
                    .ok());
  }
  ASSERT_TRUE(batch.Put(handles_[1], "key150", "first").ok());
  ASSERT_TRUE(batch.Delete(handles_[1], "key151").ok());  // absent: no-op
  ASSERT_TRUE(batch.Put(handles_[1], "key150", "second").ok());
  ASSERT_TRUE(batch.Delete(handles_[0], "key120").ok());
  ASSERT_TRUE(batch.Put(handles_[1], "key151", "after-delete").ok());
  const uint32_t count = batch.Count();

  SortBatchByKey(handles_, &batch);
  EXPECT_EQ(batch.Count(), count);
  Recorder recorder;
  ASSERT_TRUE(batch.Iterate(&recorder).ok());
  ASSERT_EQ(recorder.seen.size(), count);
  for (size_t i = 1; i < recorder.seen.size(); ++i) {
    const Seen& a = recorder.seen[i - 1];
    const Seen& b = recorder.seen[i];
    EXPECT_TRUE(a.cf < b.cf || (a.cf == b.cf && a.key <= b.key))
        << a.key << " before " << b.key;
  }
  // The operations on key150 (family 1) in their order.
  std::vector<std::string> key150;
  for (const Seen& seen : recorder.seen) {
    if (seen.cf == handles_[1]->GetID() && seen.key == "key150") {
      key150.push_back(seen.op + ":" + seen.value);
    }
  }
  EXPECT_EQ(key150, (std::vector<std::string>{"put:first", "put:second"}));
  std::vector<std::string> key151;
  for (const Seen& seen : recorder.seen) {
    if (seen.cf == handles_[1]->GetID() && seen.key == "key151") {
      key151.push_back(seen.op + ":" + seen.value);
    }
  }
  EXPECT_EQ(key151, (std::vector<std::string>{"put:v51",
                                              "delete:", "put:after-delete"}));

  ASSERT_TRUE(db_->Write(rocksdb::WriteOptions(), &batch).ok());
  EXPECT_EQ(Read(1, "key150"), "second");
  EXPECT_EQ(Read(1, "key151"), "after-delete");
  EXPECT_EQ(Read(0, "key120"), "<none>");
  EXPECT_EQ(Read(0, "key100"), "v0");
  EXPECT_EQ(Read(1, "key199"), "v99");
}

TEST_F(WriteBatchOrderTest, LeavesSmallBatchesInArrivalOrder) {
  rocksdb::WriteBatch batch;
  ASSERT_TRUE(batch.Put(handles_[0], "b", "1").ok());
  ASSERT_TRUE(batch.Put(handles_[0], "a", "2").ok());
  SortBatchByKey(handles_, &batch);
  Recorder recorder;
  ASSERT_TRUE(batch.Iterate(&recorder).ok());
  ASSERT_EQ(recorder.seen.size(), 2u);
  EXPECT_EQ(recorder.seen[0].key, "b");
}

}  // namespace
}  // namespace sgs::ingest::storage
