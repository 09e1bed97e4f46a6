// SortBatchByKey (write_batch_order.h) on a real RocksDB in a temporary
// directory, checked by properties that do not repeat the sort: after it,
// the families come in id order and each family's keys ascend by that
// family's own comparator (one family here orders its keys in reverse);
// every operation of the batch is there exactly once; the operations on one
// key keep their arrival order (the contract: the sort is stable); and the
// sorted batch writes the same data as the batch in arrival order, compared
// through a merge operator whose result depends on the order of its
// operands.
#include "ingest_service/storage/write_batch_order.h"

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/comparator.h"
#include "rocksdb/db.h"
#include "rocksdb/merge_operator.h"
#include "tests/support/temp_dir.h"

namespace sgs::ingest::storage {
namespace {

struct Seen {
  uint32_t cf;
  std::string op;
  std::string key;
  std::string value;

  bool operator<(const Seen& other) const {
    return std::tie(cf, op, key, value) <
           std::tie(other.cf, other.op, other.key, other.value);
  }
  bool operator==(const Seen& other) const {
    return std::tie(cf, op, key, value) ==
           std::tie(other.cf, other.op, other.key, other.value);
  }
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
  rocksdb::Status MergeCF(uint32_t cf, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
    seen.push_back({cf, "merge", key.ToString(), value.ToString()});
    return rocksdb::Status::OK();
  }
};

// The operations of `batch` in its order.
std::vector<Seen> Operations(const rocksdb::WriteBatch& batch) {
  Recorder recorder;
  EXPECT_TRUE(batch.Iterate(&recorder).ok());
  return recorder.seen;
}

// Joins merge operands in the order applied: "a" then "b" is "a,b", and "b"
// then "a" is "b,a", so a merge moved past another one changes the value.
class ConcatenateOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    *new_value = existing == nullptr ? value.ToString()
                                     : absl::StrCat(existing->ToString(), ",",
                                                    value.ToString());
    return true;
  }
  const char* Name() const override { return "Concatenate"; }
};

// A database with three column families: the default and "second" in
// bytewise order, "reversed" in reverse bytewise order.
class Store {
 public:
  explicit Store(const std::string& path) {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    rocksdb::ColumnFamilyOptions bytewise;
    bytewise.merge_operator = std::make_shared<ConcatenateOperator>();
    rocksdb::ColumnFamilyOptions reversed = bytewise;
    reversed.comparator = rocksdb::ReverseBytewiseComparator();
    const std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, bytewise},
        {"second", bytewise},
        {"reversed", reversed}};
    rocksdb::DB* db = nullptr;
    status_ = rocksdb::DB::Open(options, path, families, &handles_, &db);
    db_.reset(db);
  }
  ~Store() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      EXPECT_TRUE(db_->DestroyColumnFamilyHandle(handle).ok());
    }
  }
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const rocksdb::Status& status() const { return status_; }
  rocksdb::DB* db() const { return db_.get(); }
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles() const {
    return handles_;
  }
  std::string Read(int cf, const std::string& key) const {
    std::string value;
    const rocksdb::Status status =
        db_->Get(rocksdb::ReadOptions(), handles_[cf], key, &value);
    return status.IsNotFound() ? "<none>" : value;
  }
  // Every family's (key, value) pairs in the family's order.
  std::vector<std::vector<std::pair<std::string, std::string>>> Contents()
      const {
    std::vector<std::vector<std::pair<std::string, std::string>>> contents;
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      contents.emplace_back();
      std::unique_ptr<rocksdb::Iterator> it(
          db_->NewIterator(rocksdb::ReadOptions(), handle));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        contents.back().emplace_back(it->key().ToString(),
                                     it->value().ToString());
      }
      EXPECT_TRUE(it->status().ok());
    }
    return contents;
  }

 private:
  rocksdb::Status status_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

class WriteBatchOrderTest : public ::testing::Test {
 protected:
  WriteBatchOrderTest()
      : store_(dir_.path() + "/sorted"), arrival_(dir_.path() + "/arrival") {}

  void SetUp() override {
    ASSERT_TRUE(store_.status().ok()) << store_.status().ToString();
    ASSERT_TRUE(arrival_.status().ok()) << arrival_.status().ToString();
    // A batch names families by id: both stores must number them alike.
    for (size_t i = 0; i < store_.handles().size(); ++i) {
      ASSERT_EQ(store_.handles()[i]->GetID(), arrival_.handles()[i]->GetID());
    }
    handles_ = store_.handles();
  }

  // The handle of the family with this id (as a batch operation names it).
  rocksdb::ColumnFamilyHandle* Family(uint32_t id) const {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      if (handle->GetID() == id) return handle;
    }
    return nullptr;
  }

  // Whether `operations` come family by family in id order, each family's
  // keys ascending by the family's own comparator (equal keys allowed).
  // Says where not, in `why`.
  bool InFamilyAndKeyOrder(const std::vector<Seen>& operations,
                           std::string* why) const {
    for (size_t i = 1; i < operations.size(); ++i) {
      const Seen& a = operations[i - 1];
      const Seen& b = operations[i];
      if (a.cf < b.cf) continue;
      if (a.cf > b.cf) {
        *why =
            absl::StrCat("family ", a.cf, " before family ", b.cf, " at ", i);
        return false;
      }
      const rocksdb::Comparator* comparator = Family(a.cf)->GetComparator();
      if (comparator->Compare(a.key, b.key) > 0) {
        *why = absl::StrCat(a.key, " before ", b.key, " in family ", a.cf, " (",
                            comparator->Name(), ") at ", i);
        return false;
      }
    }
    return true;
  }

  // The operations on each (family, key), in their order in `operations`.
  static std::map<std::pair<uint32_t, std::string>, std::vector<std::string>>
  PerKey(const std::vector<Seen>& operations) {
    std::map<std::pair<uint32_t, std::string>, std::vector<std::string>> out;
    for (const Seen& seen : operations) {
      out[{seen.cf, seen.key}].push_back(seen.op + ":" + seen.value);
    }
    return out;
  }

  // Checks the sorted batch against the batch in arrival order.
  void ExpectSortedFrom(const std::vector<Seen>& arrival,
                        const std::vector<Seen>& sorted) {
    std::string why;
    EXPECT_TRUE(InFamilyAndKeyOrder(sorted, &why)) << why;
    // Every operation once: the same multiset.
    std::vector<Seen> arrival_set = arrival;
    std::vector<Seen> sorted_set = sorted;
    std::sort(arrival_set.begin(), arrival_set.end());
    std::sort(sorted_set.begin(), sorted_set.end());
    EXPECT_TRUE(arrival_set == sorted_set)
        << arrival.size() << " operations before, " << sorted.size()
        << " after";
    // Each key's operations in their arrival order.
    EXPECT_EQ(PerKey(sorted), PerKey(arrival));
  }

  sgs::testing::TempDir dir_;
  Store store_;
  Store arrival_;
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
  const std::vector<Seen> arrival = Operations(batch);

  SortBatchByKey(handles_, &batch);
  EXPECT_EQ(batch.Count(), count);
  const std::vector<Seen> sorted = Operations(batch);
  ASSERT_EQ(sorted.size(), count);
  ExpectSortedFrom(arrival, sorted);
  // The operations on key150 and key151 (family 1), as the contract says.
  const auto per_key = PerKey(sorted);
  const uint32_t second = handles_[1]->GetID();
  EXPECT_EQ(per_key.at({second, "key150"}),
            (std::vector<std::string>{"put:first", "put:second"}));
  EXPECT_EQ(
      per_key.at({second, "key151"}),
      (std::vector<std::string>{"put:v51", "delete:", "put:after-delete"}));

  ASSERT_TRUE(store_.db()->Write(rocksdb::WriteOptions(), &batch).ok());
  EXPECT_EQ(store_.Read(1, "key150"), "second");
  EXPECT_EQ(store_.Read(1, "key151"), "after-delete");
  EXPECT_EQ(store_.Read(0, "key120"), "<none>");
  EXPECT_EQ(store_.Read(0, "key100"), "v0");
  EXPECT_EQ(store_.Read(1, "key199"), "v99");
}

// Puts, merges and deletes on few keys, so most keys have several
// operations, over the three families (one in reverse order).
TEST_F(WriteBatchOrderTest, RandomBatchKeepsEveryOperationAndWritesTheSame) {
  std::mt19937 random(20240701);
  rocksdb::WriteBatch batch;
  for (int i = 0; i < 600; ++i) {
    rocksdb::ColumnFamilyHandle* family = handles_[random() % handles_.size()];
    const std::string key = absl::StrCat("k", random() % 40);
    const std::string value = absl::StrCat("v", i);
    switch (random() % 5) {
      case 0:
        ASSERT_TRUE(batch.Delete(family, key).ok());
        break;
      case 1:
        ASSERT_TRUE(batch.Put(family, key, value).ok());
        break;
      default:
        ASSERT_TRUE(batch.Merge(family, key, value).ok());
        break;
    }
  }
  const std::vector<Seen> arrival = Operations(batch);
  std::string why;
  ASSERT_FALSE(InFamilyAndKeyOrder(arrival, &why))
      << "the batch must start out of order for the test to mean anything";
  rocksdb::WriteBatch arrival_batch = batch;

  SortBatchByKey(handles_, &batch);
  const std::vector<Seen> sorted = Operations(batch);
  ASSERT_EQ(sorted.size(), arrival.size());
  ExpectSortedFrom(arrival, sorted);
  // The reversed family really came out in its own order, not bytewise.
  std::vector<std::string> reversed_keys;
  for (const Seen& seen : sorted) {
    if (seen.cf == handles_[2]->GetID()) reversed_keys.push_back(seen.key);
  }
  ASSERT_GT(reversed_keys.size(), 2u);
  EXPECT_GT(reversed_keys.front(), reversed_keys.back());

  ASSERT_TRUE(store_.db()->Write(rocksdb::WriteOptions(), &batch).ok());
  ASSERT_TRUE(
      arrival_.db()->Write(rocksdb::WriteOptions(), &arrival_batch).ok());
  const auto contents = store_.Contents();
  EXPECT_EQ(contents, arrival_.Contents());
  bool merged = false;  // some value is more than one operand
  for (const auto& family : contents) {
    for (const auto& [key, value] : family) {
      if (absl::StrContains(value, ',')) merged = true;
    }
  }
  EXPECT_TRUE(merged);
}

TEST_F(WriteBatchOrderTest, LeavesSmallBatchesInArrivalOrder) {
  rocksdb::WriteBatch batch;
  ASSERT_TRUE(batch.Put(handles_[0], "b", "1").ok());
  ASSERT_TRUE(batch.Put(handles_[0], "a", "2").ok());
  SortBatchByKey(handles_, &batch);
  const std::vector<Seen> seen = Operations(batch);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].key, "b");
}

}  // namespace
}  // namespace sgs::ingest::storage
