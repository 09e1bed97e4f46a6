#include "ingest_service/storage/engine.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest_service/storage/side_tables.h"
#include "ingest_service/storage/storage_format.h"
#include "tests/support/records.h"
#include "tests/support/temp_dir.h"

namespace sgs::ingest::storage {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<Engine> OpenOrDie(const std::string& path) {
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(path, StoreOptions());
  EXPECT_TRUE(engine.ok()) << engine.status();
  return engine.ok() ? *std::move(engine) : nullptr;
}

TEST(EngineTest, ColumnFamiliesHaveTheirOnDiskNames) {
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kRecords), "records");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kRecordIds), "record_ids");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kRecordVersions), "record_versions");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kAggByReceipt), "agg_by_receipt");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kAggByDecision), "agg_by_decision");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kAudit), "audit");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kRejectedOpen), "rejected_open");
}

TEST(EngineTest, NewDatabaseRecordsItsFormatVersion) {
  sgs::testing::TempDir dir;
  std::unique_ptr<Engine> engine = OpenOrDie(dir.path() + "/db");
  ASSERT_NE(engine, nullptr);
  absl::StatusOr<absl::optional<std::string>> version =
      engine->Get(ColumnFamily::kMeta, kFormatVersionKey);
  ASSERT_TRUE(version.ok()) << version.status();
  ASSERT_TRUE(version->has_value());
  EXPECT_EQ(**version, absl::StrCat(kFormatVersion));
}

TEST(EngineTest, RefusesADatabaseOfAnotherFormatVersion) {
  sgs::testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  {
    std::unique_ptr<Engine> engine = OpenOrDie(path);
    ASSERT_NE(engine, nullptr);
    WriteBatch batch(engine.get());
    batch.Put(ColumnFamily::kMeta, kFormatVersionKey,
              absl::StrCat(kFormatVersion + 1));
    ASSERT_TRUE(engine->Commit(&batch).ok());
  }
  absl::StatusOr<std::unique_ptr<Engine>> reopened =
      Engine::Open(path, StoreOptions());
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(reopened.status().message(), HasSubstr("存储格式版本"));
}

TEST(EngineTest, FormatOneDatabaseIsMigratedWithItsOpenRejections) {
  sgs::testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  {
    // A format-1 database: rejections stored without the open index.
    std::unique_ptr<Engine> engine = OpenOrDie(path);
    ASSERT_NE(engine, nullptr);
    WriteBatch batch(engine.get());
    sgs::v1::RejectedSubmission rejection;
    rejection.set_unit_code("YD001");
    *rejection.mutable_record() = sgs::testing::ValidLicensingRecord(
        "YD001", "殷市监许〔2024〕1号", "2024-07-01");
    const std::string key = keys::RejectedKey("YD001", 1720000000000000, 1);
    batch.Put(ColumnFamily::kRejected, key, rejection.SerializeAsString());
    batch.Put(ColumnFamily::kMeta, kFormatVersionKey, "1");
    ASSERT_TRUE(engine->Commit(&batch).ok());
    std::unique_ptr<rocksdb::Iterator> index =
        engine->NewIterator(ColumnFamily::kRejectedOpen);
    index->SeekToFirst();
    ASSERT_FALSE(index->Valid());
  }
  std::unique_ptr<Engine> engine = OpenOrDie(path);
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->Get(ColumnFamily::kMeta, kFormatVersionKey).value(),
            absl::StrCat(kFormatVersion));
  RejectedTable rejected(engine.get());
  EXPECT_EQ(rejected.CountOpen("YD001").value(), 1);
  auto open =
      rejected.ListOpen("YD001", sgs::v1::LICENSING, "殷市监许〔2024〕1号");
  ASSERT_TRUE(open.ok()) << open.status();
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].key, keys::RejectedKey("YD001", 1720000000000000, 1));
}

TEST(EngineTest, CommittedIdsAreNeverHandedOutAgain) {
  sgs::testing::TempDir dir;
  const std::string path = dir.path() + "/db";
  uint64_t last = 0;
  {
    std::unique_ptr<Engine> engine = OpenOrDie(path);
    ASSERT_NE(engine, nullptr);
    engine->NextId();
    last = engine->NextId();
    WriteBatch batch(engine.get());
    batch.Put(ColumnFamily::kObjections, "k", "v");
    ASSERT_TRUE(engine->Commit(&batch).ok());
  }
  std::unique_ptr<Engine> engine = OpenOrDie(path);
  ASSERT_NE(engine, nullptr);
  EXPECT_GT(engine->NextId(), last);
}

TEST(EngineTest, CommitWritesTheWholeBatch) {
  sgs::testing::TempDir dir;
  std::unique_ptr<Engine> engine = OpenOrDie(dir.path() + "/db");
  ASSERT_NE(engine, nullptr);
  WriteBatch batch(engine.get());
  batch.Put(ColumnFamily::kRecords, "a", "1");
  batch.Put(ColumnFamily::kAudit, "b", "2");
  EXPECT_EQ(batch.Count(), 2);
  ASSERT_TRUE(batch.status().ok());
  ASSERT_TRUE(engine->Commit(&batch).ok());
  auto a = engine->Get(ColumnFamily::kRecords, "a");
  auto b = engine->Get(ColumnFamily::kAudit, "b");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->value_or(""), "1");
  EXPECT_EQ(b->value_or(""), "2");
  // Column families are separate key spaces.
  auto absent = engine->Get(ColumnFamily::kAudit, "a");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
}

}  // namespace
}  // namespace sgs::ingest::storage
