// What an operator sees of the ingest service, through its real ports: the
// Prometheus /metrics page moving after calls, the JSON log lines (parsed
// with protobuf's JSON parser) with their fields, and the plaintext
// health-only port answering probes while the main port requires TLS.
#include "tests/support/observability.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "common/dates.h"
#include "common/tls.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ingest_service/server.h"
#include "tests/support/certificates.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using sgs::testing::Certificates;
using sgs::testing::Field;
using sgs::testing::HttpGet;
using sgs::testing::JsonLines;
using sgs::testing::MetricValue;
using sgs::testing::SourcePath;
using sgs::testing::StderrCapture;
using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using sgs::testing::ValidLicensingRecord;

constexpr char kJyjToken[] = "jyj-observed-token";

std::string WriteTokens(const std::string& dir) {
  const std::string path = dir + "/tokens.textproto";
  std::ofstream out(path);
  out << "tokens { name: \"教育局报送系统\" sha256_hex: \""
      << Sha256Hex(kJyjToken) << "\" role: SUBMITTER unit_code: \"yd-jyj\" }\n";
  return path;
}

std::string Yesterday() { return FormatDate(ChinaDate(absl::Now()) - 1); }

grpc::Status Submit(sgs::v1::IngestService::Stub& stub, const char* token,
                    const sgs::v1::Record& record) {
  grpc::ClientContext context;
  AddBearerToken(&context, token);
  sgs::v1::SubmitRecordRequest request;
  *request.mutable_record() = record;
  sgs::v1::SubmitRecordResponse response;
  return stub.SubmitRecord(&context, request, &response);
}

class ObservabilityTest : public ::testing::Test {
 protected:
  static IngestServerOptions Options(const std::string& dir) {
    IngestServerOptions options;
    options.tokens_path = WriteTokens(dir);
    options.metrics_address = "127.0.0.1:0";
    return options;
  }
  TempDir dir_;
};

TEST_F(ObservabilityTest, MetricsMoveAndLogLinesCarryTheCallFields) {
  StderrCapture capture;
  TestIngestServer server(dir_.path() + "/db", Options(dir_.path()));
  ASSERT_NE(server.server(), nullptr);
  const int metrics_port = server.server()->metrics_port();
  ASSERT_GT(metrics_port, 0);

  absl::StatusOr<std::string> before = HttpGet(metrics_port, "/metrics");
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(
      MetricValue(*before, "sgs_build_info", {{"service", "ingest_service"}}),
      1);
  EXPECT_EQ(MetricValue(*before, "sgs_grpc_calls_total",
                        {{"method", "SubmitRecord"}}),
            -1);

  auto stub = server.NewStub();
  const std::string yesterday = Yesterday();
  ASSERT_TRUE(
      Submit(*stub, kJyjToken,
             ValidLicensingRecord("yd-jyj", "殷教许〔2024〕1号", yesterday))
          .ok());
  ASSERT_TRUE(
      Submit(*stub, kJyjToken,
             ValidLicensingRecord("yd-jyj", "殷教许〔2024〕1号", yesterday))
          .ok());  // a correction
  sgs::v1::Record invalid =
      ValidLicensingRecord("yd-jyj", "殷教许〔2024〕2号", yesterday);
  invalid.mutable_subject()->clear_name();
  EXPECT_EQ(Submit(*stub, kJyjToken, invalid).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Submit(*stub, "not-a-token", invalid).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  {  // A batch with one bad record.
    grpc::ClientContext context;
    AddBearerToken(&context, kJyjToken);
    sgs::v1::BatchSubmitRecordsRequest request;
    *request.add_records() =
        ValidLicensingRecord("yd-jyj", "殷教许〔2024〕3号", yesterday);
    *request.add_records() = invalid;
    sgs::v1::BatchSubmitRecordsResponse response;
    ASSERT_TRUE(stub->BatchSubmitRecords(&context, request, &response).ok());
    EXPECT_EQ(response.accepted_count(), 1);
  }

  absl::StatusOr<std::string> after = HttpGet(metrics_port, "/metrics");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(MetricValue(*after, "sgs_grpc_calls_total",
                        {{"service", "ingest_service"},
                         {"method", "SubmitRecord"},
                         {"code", "OK"}}),
            2);
  EXPECT_EQ(
      MetricValue(*after, "sgs_grpc_calls_total",
                  {{"method", "SubmitRecord"}, {"code", "INVALID_ARGUMENT"}}),
      1);
  EXPECT_EQ(
      MetricValue(*after, "sgs_grpc_calls_total",
                  {{"method", "SubmitRecord"}, {"code", "UNAUTHENTICATED"}}),
      1);
  EXPECT_EQ(MetricValue(*after, "sgs_grpc_call_duration_seconds_count",
                        {{"method", "SubmitRecord"}}),
            4);
  EXPECT_EQ(MetricValue(*after, "sgs_records_total",
                        {{"kind", "licensing"}, {"outcome", "created"}}),
            2);
  EXPECT_EQ(MetricValue(*after, "sgs_records_total",
                        {{"kind", "licensing"}, {"outcome", "corrected"}}),
            1);
  EXPECT_EQ(MetricValue(*after, "sgs_records_total",
                        {{"kind", "licensing"}, {"outcome", "rejected"}}),
            2);
  EXPECT_EQ(MetricValue(*after, "sgs_record_rule_violations_total",
                        {{"kind", "licensing"}, {"rule", "required"}}),
            2);
  EXPECT_GE(MetricValue(*after, "sgs_rocksdb_live_data_bytes"), 0);
  EXPECT_GE(MetricValue(*after, "sgs_rocksdb_pending_compaction_bytes"), 0);
  EXPECT_EQ(MetricValue(*after, "sgs_rocksdb_write_stopped"), 0);
  const double ratio = MetricValue(*after, "sgs_rocksdb_block_cache_hit_ratio");
  EXPECT_GE(ratio, 0);
  EXPECT_LE(ratio, 1);
  EXPECT_GE(MetricValue(*after, "sgs_rocksdb_stall_seconds_total"), 0);

  server.Shutdown();
  std::vector<std::string> bad_lines;
  const std::vector<google::protobuf::Struct> lines =
      JsonLines(capture.Text(), &bad_lines);
  EXPECT_TRUE(bad_lines.empty()) << bad_lines.front();
  int calls = 0, rejected = 0, refused = 0, starts = 0, stops = 0;
  for (const auto& line : lines) {
    EXPECT_FALSE(Field(line, "time").empty());
    EXPECT_FALSE(Field(line, "level").empty());
    const std::string event = Field(line, "event");
    if (event == "start") {
      ++starts;
      EXPECT_EQ(Field(line, "service"), "ingest_service");
      EXPECT_NE(Field(line, "tokens_file"), "");
      // Paths only, never a token or hash.
      EXPECT_EQ(line.DebugString().find(Sha256Hex(kJyjToken)),
                std::string::npos);
    }
    if (event == "stopped") ++stops;
    if (event == "call" && Field(line, "method") == "SubmitRecord" &&
        Field(line, "code") == "OK") {
      ++calls;
      EXPECT_EQ(Field(line, "service"), "ingest_service");
      EXPECT_EQ(Field(line, "grpc_service"), "sgs.v1.IngestService");
      EXPECT_FALSE(Field(line, "peer").empty());
      EXPECT_EQ(Field(line, "caller"), "教育局报送系统");
      EXPECT_EQ(Field(line, "role"), "SUBMITTER");
      EXPECT_EQ(Field(line, "unit"), "yd-jyj");
      EXPECT_TRUE(line.fields().at("duration_ms").has_number_value());
    }
    if (event == "call" && Field(line, "method") == "BatchSubmitRecords") {
      EXPECT_EQ(line.fields().at("accepted_count").number_value(), 1);
      EXPECT_EQ(line.fields().at("rejected_count").number_value(), 1);
    }
    if (event == "record_rejected") {
      ++rejected;
      EXPECT_EQ(Field(line, "rules"), "required");
      EXPECT_EQ(Field(line, "unit"), "yd-jyj");
    }
    if (event == "auth_refused") {
      ++refused;
      EXPECT_EQ(Field(line, "level"), "warning");
      EXPECT_EQ(Field(line, "code"), "UNAUTHENTICATED");
    }
  }
  EXPECT_EQ(starts, 1);
  EXPECT_EQ(stops, 1);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(rejected, 2);  // one by SubmitRecord, one in the batch
  EXPECT_EQ(refused, 1);
}

TEST(HealthPortTest, PlaintextProbeWorksWhileTheMainPortRequiresTls) {
  TempDir dir;
  Certificates certificates(dir.path());
  ASSERT_TRUE(certificates.ok());
  IngestServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = dir.path() + "/db";
  options.registry_path = SourcePath("config/registry.textproto");
  options.development_no_auth = true;
  options.tls.cert_path = certificates.path("server.pem");
  options.tls.key_path = certificates.path("server.key");
  options.health_address = "127.0.0.1:0";
  absl::StatusOr<std::unique_ptr<IngestServer>> server =
      IngestServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->health_port(), 0);

  auto check = [](const std::string& target,
                  std::shared_ptr<grpc::ChannelCredentials> credentials,
                  grpc::health::v1::HealthCheckResponse* response) {
    auto stub = grpc::health::v1::Health::NewStub(
        grpc::CreateChannel(target, credentials));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(3));
    grpc::health::v1::HealthCheckRequest request;
    return stub->Check(&context, request, response);
  };
  grpc::health::v1::HealthCheckResponse response;
  // The kubelet's probe: plaintext on the health port.
  grpc::Status probe =
      check(absl::StrCat("127.0.0.1:", (*server)->health_port()),
            grpc::InsecureChannelCredentials(), &response);
  ASSERT_TRUE(probe.ok()) << probe.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  // Plaintext on the main port fails: it requires TLS.
  grpc::Status plaintext_main =
      check(absl::StrCat("127.0.0.1:", (*server)->port()),
            grpc::InsecureChannelCredentials(), &response);
  EXPECT_EQ(plaintext_main.error_code(), grpc::StatusCode::UNAVAILABLE);
  // With the CA, the main port answers.
  TlsClientFiles client_files;
  client_files.ca_path = certificates.path("ca.pem");
  auto tls = ChannelCredentials(client_files);
  ASSERT_TRUE(tls.ok());
  EXPECT_TRUE(
      check(absl::StrCat("localhost:", (*server)->port()), *tls, &response)
          .ok());
  // The health port exposes nothing else.
  {
    auto stub = sgs::v1::IngestService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", (*server)->health_port()),
        grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    sgs::v1::ListUnitsRequest request;
    sgs::v1::ListUnitsResponse units;
    EXPECT_EQ(stub->ListUnits(&context, request, &units).error_code(),
              grpc::StatusCode::UNIMPLEMENTED);
  }
  (*server)->Shutdown(absl::Seconds(1));
}

}  // namespace
}  // namespace sgs::ingest
