// The record table, the aggregate table (with its one recount) and the side
// tables on a real RocksDB in a temporary directory.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/keys.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest_service/storage/aggregate_table.h"
#include "ingest_service/storage/audit_log.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/record_table.h"
#include "ingest_service/storage/side_tables.h"
#include "tests/support/records.h"
#include "tests/support/temp_dir.h"

namespace sgs::ingest::storage {
namespace {

using ::testing::SizeIs;

sgs::v1::Record Stored(const std::string& document_number,
                       const std::string& receipt_date, int version) {
  sgs::v1::Record record = sgs::testing::ValidLicensingRecord(
      "YD001", document_number, "2024-07-01");
  record.set_receipt_date(receipt_date);
  record.set_version(version);
  return record;
}

class TablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Open(dir_.path() + "/db", StoreOptions());
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = *std::move(engine);
  }

  sgs::testing::TempDir dir_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(TablesTest, RecordIsFoundByIdentityAndItsHistoryKept) {
  RecordTable records(engine_.get());
  const sgs::v1::Record first = Stored("许可001", "2024-07-02", 1);
  WriteBatch batch(engine_.get());
  ASSERT_TRUE(records.PutCurrent(first, &batch).ok());
  ASSERT_TRUE(engine_->Commit(&batch).ok());

  const RecordIdentity identity = IdentityOf(first);
  auto current = records.ReadCurrent(identity);
  ASSERT_TRUE(current.ok()) << current.status();
  ASSERT_TRUE(current->has_value());
  EXPECT_EQ((*current)->version(), 1);

  // A correction stored under another receipt date: old key deleted,
  // old version kept in the history.
  const sgs::v1::Record second = Stored("许可001", "2024-07-03", 2);
  WriteBatch correction(engine_.get());
  records.PutVersion(first, &correction);
  ASSERT_TRUE(records.DeleteCurrent(first, &correction).ok());
  ASSERT_TRUE(records.PutCurrent(second, &correction).ok());
  ASSERT_TRUE(engine_->Commit(&correction).ok());

  current = records.ReadCurrent(identity);
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->receipt_date(), "2024-07-03");
  auto history = records.ListSuperseded(identity);
  ASSERT_TRUE(history.ok());
  ASSERT_THAT(*history, SizeIs(1));
  EXPECT_EQ((*history)[0].version(), 1);

  ListRecordsQuery query;
  query.unit_code = "YD001";
  auto page = records.List(query);
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(page->items, SizeIs(1));
}

TEST_F(TablesTest, AbsentRecordIsNullopt) {
  RecordTable records(engine_.get());
  auto current = records.ReadCurrent({"YD001", sgs::v1::LICENSING, "无"});
  ASSERT_TRUE(current.ok());
  EXPECT_FALSE(current->has_value());
}

TEST_F(TablesTest, MergedDeltasMatchTheRecountAndAreListed) {
  AggregateTable aggregates(engine_.get());
  AggregateCounts deltas;
  sgs::v1::Record a = Stored("许可001", "2024-07-02", 1);
  sgs::v1::Record b = Stored("许可002", "2024-07-02", 1);
  b.set_concealment_risk(true);
  ASSERT_TRUE(deltas.Add(a, +1).ok());
  ASSERT_TRUE(deltas.Add(b, +1).ok());
  WriteBatch batch(engine_.get());
  aggregates.MergeDeltas(deltas, &batch);
  ASSERT_TRUE(engine_->Commit(&batch).ok());

  // The same counting, done again, is what verification compares with.
  AggregateCounts recount;
  ASSERT_TRUE(recount.Add(a, +1).ok());
  ASSERT_TRUE(recount.Add(b, +1).ok());
  EXPECT_TRUE(aggregates.Verify(recount).ok());

  ListAggregatesQuery query;
  query.start_date = absl::CivilDay(2024, 7, 1);
  query.end_date = absl::CivilDay(2024, 7, 31);
  auto page = aggregates.List(query);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_THAT(page->items, SizeIs(1));
  EXPECT_EQ(page->items[0].record_count(), 2);
  EXPECT_EQ(page->items[0].concealment_risk_count(), 1);
  EXPECT_EQ(page->items[0].receipt_date(), "2024-07-02");
  EXPECT_EQ(page->items[0].decision_date(), "2024-07-01");

  // Outside the dates: nothing.
  query.start_date = absl::CivilDay(2024, 8, 1);
  query.end_date = absl::CivilDay(2024, 8, 31);
  page = aggregates.List(query);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->items.empty());

  // One record fewer in the recount: a difference, reported as data loss.
  AggregateCounts fewer;
  ASSERT_TRUE(fewer.Add(a, +1).ok());
  EXPECT_EQ(aggregates.Verify(fewer).code(), absl::StatusCode::kDataLoss);
}

// One unit's rows come from agg_by_date by a seek per day: a unit whose
// code extends another's, days holding only other units, and page tokens
// in the middle of a day change nothing.
TEST_F(TablesTest, OneUnitIsReadDayByDayAmongOtherUnits) {
  AggregateTable aggregates(engine_.get());
  AggregateCounts deltas;
  int expected = 0;
  for (int day = 1; day <= 20; ++day) {
    const std::string receipt = absl::StrFormat("2024-07-%02d", day);
    for (const char* unit : {"YD00", "YD001", "YD0011", "YD002"}) {
      // YD001 reports on odd days only, twice on days divisible by 3.
      if (std::string(unit) == "YD001" && day % 2 == 0) continue;
      const int copies = std::string(unit) == "YD001" && day % 3 == 0 ? 2 : 1;
      for (int copy = 0; copy < copies; ++copy) {
        sgs::v1::Record record = sgs::testing::ValidLicensingRecord(
            unit, absl::StrCat("许可", day, "-", copy),
            absl::StrFormat("2024-06-%02d", 10 + copy));
        record.set_receipt_date(receipt);
        ASSERT_TRUE(deltas.Add(record, +1).ok());
        if (std::string(unit) == "YD001") ++expected;
      }
    }
  }
  WriteBatch batch(engine_.get());
  aggregates.MergeDeltas(deltas, &batch);
  ASSERT_TRUE(engine_->Commit(&batch).ok());
  for (const int page_size : {1000, 1, 2, 3}) {
    ListAggregatesQuery query;
    query.unit_code = "YD001";
    query.start_date = absl::CivilDay(2024, 7, 2);
    query.end_date = absl::CivilDay(2024, 7, 31);
    query.page_size = page_size;
    int rows = 0;
    std::string last_receipt;
    do {
      auto page = aggregates.List(query);
      ASSERT_TRUE(page.ok()) << page.status();
      for (const sgs::v1::DailyAggregate& row : page->items) {
        EXPECT_EQ(row.unit_code(), "YD001");
        EXPECT_GE(row.receipt_date(), last_receipt);  // date order
        EXPECT_EQ(row.record_count(), 1);
        last_receipt = row.receipt_date();
        ++rows;
      }
      query.page_token = page->next_page_token;
    } while (!query.page_token.empty());
    // Day 1 is before the range: its one row is not counted.
    EXPECT_EQ(rows, expected - 1) << "page size " << page_size;
  }
}

TEST_F(TablesTest, RemovingARecordNetsToZero) {
  AggregateCounts deltas;
  sgs::v1::Record a = Stored("许可001", "2024-07-02", 1);
  ASSERT_TRUE(deltas.Add(a, +1).ok());
  ASSERT_TRUE(deltas.Add(a, -1).ok());
  for (const auto& [key, value] : deltas.by_date()) {
    EXPECT_EQ(value.first, 0);
    EXPECT_EQ(value.second, 0);
  }
  AggregateTable aggregates(engine_.get());
  WriteBatch batch(engine_.get());
  aggregates.MergeDeltas(deltas, &batch);
  EXPECT_EQ(batch.Count(), 0);
}

TEST_F(TablesTest, BadDateIsAnError) {
  AggregateCounts deltas;
  sgs::v1::Record a = Stored("许可001", "not-a-date", 1);
  EXPECT_FALSE(deltas.Add(a, +1).ok());
}

TEST_F(TablesTest, ObjectionsAndAuditEntriesRoundTrip) {
  ObjectionTable objections(engine_.get());
  AuditLog audit(engine_.get());
  sgs::v1::Objection objection;
  objection.set_unit_code("YD001");
  objection.set_name("units/YD001/objections/7");
  WriteBatch batch(engine_.get());
  objections.Put(objection, 7, &batch);
  audit.Append(
      absl::FromUnixSeconds(1720000000), {"alice", "CREDIT_OFFICE", ""},
      {sgs::v1::OBJECTION_CREATE, "YD001", objection.name(), {}, "x"}, &batch);
  ASSERT_TRUE(engine_->Commit(&batch).ok());

  auto stored = objections.Get("YD001", 7);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->name(), objection.name());
  auto missing = objections.Get("YD001", 8);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  auto entries = audit.List("YD001", objection.name(), 0, "");
  ASSERT_TRUE(entries.ok());
  ASSERT_THAT(entries->items, SizeIs(1));
  EXPECT_EQ(entries->items[0].actor(), "alice");
  auto other = audit.List("YD001", "units/YD001/objections/9", 0, "");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->items.empty());
}

sgs::v1::RejectedSubmission Rejection(const std::string& unit_code,
                                      const std::string& document_number) {
  sgs::v1::RejectedSubmission rejection;
  rejection.set_unit_code(unit_code);
  *rejection.mutable_record() = sgs::testing::ValidLicensingRecord(
      "YD001", document_number, "2024-07-01");
  return rejection;
}

TEST_F(TablesTest, OpenRejectionsAreFoundByIdentityUntilResolved) {
  RejectedTable rejected(engine_.get());
  {
    WriteBatch batch(engine_.get());
    rejected.Put(Rejection("YD001", "A-1"), 1000, 1, &batch);
    rejected.Put(Rejection("YD001", "A-1"), 2000, 2, &batch);
    rejected.Put(Rejection("YD001", "A-2"), 3000, 3, &batch);
    // Not matchable: no 文书号. Open, but never found by identity.
    rejected.Put(Rejection("YD001", ""), 4000, 4, &batch);
    ASSERT_TRUE(engine_->Commit(&batch).ok());
  }
  auto count = rejected.CountOpen("YD001");
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 4);
  auto open = rejected.ListOpen("YD001", sgs::v1::LICENSING, "A-1");
  ASSERT_TRUE(open.ok()) << open.status();
  ASSERT_THAT(*open, SizeIs(2));
  EXPECT_TRUE(
      rejected.ListOpen("YD001", sgs::v1::PENALTY, "A-1").value().empty());
  EXPECT_TRUE(
      rejected.ListOpen("YD001", sgs::v1::LICENSING, "").value().empty());

  {
    WriteBatch batch(engine_.get());
    for (const StoredRejection& entry : *open) {
      sgs::v1::RejectedSubmission resolved = entry.rejection;
      resolved.set_resolved(true);
      rejected.PutResolved(entry, resolved, &batch);
    }
    ASSERT_TRUE(engine_->Commit(&batch).ok());
  }
  EXPECT_EQ(rejected.CountOpen("YD001").value(), 2);
  EXPECT_TRUE(
      rejected.ListOpen("YD001", sgs::v1::LICENSING, "A-1").value().empty());
  EXPECT_THAT(rejected.List("YD001", RejectionFilter::kOpen, 0, "")->items,
              SizeIs(2));
  EXPECT_THAT(rejected.List("YD001", RejectionFilter::kResolved, 0, "")->items,
              SizeIs(2));
  EXPECT_THAT(rejected.List("YD001", RejectionFilter::kAll, 0, "")->items,
              SizeIs(4));
}

TEST_F(TablesTest, UnknownUnitRejectionIsOpenButNeverMatched) {
  // Queued under "_unknown": the record's own unit code is not the key.
  sgs::v1::RejectedSubmission rejection = Rejection("_unknown", "A-1");
  EXPECT_EQ(RejectedOpenKey(rejection, keys::RejectedKey("_unknown", 1, 1)),
            RejectedOpenKey(Rejection("_unknown", ""),
                            keys::RejectedKey("_unknown", 1, 1)));
}

}  // namespace
}  // namespace sgs::ingest::storage
