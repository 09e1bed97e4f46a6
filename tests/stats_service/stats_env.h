// Test helper: a real ingest server (RocksDB in a temporary directory) and a
// real stats server on free ports, wired together over gRPC, with helpers
// that load records through the ingest service's own RPCs (BackfillRecords
// is the only way to set historical receipt times).
#ifndef SGS_TESTS_STATS_SERVICE_STATS_ENV_H_
#define SGS_TESTS_STATS_SERVICE_STATS_ENV_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/util/time_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "sgs/v1/stats_service.grpc.pb.h"
#include "stats_service/server.h"
#include "tests/stats_service/seed_tables.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/test_env.h"

namespace sgs::testing {

// A valid licensing record of `unit` decided on `decision`, with the time
// it reached the platform: one entry of StatsEnv::Backfill.
inline std::pair<sgs::v1::Record, absl::Time> Licensing(
    const std::string& unit, const std::string& number,
    const std::string& decision, absl::Time receipt) {
  return {ValidLicensingRecord(unit, number, decision), receipt};
}

// The escalation scenario of June and July 2024 shared by the e2e and
// formats tests: 林业局 late 50% in June and in July (explanation +
// interview), 水利局 late 50% in July only (explanation, no interview),
// 应急局 one record not disclosed to the public without a legal basis.
inline std::vector<std::pair<sgs::v1::Record, absl::Time>>
TwoMonthEscalationRecords() {
  std::vector<std::pair<sgs::v1::Record, absl::Time>> records;
  records.push_back(
      Licensing("yd-lyj", "林1", "2024-06-03", ChinaTime(2024, 6, 20)));
  records.push_back(
      Licensing("yd-lyj", "林2", "2024-06-03", ChinaTime(2024, 6, 4)));
  records.push_back(
      Licensing("yd-lyj", "林3", "2024-07-01", ChinaTime(2024, 7, 15)));
  records.push_back(
      Licensing("yd-lyj", "林4", "2024-07-01", ChinaTime(2024, 7, 2)));
  records.push_back(
      Licensing("yd-slj", "水1", "2024-07-01", ChinaTime(2024, 7, 15)));
  records.push_back(
      Licensing("yd-slj", "水2", "2024-07-01", ChinaTime(2024, 7, 2)));
  auto hidden = Licensing("yd-yjj", "应1", "2024-07-01", ChinaTime(2024, 7, 2));
  hidden.first.set_disclosure_scope(sgs::v1::GOVERNMENT_SHARING);
  records.push_back(hidden);
  return records;
}

// National Day 2024 (10-01..10-07 off, Sun 09-29 and Sat 10-12 worked):
// five licences of `unit`, 殷教许〔2024〕901号 to 905号, each received on
// its 5th working day (on time) or the day after (late): 902 and 904 are
// late. A Monday-to-Friday count gets three of the five wrong.
inline std::vector<std::pair<sgs::v1::Record, absl::Time>>
NationalDay2024Records(const std::string& unit) {
  return {
      // Decided Fri 09-27: the 5th working day is Thu 10-10.
      Licensing(unit, "殷教许〔2024〕901号", "2024-09-27",
                ChinaTime(2024, 10, 10, 17)),
      Licensing(unit, "殷教许〔2024〕902号", "2024-09-27",
                ChinaTime(2024, 10, 11, 9)),
      // Decided Tue 10-08: Sat 10-12 counts, the 5th is Mon 10-14.
      Licensing(unit, "殷教许〔2024〕903号", "2024-10-08",
                ChinaTime(2024, 10, 14, 17)),
      Licensing(unit, "殷教许〔2024〕904号", "2024-10-08",
                ChinaTime(2024, 10, 15, 9)),
      // Decided Sun 09-29 (a working day): the 5th is Fri 10-11.
      Licensing(unit, "殷教许〔2024〕905号", "2024-09-29",
                ChinaTime(2024, 10, 11, 9)),
  };
}

inline google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  ts.set_nanos(
      static_cast<int32_t>((t - absl::FromUnixSeconds(absl::ToUnixSeconds(t))) /
                           absl::Nanoseconds(1)));
  return ts;
}

// What a RenderBulletin request asks besides its period and format.
struct RenderOptions {
  // 文书号; empty: none (the bulletin then prints none).
  std::string document_number;
  // 征求意见稿: allowed for an unfinished or empty period.
  bool draft = false;
};
inline RenderOptions Numbered(const std::string& document_number) {
  RenderOptions options;
  options.document_number = document_number;
  return options;
}
inline RenderOptions Draft() {
  RenderOptions options;
  options.draft = true;
  return options;
}

// Another region's configuration files (empty: the shipped ones).
struct RegionFiles {
  std::string registry_path;
  std::string policy_path;
  std::string bulletin_template_path;
};

inline stats::StatsServerOptions TestStatsOptions(
    const std::string& ingest_target, const RegionFiles& region = {}) {
  stats::StatsServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.ingest_target = ingest_target;
  options.registry_path = SourcePath("config/registry.textproto");
  options.calendar_path = SourcePath("config/calendar.textproto");
  options.policy_path = SourcePath("config/policy.textproto");
  options.bulletin_template_path =
      SourcePath("config/bulletin_template.textproto");
  options.document_style_path = SourcePath("config/document_style.textproto");
  if (!region.registry_path.empty()) {
    options.registry_path = region.registry_path;
  }
  if (!region.policy_path.empty()) options.policy_path = region.policy_path;
  if (!region.bulletin_template_path.empty()) {
    options.bulletin_template_path = region.bulletin_template_path;
  }
  options.rpc_deadline = absl::Seconds(10);
  options.health_check_interval = absl::Milliseconds(100);
  options.health_check_timeout = absl::Milliseconds(500);
  // Access control has its own tests (stats_auth_test.cc).
  options.development_no_auth = true;
  return options;
}

class StatsEnv {
 public:
  explicit StatsEnv(const RegionFiles& region = {}) : StatsEnv(region, {}) {}
  // `customize` may change the stats server's options (e.g. its calendar).
  explicit StatsEnv(
      const std::function<void(stats::StatsServerOptions*)>& customize)
      : StatsEnv(RegionFiles{}, customize) {}
  StatsEnv(const RegionFiles& region,
           const std::function<void(stats::StatsServerOptions*)>& customize)
      : ingest_(data_dir_.path(), IngestOptions(region)) {
    stats::StatsServerOptions options =
        TestStatsOptions(ingest_.address(), region);
    if (customize) customize(&options);
    auto server = stats::StatsServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    if (server.ok()) stats_server_ = *std::move(server);
    ingest_stub_ = ingest_.NewStub();
    channel_ = grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", stats_server_ ? stats_server_->port() : 0),
        grpc::InsecureChannelCredentials());
    stats_stub_ = sgs::v1::StatsService::NewStub(channel_);
    health_stub_ = grpc::health::v1::Health::NewStub(channel_);
  }

  TestIngestServer& ingest() { return ingest_; }
  stats::StatsServer& stats_server() { return *stats_server_; }
  sgs::v1::IngestService::Stub& ingest_stub() { return *ingest_stub_; }
  sgs::v1::StatsService::Stub& stats() { return *stats_stub_; }
  grpc::health::v1::Health::Stub& health() { return *health_stub_; }

  // A client context with a deadline, as every call should have.
  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    return context;
  }

  // Streams `records` with their receipt times through BackfillRecords and
  // expects every one accepted; the summary.
  sgs::v1::UploadSummary Backfill(
      const std::vector<std::pair<sgs::v1::Record, absl::Time>>& records) {
    std::vector<sgs::v1::BackfillRecordsRequest> requests;
    for (const auto& [record, receipt_time] : records) {
      requests.push_back(BackfillEntry(record, receipt_time));
    }
    sgs::v1::UploadSummary summary;
    const grpc::Status status = sgs::testing::Backfill(
        ingest_stub_.get(), requests, &summary, absl::Seconds(30));
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(summary.rejected_count(), 0) << summary.DebugString();
    return summary;
  }

  static sgs::v1::Record RecordOf(const PlannedRecord& planned) {
    const std::string decision = FormatDate(planned.decision);
    return planned.kind == sgs::v1::PENALTY
               ? ValidPenaltyRecord(planned.unit_code, planned.document_number,
                                    decision)
               : ValidLicensingRecord(planned.unit_code,
                                      planned.document_number, decision);
  }

  void BackfillPlan(const std::vector<PlannedRecord>& plan) {
    std::vector<std::pair<sgs::v1::Record, absl::Time>> records;
    for (const PlannedRecord& planned : plan) {
      records.emplace_back(RecordOf(planned), planned.receipt_time);
    }
    const sgs::v1::UploadSummary summary = Backfill(records);
    EXPECT_EQ(summary.created_count(), static_cast<int64_t>(plan.size()));
  }

  sgs::v1::PeriodReport Report(const sgs::v1::Period& period) {
    sgs::v1::GetPeriodReportRequest request;
    *request.mutable_period() = period;
    sgs::v1::PeriodReport report;
    auto context = Context();
    const grpc::Status status =
        stats_stub_->GetPeriodReport(context.get(), request, &report);
    EXPECT_TRUE(status.ok())
        << status.error_code() << " " << status.error_message();
    return report;
  }

  sgs::v1::UnitStats UnitStats(const std::string& unit_code,
                               const sgs::v1::Period& period) {
    sgs::v1::GetUnitStatsRequest request;
    request.set_unit_code(unit_code);
    *request.mutable_period() = period;
    sgs::v1::UnitStats stats;
    auto context = Context();
    const grpc::Status status =
        stats_stub_->GetUnitStats(context.get(), request, &stats);
    EXPECT_TRUE(status.ok())
        << status.error_code() << " " << status.error_message();
    return stats;
  }

  // RenderBulletin of `period` in `format` through `stub` (any stats
  // server's), with a deadline; the status, and the answer in *response.
  static grpc::Status Render(sgs::v1::StatsService::Stub& stub,
                             const sgs::v1::Period& period,
                             sgs::v1::BulletinFormat format,
                             sgs::v1::RenderBulletinResponse* response,
                             const RenderOptions& options = {}) {
    sgs::v1::RenderBulletinRequest request;
    *request.mutable_period() = period;
    request.set_format(format);
    request.set_document_number(options.document_number);
    request.set_draft(options.draft);
    auto context = Context();
    return stub.RenderBulletin(context.get(), request, response);
  }
  // The same through this environment's stats server.
  grpc::Status Render(const sgs::v1::Period& period,
                      sgs::v1::BulletinFormat format,
                      sgs::v1::RenderBulletinResponse* response,
                      const RenderOptions& options = {}) {
    return Render(*stats_stub_, period, format, response, options);
  }

  std::vector<sgs::v1::Escalation> Escalations(const sgs::v1::Period& period) {
    sgs::v1::ListEscalationsRequest request;
    *request.mutable_period() = period;
    sgs::v1::ListEscalationsResponse response;
    auto context = Context();
    const grpc::Status status =
        stats_stub_->ListEscalations(context.get(), request, &response);
    EXPECT_TRUE(status.ok())
        << status.error_code() << " " << status.error_message();
    return {response.escalations().begin(), response.escalations().end()};
  }

  // The stats service's overall health ("" service).
  grpc::health::v1::HealthCheckResponse::ServingStatus Health() {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status =
        health_stub_->Check(&context, request, &response);
    if (!status.ok()) return grpc::health::v1::HealthCheckResponse::UNKNOWN;
    return response.status();
  }

  // Polls Health() until it is `want` or `timeout` passes.
  bool AwaitHealth(grpc::health::v1::HealthCheckResponse::ServingStatus want,
                   absl::Duration timeout = absl::Seconds(15)) {
    const absl::Time give_up = absl::Now() + timeout;
    while (absl::Now() < give_up) {
      if (Health() == want) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return Health() == want;
  }

 private:
  static ingest::IngestServerOptions IngestOptions(const RegionFiles& region) {
    ingest::IngestServerOptions options;
    options.registry_path = region.registry_path;
    return options;
  }

  TempDir data_dir_;
  TestIngestServer ingest_;
  std::unique_ptr<stats::StatsServer> stats_server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> ingest_stub_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<sgs::v1::StatsService::Stub> stats_stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_stub_;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_STATS_SERVICE_STATS_ENV_H_
