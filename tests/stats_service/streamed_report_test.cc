// Reports counted page by page (StatsDataSource::ScanDailyAggregates over
// ListDailyAggregates' COLUMNS view) against a real ingest server over a
// real RocksDB: a period spanning many pages gives exactly the report of the
// same aggregates read whole (ComputeReport over the ROWS view), for a
// month, a quarter, a year and the decision-date basis; and a store taken
// back to format 2 (no date-first table) and migrated at open gives the
// same reports as before. The UNIT_TALLIES view (counted in the ingest
// service by the stats service's deadlines) gives the same reports too.
#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/storage_format.h"
#include "stats_service/calculator.h"
#include "stats_service/ingest_source.h"
#include "stats_service/period.h"
#include "tests/stats_service/shipped_calculator.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/old_formats.h"
#include "tests/support/records.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_env.h"

namespace sgs::stats {
namespace {

using google::protobuf::util::MessageDifferencer;
using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;

const char* const kUnits[] = {"yd-jyj", "yd-gaj", "yd-fgw", "yd-yjj",
                              "yd-scjdj"};

// Forwards to the ingest source and counts the pages it hands over.
class PageCountingSource : public StatsDataSource {
 public:
  explicit PageCountingSource(IngestDataSource* source) : source_(source) {}
  absl::StatusOr<std::vector<sgs::v1::DailyAggregate>> ListDailyAggregates(
      const std::string& unit_code, sgs::v1::DateBasis basis,
      absl::CivilDay start, absl::CivilDay end) override {
    return source_->ListDailyAggregates(unit_code, basis, start, end);
  }
  absl::Status ScanDailyAggregates(const std::string& unit_code,
                                   sgs::v1::DateBasis basis,
                                   absl::CivilDay start, absl::CivilDay end,
                                   const AggregatePageVisitor& visit) override {
    return source_->ScanDailyAggregates(
        unit_code, basis, start, end,
        [&](const sgs::v1::DailyAggregateColumns& columns) {
          ++pages;
          return visit(columns);
        });
  }
  absl::StatusOr<std::vector<sgs::v1::Objection>> ListObjections(
      absl::CivilDay start, absl::CivilDay end) override {
    return source_->ListObjections(start, end);
  }
  absl::StatusOr<std::vector<sgs::v1::SpotCheckFinding>> ListSpotCheckFindings(
      absl::CivilDay start, absl::CivilDay end) override {
    return source_->ListSpotCheckFindings(start, end);
  }
  absl::StatusOr<std::vector<sgs::v1::Unit>> ListUnits() override {
    return source_->ListUnits();
  }

  int pages = 0;

 private:
  IngestDataSource* source_;
};

// Forwards classified scans to the ingest source with the deadline table cut
// to its last 20 decision dates (so the rows decided earlier come back
// unclassified)
// and counts what came back.
class ClassifiedCountingSource : public PageCountingSource {
 public:
  ClassifiedCountingSource(IngestDataSource* source, bool cut_table)
      : PageCountingSource(source), ingest_(source), cut_table_(cut_table) {}
  absl::Status ScanClassifiedAggregates(
      const std::string& unit_code, sgs::v1::DateBasis basis,
      absl::CivilDay start, absl::CivilDay end,
      const sgs::v1::DeadlineTable& deadlines, const UnitTallyVisitor& tallies,
      const AggregatePageVisitor& rows) override {
    sgs::v1::DeadlineTable table = deadlines;
    if (cut_table_) {
      const int keep = std::min(20, table.decision_date_size());
      for (auto* column :
           {table.mutable_decision_date(), table.mutable_last_on_time_date(),
            table.mutable_first_missed_date()}) {
        column->erase(column->begin(), column->end() - keep);
      }
    }
    return ingest_->ScanClassifiedAggregates(
        unit_code, basis, start, end, table,
        [&](const google::protobuf::RepeatedPtrField<sgs::v1::UnitTally>& t) {
          tallied_units += t.size();
          return tallies(t);
        },
        [&](const sgs::v1::DailyAggregateColumns& columns) {
          left_rows += columns.unit_index_size();
          return rows(columns);
        });
  }
  int ConcurrentScans() const override { return ingest_->ConcurrentScans(); }

  std::atomic<int> tallied_units{0};
  std::atomic<int> left_rows{0};

 private:
  IngestDataSource* ingest_;
  bool cut_table_;
};

class StreamedReportTest : public ::testing::Test {
 protected:
  StreamedReportTest() : server_(dir_.path() + "/db") {}

  void SetUp() override {
    auto shipped = sgs::testing::ShippedCalculator::Create();
    ASSERT_TRUE(shipped.ok()) << shipped.status();
    shipped_ = *std::move(shipped);
    calculator_ = shipped_->get();
    stub_ = server_.NewStub();
    source_ =
        std::make_unique<IngestDataSource>(stub_.get(), absl::Seconds(30));
    Backfill();
  }

  // 400 records over five units, June to September 2024, both kinds,
  // on time and late, some concealment risks.
  void Backfill() {
    std::vector<sgs::v1::BackfillRecordsRequest> requests;
    for (int i = 0; i < 400; ++i) {
      const absl::CivilDay decision =
          absl::CivilDay(2024, 6, 1) + (i * 7) % 110;
      const std::string unit = kUnits[i % 5];
      const std::string number = absl::StrCat("流", i, "号");
      sgs::v1::Record record = i % 4 == 0
                                   ? sgs::testing::ValidPenaltyRecord(
                                         unit, number, FormatDate(decision))
                                   : sgs::testing::ValidLicensingRecord(
                                         unit, number, FormatDate(decision));
      if (i % 13 == 0) {
        record.set_disclosure_scope(sgs::v1::GOVERNMENT_SHARING);
      }
      // 0..20 days after the decision: on time and late (迟报).
      requests.push_back(sgs::testing::BackfillEntry(
          record, sgs::testing::ReceivedAfter(decision, (i * 3) % 21)));
    }
    sgs::v1::UploadSummary summary;
    const grpc::Status status =
        sgs::testing::Backfill(stub_.get(), requests, &summary);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(summary.rejected_count(), 0) << summary.DebugString();
  }

  static std::vector<sgs::v1::Period> Periods() {
    sgs::v1::Period by_decision = MonthPeriod(2024, 7);
    by_decision.set_date_basis(sgs::v1::DECISION_DATE);
    return {MonthPeriod(2024, 7), QuarterPeriod(2024, 3), YearPeriod(2024),
            by_decision};
  }

  // The report of the aggregates read whole, through the ROWS view.
  sgs::v1::PeriodReport Materialised(const sgs::v1::Period& period) {
    absl::StatusOr<ResolvedPeriod> resolved = ResolvePeriod(period);
    EXPECT_TRUE(resolved.ok()) << resolved.status();
    absl::StatusOr<PeriodInputs> inputs =
        FetchPeriodInputs(*source_, *resolved, "");
    EXPECT_TRUE(inputs.ok()) << inputs.status();
    absl::StatusOr<sgs::v1::PeriodReport> report =
        calculator_->ComputeReport(*resolved, *inputs);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.value_or(sgs::v1::PeriodReport());
  }

  sgs::v1::PeriodReport Streamed(const sgs::v1::Period& period, int page_rows,
                                 int* pages) {
    source_->set_columns_page_size(page_rows);
    PageCountingSource counting(source_.get());
    absl::StatusOr<sgs::v1::PeriodReport> report =
        calculator_->ReportFor(counting, period);
    EXPECT_TRUE(report.ok()) << report.status();
    *pages = counting.pages;
    return report.value_or(sgs::v1::PeriodReport());
  }

  TempDir dir_;
  TestIngestServer server_;
  std::unique_ptr<sgs::testing::ShippedCalculator> shipped_;
  StatsCalculator* calculator_ = nullptr;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
  std::unique_ptr<IngestDataSource> source_;
};

TEST_F(StreamedReportTest, PeriodOverManyPagesEqualsTheReportReadWhole) {
  for (const sgs::v1::Period& period : Periods()) {
    const sgs::v1::PeriodReport whole = Materialised(period);
    ASSERT_GT(whole.district_total().all().total_count(), 0)
        << period.DebugString();
    ASSERT_GT(whole.district_total().all().late_count(), 0);
    int pages = 0;
    const sgs::v1::PeriodReport streamed = Streamed(period, 7, &pages);
    EXPECT_GT(pages, 5) << period.DebugString();
    EXPECT_TRUE(MessageDifferencer::Equals(streamed, whole))
        << "streamed:\n"
        << streamed.district_total().DebugString() << "whole:\n"
        << whole.district_total().DebugString();
    const sgs::v1::PeriodReport one_page = Streamed(period, 50000, &pages);
    EXPECT_EQ(pages, 1);
    EXPECT_TRUE(MessageDifferencer::Equals(one_page, whole));
  }
}

// The UNIT_TALLIES view: counted in the ingest service by the stats
// service's deadlines, over many pages, over several concurrent date
// ranges, and with part of the rows left for the stats service to classify:
// always exactly the report of the rows read whole.
TEST_F(StreamedReportTest, ClassifiedScanEqualsTheReportReadWhole) {
  for (const sgs::v1::Period& period : Periods()) {
    const sgs::v1::PeriodReport whole = Materialised(period);
    ASSERT_GT(whole.district_total().all().late_count(), 0);
    for (const int scans : {1, 3}) {
      for (const int scan_rows : {0, 7}) {
        for (const bool cut_table : {false, true}) {
          source_->set_concurrent_scans(scans);
          source_->set_tally_page_size(scan_rows);
          ClassifiedCountingSource counting(source_.get(), cut_table);
          absl::StatusOr<sgs::v1::PeriodReport> report =
              calculator_->ReportFor(counting, period);
          ASSERT_TRUE(report.ok()) << report.status();
          const std::string what =
              absl::StrCat(period.DebugString(), " scans=", scans,
                           " scan_rows=", scan_rows, " cut=", cut_table);
          EXPECT_TRUE(MessageDifferencer::Equals(*report, whole))
              << what << "\nclassified:\n"
              << report->district_total().DebugString() << "whole:\n"
              << whole.district_total().DebugString();
          // With the cut table a year's rows (June to September) all come
          // back unclassified; a month's are partly tallied.
          if (!cut_table || period.type() != sgs::v1::Period::YEAR) {
            EXPECT_GT(counting.tallied_units.load(), 0) << what;
          }
          EXPECT_EQ(counting.pages, 0) << what;  // no whole-row scan
          if (cut_table) {
            EXPECT_GT(counting.left_rows.load(), 0) << what;
          } else {
            EXPECT_EQ(counting.left_rows.load(), 0) << what;
          }
        }
      }
    }
  }
}

// The escalations' look-back read: only the named units, each as its own
// range, a few at once; each has exactly its figures in the whole report.
TEST_F(StreamedReportTest, ReportForUnitsHasThoseUnitsFigures) {
  source_->set_concurrent_scans(2);
  for (const sgs::v1::Period& period : Periods()) {
    const sgs::v1::PeriodReport whole = Materialised(period);
    const std::vector<std::string> wanted = {kUnits[1], kUnits[3], kUnits[4]};
    absl::StatusOr<sgs::v1::PeriodReport> some =
        calculator_->ReportForUnits(*source_, period, wanted);
    ASSERT_TRUE(some.ok()) << some.status();
    std::map<std::string, const sgs::v1::UnitStats*> in_whole;
    for (const auto* table : {&whole.departments(), &whole.townships()}) {
      for (const sgs::v1::UnitStats& unit : *table) {
        in_whole[unit.unit_code()] = &unit;
      }
    }
    std::set<std::string> listed;
    int64_t records = 0;
    for (const auto* table : {&some->departments(), &some->townships()}) {
      for (const sgs::v1::UnitStats& unit : *table) {
        listed.insert(unit.unit_code());
        records += unit.all().total_count();
        ASSERT_EQ(in_whole.count(unit.unit_code()), 1u);
        EXPECT_TRUE(
            MessageDifferencer::Equals(unit, *in_whole[unit.unit_code()]))
            << unit.DebugString() << in_whole[unit.unit_code()]->DebugString();
      }
    }
    EXPECT_EQ(listed, std::set<std::string>(wanted.begin(), wanted.end()));
    EXPECT_GT(records, 0);
    EXPECT_LT(records, whole.district_total().all().total_count());
    EXPECT_EQ(some->district_total().all().total_count(), records);
  }
}

TEST_F(StreamedReportTest, BadDeadlineTableIsRefusedNamingTheField) {
  sgs::v1::ListDailyAggregatesRequest request;
  request.set_start_date("2024-07-01");
  request.set_end_date("2024-07-31");
  request.set_view(sgs::v1::AGGREGATE_VIEW_UNIT_TALLIES);
  request.mutable_deadlines()->add_decision_date(20240701);
  request.mutable_deadlines()->add_last_on_time_date(20240708);
  {
    grpc::ClientContext context;
    sgs::v1::ListDailyAggregatesResponse response;
    const grpc::Status status =
        stub_->ListDailyAggregates(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(status.error_message().find("deadlines"), std::string::npos)
        << status.error_message();
  }
  request.mutable_deadlines()->add_first_missed_date(20240231);
  grpc::ClientContext context;
  sgs::v1::ListDailyAggregatesResponse response;
  const grpc::Status status =
      stub_->ListDailyAggregates(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("20240231"), std::string::npos)
      << status.error_message();
}

TEST_F(StreamedReportTest, MigratedFormatTwoStoreGivesTheSameReports) {
  std::vector<sgs::v1::PeriodReport> before;
  int pages = 0;
  for (const sgs::v1::Period& period : Periods()) {
    before.push_back(Streamed(period, 50000, &pages));
  }
  // Back to format 2: no date-first aggregates, the older version number.
  server_.Shutdown();
  const absl::Status rewound =
      sgs::testing::RewindToFormatTwo(dir_.path() + "/db");
  ASSERT_TRUE(rewound.ok()) << rewound;
  server_.Restart();
  std::vector<sgs::v1::Period> periods = Periods();
  for (size_t i = 0; i < periods.size(); ++i) {
    const sgs::v1::PeriodReport after = Streamed(periods[i], 50000, &pages);
    EXPECT_GT(after.district_total().all().total_count(), 0);
    EXPECT_TRUE(MessageDifferencer::Equals(after, before[i]))
        << periods[i].DebugString();
  }
}

}  // namespace
}  // namespace sgs::stats
