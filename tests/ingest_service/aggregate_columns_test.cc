// The date-first aggregate table (agg_by_date, the only one since format 4)
// through the real interface: ListDailyAggregates' COLUMNS view on a real
// ingest server over a real RocksDB gives exactly the rows of the ROWS
// view, page after page, for every unit and for one; a format-2 store (no
// agg_by_date) and a format-3 store (agg_by_date and the unit-first copies)
// are migrated at open to the same rows, and so is one whose migration was
// interrupted; the unit-first tables end empty; the recount still agrees.
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ingest_service/domain/record_store.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/storage_format.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/old_formats.h"
#include "tests/support/records.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using storage::ColumnFamily;
using storage::Engine;

// unit, receipt yyyymmdd, decision yyyymmdd, kind, count, risk
using Row = std::tuple<std::string, uint32_t, uint32_t, int, int64_t, int64_t>;

const char* const kUnits[] = {"yd-jyj", "yd-gaj", "yd-fgw", "yd-yjj"};

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return context;
}

class AggregateColumnsTest : public ::testing::Test {
 protected:
  AggregateColumnsTest() : server_(dir_.path() + "/db") {}

  // 90 records over four units, July 2024, both kinds, 0..6 days late,
  // several on the same (unit, day) so counts exceed 1; a few corrected.
  void Backfill() {
    auto stub = server_.NewStub();
    std::vector<sgs::v1::BackfillRecordsRequest> requests;
    for (int i = 0; i < 90; ++i) {
      const absl::CivilDay decision = absl::CivilDay(2024, 7, 1) + i % 20;
      const std::string unit = kUnits[i % 4];
      const std::string number = absl::StrCat("列", i % 80, "号");
      sgs::v1::Record record = i % 3 == 0
                                   ? sgs::testing::ValidPenaltyRecord(
                                         unit, number, FormatDate(decision))
                                   : sgs::testing::ValidLicensingRecord(
                                         unit, number, FormatDate(decision));
      if (i % 11 == 0) {
        record.set_disclosure_scope(sgs::v1::GOVERNMENT_SHARING);
      }
      requests.push_back(sgs::testing::BackfillEntry(
          record, sgs::testing::ReceivedAfter(decision, i % 7)));
    }
    sgs::v1::UploadSummary summary;
    const grpc::Status status = sgs::testing::Backfill(
        stub.get(), requests, &summary, absl::Seconds(30));
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(summary.rejected_count(), 0) << summary.DebugString();
  }

  sgs::v1::ListDailyAggregatesRequest Request(const std::string& unit,
                                              sgs::v1::DateBasis basis) {
    sgs::v1::ListDailyAggregatesRequest request;
    request.set_unit_code(unit);
    request.set_date_basis(basis);
    request.set_start_date("2024-07-03");
    request.set_end_date("2024-07-24");
    return request;
  }

  std::multiset<Row> RowsView(const std::string& unit,
                              sgs::v1::DateBasis basis) {
    auto stub = server_.NewStub();
    sgs::v1::ListDailyAggregatesRequest request = Request(unit, basis);
    std::multiset<Row> rows;
    do {
      sgs::v1::ListDailyAggregatesResponse response;
      grpc::Status status =
          stub->ListDailyAggregates(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_EQ(response.columns().unit_index_size(), 0);
      for (const auto& a : response.aggregates()) {
        rows.emplace(a.unit_code(), DateNumber(*ParseDate(a.receipt_date())),
                     DateNumber(*ParseDate(a.decision_date())), a.kind(),
                     a.record_count(), a.concealment_risk_count());
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return rows;
  }

  std::multiset<Row> ColumnsView(const std::string& unit,
                                 sgs::v1::DateBasis basis, int page_size,
                                 int* pages) {
    auto stub = server_.NewStub();
    sgs::v1::ListDailyAggregatesRequest request = Request(unit, basis);
    request.set_view(sgs::v1::AGGREGATE_VIEW_COLUMNS);
    request.set_page_size(page_size);
    std::multiset<Row> rows;
    *pages = 0;
    do {
      sgs::v1::ListDailyAggregatesResponse response;
      grpc::Status status =
          stub->ListDailyAggregates(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      ++*pages;
      EXPECT_EQ(response.aggregates_size(), 0);
      const sgs::v1::DailyAggregateColumns& c = response.columns();
      EXPECT_LE(c.unit_index_size(), page_size);
      EXPECT_EQ(c.receipt_date_size(), c.unit_index_size());
      EXPECT_EQ(c.decision_date_size(), c.unit_index_size());
      EXPECT_EQ(c.kind_size(), c.unit_index_size());
      EXPECT_EQ(c.record_count_size(), c.unit_index_size());
      EXPECT_EQ(c.concealment_risk_count_size(), c.unit_index_size());
      for (int i = 0; i < c.unit_index_size(); ++i) {
        rows.emplace(c.unit_codes(static_cast<int>(c.unit_index(i))),
                     c.receipt_date(i), c.decision_date(i), c.kind(i),
                     c.record_count(i), c.concealment_risk_count(i));
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return rows;
  }

  // Every view, both bases, every unit and one unit: the same rows.
  void ExpectColumnsEqualRows() {
    for (const sgs::v1::DateBasis basis :
         {sgs::v1::RECEIPT_DATE, sgs::v1::DECISION_DATE}) {
      for (const std::string unit : {"", "yd-gaj"}) {
        const std::multiset<Row> rows = RowsView(unit, basis);
        ASSERT_FALSE(rows.empty());
        int pages = 0;
        EXPECT_EQ(ColumnsView(unit, basis, 50000, &pages), rows)
            << "unit " << unit << " basis " << basis;
        EXPECT_EQ(pages, 1);
        EXPECT_EQ(ColumnsView(unit, basis, 3, &pages), rows)
            << "unit " << unit << " basis " << basis;
        EXPECT_GE(pages, static_cast<int>(rows.size() / 3));
      }
    }
  }

  // Turns the store back into format 2: agg_by_date emptied, except every
  // `keep_every`-th entry (0: none) — what a migration interrupted after
  // some of its batches leaves.
  void MakeFormatTwo(int keep_every) {
    server_.Shutdown();
    const absl::Status rewound =
        sgs::testing::RewindToFormatTwo(dir_.path() + "/db", keep_every);
    ASSERT_TRUE(rewound.ok()) << rewound;
  }

  void ExpectMigratedAndRecounted() {
    server_.Shutdown();
    {
      auto store = RecordStore::Open(dir_.path() + "/db", StoreOptions());
      ASSERT_TRUE(store.ok()) << store.status();
      EXPECT_TRUE((*store)->VerifyAggregates().ok())
          << (*store)->VerifyAggregates();
    }
    auto engine = Engine::Open(dir_.path() + "/db", storage::StoreOptions());
    ASSERT_TRUE(engine.ok()) << engine.status();
    EXPECT_EQ((*engine)
                  ->Get(ColumnFamily::kMeta, storage::kFormatVersionKey)
                  .value()
                  .value_or(""),
              absl::StrCat(storage::kFormatVersion));
    // Format 4: agg_by_date alone holds the counts.
    for (const ColumnFamily cf :
         {ColumnFamily::kAggByReceipt, ColumnFamily::kAggByDecision}) {
      std::unique_ptr<rocksdb::Iterator> it = (*engine)->NewIterator(cf);
      it->SeekToFirst();
      EXPECT_FALSE(it->Valid()) << storage::ColumnFamilyName(cf);
    }
  }

  TempDir dir_;
  TestIngestServer server_;
};

TEST_F(AggregateColumnsTest, ColumnsViewHasTheRowsOfTheRowsViewPageByPage) {
  Backfill();
  ExpectColumnsEqualRows();
  ExpectMigratedAndRecounted();
}

TEST_F(AggregateColumnsTest, FormatTwoStoreIsMigratedToTheSameRows) {
  Backfill();
  const std::multiset<Row> before = RowsView("", sgs::v1::RECEIPT_DATE);
  MakeFormatTwo(/*keep_every=*/0);
  server_.Restart();
  EXPECT_EQ(RowsView("", sgs::v1::RECEIPT_DATE), before);
  ExpectColumnsEqualRows();
  // Written after the migration: merged into every table alike.
  Backfill();
  ExpectColumnsEqualRows();
  ExpectMigratedAndRecounted();
}

TEST_F(AggregateColumnsTest, FormatThreeStoreDropsItsUnitFirstCopies) {
  Backfill();
  const std::multiset<Row> before = RowsView("yd-gaj", sgs::v1::RECEIPT_DATE);
  server_.Shutdown();
  const absl::Status rewound =
      sgs::testing::RewindToFormatThree(dir_.path() + "/db");
  ASSERT_TRUE(rewound.ok()) << rewound;
  server_.Restart();
  EXPECT_EQ(RowsView("yd-gaj", sgs::v1::RECEIPT_DATE), before);
  ExpectColumnsEqualRows();
  Backfill();
  ExpectColumnsEqualRows();
  ExpectMigratedAndRecounted();
}

TEST_F(AggregateColumnsTest, InterruptedMigrationIsRedoneAtTheNextOpen) {
  Backfill();
  MakeFormatTwo(/*keep_every=*/3);
  server_.Restart();
  ExpectColumnsEqualRows();
  ExpectMigratedAndRecounted();
}

TEST_F(AggregateColumnsTest, ColumnsPageTokenOfAnotherRangeIsRefused) {
  Backfill();
  auto stub = server_.NewStub();
  sgs::v1::ListDailyAggregatesRequest request =
      Request("", sgs::v1::RECEIPT_DATE);
  request.set_view(sgs::v1::AGGREGATE_VIEW_COLUMNS);
  request.set_page_size(2);
  sgs::v1::ListDailyAggregatesResponse response;
  ASSERT_TRUE(
      stub->ListDailyAggregates(Context().get(), request, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  request.set_start_date("2024-07-20");
  const grpc::Status status =
      stub->ListDailyAggregates(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("分页令牌"), std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace sgs::ingest
