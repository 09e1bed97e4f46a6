// RecordStore on a real RocksDB: the lifecycle and the tables together,
// and the one recount agreeing with the write path's aggregates.
#include "ingest_service/domain/record_store.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/records.h"
#include "tests/support/temp_dir.h"

namespace sgs::ingest {
namespace {

using ::testing::SizeIs;

class RecordStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    store_.reset();
    auto store = RecordStore::Open(dir_.path() + "/db", StoreOptions());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  sgs::testing::TempDir dir_;
  std::unique_ptr<RecordStore> store_;
  const AuditActor actor_{"tester", "SUBMITTER", "local"};
  const absl::Time now_ = absl::FromUnixSeconds(1720591200);  // 2024-07-10
};

TEST_F(RecordStoreTest, WritesCorrectionsAndWithdrawalsKeepAggregatesRight) {
  std::vector<RecordWrite> writes;
  for (const char* number : {"许可001", "许可002", "许可003"}) {
    writes.push_back(RecordWrite{
        sgs::testing::ValidLicensingRecord("YD001", number, "2024-07-01"), now_,
        false});
  }
  // The same record twice in one batch: the second is a correction.
  writes.push_back(writes[0]);
  auto outcomes = store_->WriteRecords(writes, now_, actor_);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  ASSERT_THAT(*outcomes, SizeIs(4));
  EXPECT_TRUE((*outcomes)[0].created);
  EXPECT_FALSE((*outcomes)[3].created);
  EXPECT_EQ((*outcomes)[3].stored.version(), 2);
  EXPECT_TRUE(store_->VerifyAggregates().ok());

  // A back-fill moving one record's receipt to an earlier day.
  RecordWrite backfill{
      sgs::testing::ValidLicensingRecord("YD001", "许可002", "2024-07-01"),
      now_ - absl::Hours(24 * 5), true};
  ASSERT_TRUE(store_->WriteRecords({backfill}, now_, actor_).ok());
  EXPECT_TRUE(store_->VerifyAggregates().ok());

  const RecordIdentity identity{"YD001", sgs::v1::LICENSING, "许可001"};
  auto withdrawn = store_->WithdrawRecord(identity, "重复", now_, actor_);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_EQ(
      store_->WithdrawRecord(identity, "重复", now_, actor_).status().code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(store_->VerifyAggregates().ok());

  // Everything survives a reopen.
  Open();
  auto versions = store_->ListVersions(identity);
  ASSERT_TRUE(versions.ok());
  EXPECT_THAT(*versions, SizeIs(3));
  EXPECT_TRUE(versions->back().withdrawn());
  EXPECT_TRUE(store_->VerifyAggregates().ok());
  auto audit = store_->ListAudit("YD001", "", 0, "");
  ASSERT_TRUE(audit.ok());
  EXPECT_THAT(audit->items, SizeIs(6));
}

TEST_F(RecordStoreTest, MissingRecordIsNotFound) {
  const RecordIdentity identity{"YD001", sgs::v1::PENALTY, "无此文书"};
  EXPECT_EQ(store_->GetRecord(identity).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->WithdrawRecord(identity, "x", now_, actor_).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RecordStoreTest, ObjectionsResolveOnce) {
  sgs::v1::Objection objection;
  objection.set_unit_code("YD001");
  objection.set_record_name("units/YD001/records/xk/许可001");
  objection.set_description("公示内容有误");
  *objection.mutable_file_time() = google::protobuf::Timestamp();
  auto created = store_->CreateObjection(objection, actor_);
  ASSERT_TRUE(created.ok()) << created.status();
  auto id = ParseChildName(created->name(), "objections", "name");
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(store_
                  ->ResolveObjection("YD001", id->second, sgs::v1::UPHELD, "",
                                     now_, actor_)
                  .ok());
  EXPECT_EQ(store_
                ->ResolveObjection("YD001", id->second, sgs::v1::DISMISSED, "",
                                   now_, actor_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_
                ->ResolveObjection("YD001", id->second + 100, sgs::v1::UPHELD,
                                   "", now_, actor_)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace sgs::ingest
