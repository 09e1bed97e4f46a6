// Issue 10, finding 10: objections stored before texts had a length limit
// (two 9 MiB letters, written straight into the RocksDB as an older
// release let them in) no longer break the reports. The stats service
// reads only the period's resolutions, without their texts (ListObjections
// resolved_*_date and LIST_VIEW_BASIC), in pages of bounded size; a new
// too-long text is refused at the ingest side.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/dates.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ingest_service/domain/record_store.h"
#include "stats_service/period.h"
#include "tests/stats_service/stats_env.h"

namespace sgs::stats {
namespace {

using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;

absl::Time ChinaTime(int y, int m, int d, int h) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, h, 0, 0),
                         ChinaStandardTime());
}

TEST(ObjectionTextsTest, HugeOldObjectionsElsewhereDoNotBreakThisPeriod) {
  TempDir dir;
  TestIngestServer ingest(dir.path());
  auto ingest_stub = ingest.NewStub();
  // One July record, back-filled with its July receipt.
  {
    sgs::v1::UploadSummary summary;
    ASSERT_TRUE(sgs::testing::Backfill(ingest_stub.get(),
                                       {sgs::testing::BackfillEntry(
                                           sgs::testing::ValidLicensingRecord(
                                               "yd-jyj", "OBJ-1", "2024-07-01"),
                                           ChinaTime(2024, 7, 2, 10))},
                                       &summary)
                    .ok());
    ASSERT_EQ(summary.created_count(), 1);
  }
  // Today a pasted letter is refused at the door, by name (1 MiB: over the
  // 2000-character limit, under the 4 MiB message limit, which alone would
  // answer RESOURCE_EXHAUSTED without naming the field).
  {
    grpc::ClientContext context;
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name("units/yd-jyj/records/xk/OBJ-1");
    request.set_description(std::string(1 << 20, 'x'));
    sgs::v1::Objection objection;
    const grpc::Status status =
        ingest_stub->CreateObjection(&context, request, &objection);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(status.error_message(), "description"))
        << status.error_message();
  }
  ingest.Shutdown();

  // What an older release stored: two 9 MiB objections resolved in June,
  // and one upheld in July with a 1 MiB letter.
  {
    auto store = ingest::RecordStore::Open(dir.path(), {});
    ASSERT_TRUE(store.ok()) << store.status();
    auto add = [&](int size, absl::Time resolved,
                   sgs::v1::ObjectionOutcome outcome) {
      sgs::v1::Objection objection;
      objection.set_unit_code("yd-jyj");
      objection.set_record_name("units/yd-jyj/records/xk/OBJ-1");
      objection.set_description(std::string(size, 'y'));
      *objection.mutable_file_time() =
          sgs::testing::ToTimestamp(resolved - absl::Hours(48));
      auto created = (*store)->CreateObjection(objection, {});
      ASSERT_TRUE(created.ok()) << created.status();
      const std::string& name = created->name();
      const uint64_t id = std::stoull(name.substr(name.rfind('/') + 1));
      auto resolved_objection = (*store)->ResolveObjection(
          "yd-jyj", id, outcome, std::string(size, 'z'), resolved, {});
      ASSERT_TRUE(resolved_objection.ok()) << resolved_objection.status();
    };
    add(9 << 20, ChinaTime(2024, 6, 10, 9), sgs::v1::UPHELD);
    add(9 << 20, ChinaTime(2024, 6, 11, 9), sgs::v1::DISMISSED);
    add(1 << 20, ChinaTime(2024, 7, 15, 9), sgs::v1::UPHELD);
  }
  ingest.Restart();

  auto stats_server =
      StatsServer::Start(sgs::testing::TestStatsOptions(ingest.address()));
  ASSERT_TRUE(stats_server.ok()) << stats_server.status();
  auto stats = sgs::v1::StatsService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*stats_server)->port()),
                          grpc::InsecureChannelCredentials()));
  for (const auto& [period, upheld] :
       {std::pair<sgs::v1::Period, int>{MonthPeriod(2024, 7), 1},
        std::pair<sgs::v1::Period, int>{MonthPeriod(2024, 6), 1}}) {
    grpc::ClientContext context;
    sgs::v1::GetPeriodReportRequest request;
    *request.mutable_period() = period;
    sgs::v1::PeriodReport report;
    const grpc::Status status =
        stats->GetPeriodReport(&context, request, &report);
    ASSERT_TRUE(status.ok())
        << status.error_code() << " " << status.error_message();
    int64_t objections = 0;
    for (const auto& unit : report.departments()) {
      if (unit.unit_code() == "yd-jyj") {
        objections = unit.valid_objection_count();
      }
    }
    EXPECT_EQ(objections, upheld) << period.DebugString();
  }
  (*stats_server)->Shutdown(absl::Seconds(2));
}

}  // namespace
}  // namespace sgs::stats
