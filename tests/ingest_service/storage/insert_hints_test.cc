// Memtable insert hints (insert_hints.h): the prefixes they hint by, and on
// a real RocksDB in a temporary directory, that keys inserted with hints —
// ascending per unit, interleaved across units, as a back-fill writes them,
// and out of order — read back complete and in key order.
#include "ingest_service/storage/insert_hints.h"

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/keys.h"
#include "gtest/gtest.h"
#include "ingest_service/storage/engine.h"
#include "tests/support/temp_dir.h"

namespace sgs::ingest::storage {
namespace {

TEST(InsertHintsTest, UnitFirstTablesHintByTheUnitPrefix) {
  const auto hint = InsertHintPrefix(ColumnFamily::kRecords);
  ASSERT_NE(hint, nullptr);
  const std::string key = keys::RecordKey("yd-jyj", absl::CivilDay(2024, 7, 1),
                                          sgs::v1::LICENSING, "许可1");
  ASSERT_TRUE(hint->InDomain(key));
  EXPECT_EQ(hint->Transform(key).ToString(), keys::UnitPrefix("yd-jyj"));
  // Empty, or shorter than its length byte says: no hint (not a crash).
  EXPECT_FALSE(hint->InDomain(""));
  EXPECT_FALSE(hint->InDomain(std::string("\x09yd-jyj", 7)));
}

TEST(InsertHintsTest, DateFirstAggregatesHintByBasisAndDate) {
  const auto hint = InsertHintPrefix(ColumnFamily::kAggByDate);
  ASSERT_NE(hint, nullptr);
  std::string key;
  keys::AppendU8(&key, 1);
  keys::AppendDate(&key, absl::CivilDay(2024, 7, 1));
  const std::string prefix = key;
  key.append(keys::UnitPrefix("yd-jyj"));
  EXPECT_EQ(hint->Transform(key).ToString(), prefix);
  EXPECT_EQ(InsertHintPrefix(ColumnFamily::kMeta), nullptr);
}

TEST(InsertHintsTest, HintedInsertsReadBackInKeyOrder) {
  sgs::testing::TempDir dir;
  auto engine = Engine::Open(dir.path() + "/db", StoreOptions());
  ASSERT_TRUE(engine.ok()) << engine.status();
  std::vector<std::string> keys;
  std::mt19937 random(7);
  for (int day = 0; day < 60; ++day) {
    WriteBatch batch(engine->get());
    for (int unit = 0; unit < 30; ++unit) {
      // Units "u1" and "u10" share a prefix but not a length byte.
      const std::string code = absl::StrCat("u", unit);
      // Mostly ascending per unit; every fifth day also an earlier date.
      const int date = day % 5 == 4 ? static_cast<int>(random() % 60) : day;
      const std::string key =
          keys::RecordKey(code, absl::CivilDay(2024, 1, 1) + date,
                          sgs::v1::PENALTY, absl::StrCat("罚", day, "-", unit));
      batch.Put(ColumnFamily::kRecords, key, "v");
      keys.push_back(key);
    }
    ASSERT_TRUE((*engine)->Commit(&batch).ok());
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> read;
  std::unique_ptr<rocksdb::Iterator> it =
      (*engine)->NewIterator(ColumnFamily::kRecords);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    read.push_back(it->key().ToString());
  }
  ASSERT_TRUE(it->status().ok());
  EXPECT_EQ(read, keys);
}

}  // namespace
}  // namespace sgs::ingest::storage
