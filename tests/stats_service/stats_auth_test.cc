// Access control and TLS of the stats service, through gRPC on real ports.
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth.h"
#include "common/tls.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "sgs/v1/stats_service.grpc.pb.h"
#include "stats_service/server.h"
#include "tests/stats_service/stats_env.h"
#include "tests/support/certificates.h"
#include "tests/support/test_env.h"

namespace sgs::stats {
namespace {

using sgs::testing::Certificates;
using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;

constexpr char kJyjToken[] = "stats-jyj-token";
constexpr char kReaderToken[] = "stats-reader-token";

std::string WriteTokens(const std::string& dir) {
  const std::string path = dir + "/stats-tokens.textproto";
  std::ofstream out(path);
  out << "tokens { name: \"教育局\" sha256_hex: \"" << Sha256Hex(kJyjToken)
      << "\" role: SUBMITTER unit_code: \"yd-jyj\" }\n"
      << "tokens { name: \"督查局查询\" sha256_hex: \""
      << Sha256Hex(kReaderToken) << "\" role: READER }\n";
  return path;
}

sgs::v1::Period July2024() {
  sgs::v1::Period period;
  period.set_type(sgs::v1::Period::MONTH);
  period.set_year(2024);
  period.set_month(7);
  return period;
}

class StatsAuthTest : public ::testing::Test {
 protected:
  StatsAuthTest() : ingest_(dir_.path() + "/db") {
    StatsServerOptions options =
        sgs::testing::TestStatsOptions(ingest_.address());
    options.development_no_auth = false;
    options.tokens_path = WriteTokens(dir_.path());
    auto server = StatsServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = sgs::v1::StatsService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()));
  }

  int PeriodReportCode(const std::string& token) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::GetPeriodReportRequest request;
    *request.mutable_period() = July2024();
    sgs::v1::PeriodReport report;
    return stub_->GetPeriodReport(&context, request, &report).error_code();
  }

  int UnitStatsCode(const std::string& token, const std::string& unit) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::GetUnitStatsRequest request;
    request.set_unit_code(unit);
    *request.mutable_period() = July2024();
    sgs::v1::UnitStats stats;
    return stub_->GetUnitStats(&context, request, &stats).error_code();
  }

  TempDir dir_;
  TestIngestServer ingest_;
  std::unique_ptr<StatsServer> server_;
  std::unique_ptr<sgs::v1::StatsService::Stub> stub_;
};

TEST_F(StatsAuthTest, TokensAndRoles) {
  EXPECT_EQ(PeriodReportCode(""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(PeriodReportCode("wrong"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(PeriodReportCode(kReaderToken), grpc::StatusCode::OK);
  // A unit sees its own figures, not the district's tables nor others'.
  EXPECT_EQ(PeriodReportCode(kJyjToken), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(UnitStatsCode(kJyjToken, "yd-jyj"), grpc::StatusCode::OK);
  EXPECT_EQ(UnitStatsCode(kJyjToken, "yd-gaj"),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(UnitStatsCode(kReaderToken, "yd-gaj"), grpc::StatusCode::OK);
}

TEST_F(StatsAuthTest, HealthStaysOpen) {
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_TRUE(health->Check(&context, {}, &response).ok());
}

TEST(StatsTlsTest, TlsClientWorksPlaintextIsRefused) {
  TempDir dir;
  Certificates certificates(dir.path());
  ASSERT_TRUE(certificates.ok());
  TestIngestServer ingest(dir.path() + "/db");
  StatsServerOptions options = sgs::testing::TestStatsOptions(ingest.address());
  options.tls.cert_path = certificates.path("server.pem");
  options.tls.key_path = certificates.path("server.key");
  auto server = StatsServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string address = absl::StrCat("127.0.0.1:", (*server)->port());

  auto call = [&address](std::shared_ptr<grpc::ChannelCredentials> creds) {
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    auto stub = sgs::v1::StatsService::NewStub(
        grpc::CreateCustomChannel(address, creds, args));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    sgs::v1::CalculateDeadlineRequest request;
    request.set_decision_date("2024-09-27");
    sgs::v1::CalculateDeadlineResponse response;
    grpc::Status status = stub->CalculateDeadline(&context, request, &response);
    if (status.ok()) {
      EXPECT_EQ(response.last_on_time_date(), "2024-10-10");
    }
    return status.error_code();
  };
  auto tls = ChannelCredentials({certificates.path("ca.pem"), "", ""});
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ(call(*tls), grpc::StatusCode::OK);
  EXPECT_EQ(call(grpc::InsecureChannelCredentials()),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(StatsTlsTest, CallsTheIngestServiceOverTlsWithItsOwnToken) {
  TempDir dir;
  Certificates certificates(dir.path());
  ASSERT_TRUE(certificates.ok());
  const std::string tokens_path = dir.path() + "/ingest-tokens.textproto";
  std::ofstream(tokens_path)
      << "tokens { name: \"统计服务\" sha256_hex: \""
      << Sha256Hex("stats-reader") << "\" role: READER }\n";
  ingest::IngestServerOptions ingest_options;
  ingest_options.tokens_path = tokens_path;
  ingest_options.tls.cert_path = certificates.path("server.pem");
  ingest_options.tls.key_path = certificates.path("server.key");
  TestIngestServer ingest(dir.path() + "/db", ingest_options);
  // The ingest certificate names localhost, so dial it by that name.
  const std::string ingest_target = absl::StrCat(
      "localhost:", ingest.address().substr(ingest.address().find(':') + 1));

  auto report_code = [&](bool with_ca) {
    StatsServerOptions options = sgs::testing::TestStatsOptions(ingest_target);
    options.ingest_token_path = dir.path() + "/stats-token";
    std::ofstream(options.ingest_token_path) << "stats-reader\n";
    if (with_ca) options.ingest_tls.ca_path = certificates.path("ca.pem");
    auto server = StatsServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return grpc::StatusCode::INTERNAL;
    auto stub = sgs::v1::StatsService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                            grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    sgs::v1::GetPeriodReportRequest request;
    *request.mutable_period() = July2024();
    sgs::v1::PeriodReport report;
    return stub->GetPeriodReport(&context, request, &report).error_code();
  };
  EXPECT_EQ(report_code(true), grpc::StatusCode::OK);
  // Without the CA the stats service speaks plaintext, which the ingest
  // service refuses: no figures.
  EXPECT_NE(report_code(false), grpc::StatusCode::OK);
}

}  // namespace
}  // namespace sgs::stats

namespace sgs::stats {
namespace {

class RecordTimelinessAuthTest : public StatsAuthTest {
 protected:
  int ListCode(const std::string& token, const std::string& unit) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::ListRecordTimelinessRequest request;
    request.set_parent(absl::StrCat("units/", unit));
    *request.mutable_period() = July2024();
    sgs::v1::ListRecordTimelinessResponse response;
    return stub_->ListRecordTimeliness(&context, request, &response)
        .error_code();
  }
};

TEST_F(RecordTimelinessAuthTest, SubmitterListsItsOwnUnitOnly) {
  EXPECT_EQ(ListCode(kJyjToken, "yd-jyj"), grpc::StatusCode::OK);
  EXPECT_EQ(ListCode(kJyjToken, "yd-scjdj"),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListCode(kReaderToken, "yd-scjdj"), grpc::StatusCode::OK);
  EXPECT_EQ(ListCode("", "yd-jyj"), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace sgs::stats
