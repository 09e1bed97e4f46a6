// The stats server as a process sees it: health follows the ingest
// service's reachability, reflection describes StatsService, and requests
// fail cleanly (not hang) while the ingest service is down.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "gtest/gtest.h"
#include "stats_service/period.h"
#include "stats_service/server.h"
#include "tests/stats_service/stats_env.h"
#include "tests/support/reflection_client.h"

namespace sgs::testing {
namespace {

using ::grpc::health::v1::HealthCheckResponse;

TEST(StatsServerTest, HealthFollowsTheIngestService) {
  StatsEnv env;
  EXPECT_TRUE(env.AwaitHealth(HealthCheckResponse::SERVING));

  env.ingest().Shutdown();
  EXPECT_TRUE(env.AwaitHealth(HealthCheckResponse::NOT_SERVING));
  // A request while the ingest service is down fails with UNAVAILABLE
  // (or its deadline), quickly.
  sgs::v1::GetPeriodReportRequest request;
  *request.mutable_period() = stats::MonthPeriod(2024, 7);
  sgs::v1::PeriodReport report;
  auto context = StatsEnv::Context();
  const absl::Time start = absl::Now();
  const grpc::Status status =
      env.stats().GetPeriodReport(context.get(), request, &report);
  EXPECT_TRUE(status.error_code() == grpc::StatusCode::UNAVAILABLE ||
              status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
      << status.error_code() << " " << status.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(15));

  env.ingest().Restart();
  EXPECT_TRUE(env.AwaitHealth(HealthCheckResponse::SERVING));
  auto again = StatsEnv::Context();
  EXPECT_TRUE(env.stats().GetPeriodReport(again.get(), request, &report).ok());
}

TEST(StatsServerTest, NotServingWhenTheIngestServiceWasNeverThere) {
  // A port nothing listens on.
  TempDir dir;
  std::string dead_target;
  {
    TestIngestServer short_lived(dir.path());
    dead_target = short_lived.address();
  }
  auto server = stats::StatsServer::Start(TestStatsOptions(dead_target));
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                          grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  // Health starts NOT_SERVING: wait for a check that really failed, or
  // this test could not tell "checked" from "never checked".
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while ((*server)->ingest_health_checks() < 1 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_GE((*server)->ingest_health_checks(), 1);
  for (const std::string service : {"", "sgs.v1.StatsService"}) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health->Check(&context, request, &response).ok());
    EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING) << service;
  }
  // Deadline calculation needs no ingest service.
  auto stub = sgs::v1::StatsService::NewStub(channel);
  sgs::v1::CalculateDeadlineRequest request;
  request.set_decision_date("2026-04-30");
  sgs::v1::CalculateDeadlineResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  ASSERT_TRUE(stub->CalculateDeadline(&context, request, &response).ok());
  EXPECT_EQ(response.last_on_time_date(), "2026-05-11");
  (*server)->Shutdown(absl::Seconds(1));
}

TEST(StatsServerTest, ReflectionDescribesTheService) {
  StatsEnv env;
  auto client = ReflectionClient::Create(
      absl::StrCat("127.0.0.1:", env.stats_server().port()),
      SourcePath("tests/ingest_service/testdata/reflection_v1alpha.proto"));
  ASSERT_TRUE(client.ok()) << client.status();
  auto services = (*client)->ListServices();
  ASSERT_TRUE(services.ok()) << services.status();
  EXPECT_NE(
      std::find(services->begin(), services->end(), "sgs.v1.StatsService"),
      services->end());
  EXPECT_NE(
      std::find(services->begin(), services->end(), "grpc.health.v1.Health"),
      services->end());
  auto result = (*client)->CallUnary("sgs.v1.StatsService/CalculateDeadline",
                                     R"({"decision_date": "2024-02-08"})");
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(result->status.ok()) << result->status.error_message();
  auto json = (*client)->ToJson(*result->response);
  ASSERT_TRUE(json.ok());
  EXPECT_TRUE(absl::StrContains(*json, "2024-02-21")) << *json;
}

// Copies a configuration file into `dir`; the copy's path.
std::string CopyConfig(const TempDir& dir, const std::string& name) {
  const std::string to = absl::StrCat(dir.path(), "/", name);
  std::filesystem::copy_file(SourcePath(absl::StrCat("config/", name)), to);
  return to;
}

void AppendToFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::app);
  out << text;
}

TEST(StatsServerTest, ANewlyAnnouncedCalendarAppliesWithoutRestart) {
  TempDir config_dir;
  StatsEnv env;  // For a live ingest service.
  stats::StatsServerOptions options = TestStatsOptions(env.ingest().address());
  options.registry_path = CopyConfig(config_dir, "registry.textproto");
  options.calendar_path = CopyConfig(config_dir, "calendar.textproto");
  options.policy_path = CopyConfig(config_dir, "policy.textproto");
  auto server = stats::StatsServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = sgs::v1::StatsService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                          grpc::InsecureChannelCredentials()));
  auto deadline_of = [&](const std::string& date,
                         sgs::v1::CalculateDeadlineResponse* response) {
    sgs::v1::CalculateDeadlineRequest request;
    request.set_decision_date(date);
    auto context = StatsEnv::Context();
    return stub->CalculateDeadline(context.get(), request, response);
  };
  sgs::v1::CalculateDeadlineResponse response;
  EXPECT_EQ(deadline_of("2027-01-04", &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // A broken edit is refused; the calendar in force stays. Wait for the
  // server to have tried the edit: without the reload this test fails.
  const int64_t refused_before = (*server)->config_reloads_refused();
  AppendToFile(options.calendar_path,
               "\nyears { year: 2027 holidays: \"x\" }\n");
  const absl::Time refused_by = absl::Now() + absl::Seconds(10);
  while ((*server)->config_reloads_refused() == refused_before &&
         absl::Now() < refused_by) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_GT((*server)->config_reloads_refused(), refused_before)
      << "the broken calendar edit was never reloaded";
  ASSERT_TRUE(deadline_of("2024-09-27", &response).ok());
  EXPECT_EQ(response.last_on_time_date(), "2024-10-10");

  // A table for 2027 (test data: only 1 January off).
  std::filesystem::copy_file(SourcePath("config/calendar.textproto"),
                             options.calendar_path,
                             std::filesystem::copy_options::overwrite_existing);
  AppendToFile(options.calendar_path,
               "\nyears { year: 2027 source: \"测试数据\" "
               "holidays: \"2027-01-01\" }\n");
  const int64_t reloads_before = (*server)->config_reloads();
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  grpc::Status status;
  do {
    absl::SleepFor(absl::Milliseconds(100));
    status = deadline_of("2027-01-04", &response);
  } while (!status.ok() && absl::Now() < give_up);
  EXPECT_GT((*server)->config_reloads(), reloads_before);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.last_on_time_date(), "2027-01-11");
  (*server)->Shutdown(absl::Seconds(1));
}

TEST(StatsServerTest, CallsTheIngestServiceWithItsReaderToken) {
  TempDir dir;
  const std::string tokens_path = absl::StrCat(dir.path(), "/tokens.textproto");
  {
    std::ofstream tokens(tokens_path);
    tokens << "tokens { name: \"统计服务\" sha256_hex: \""
           << Sha256Hex("reader-secret") << "\" role: READER }\n"
           << "tokens { name: \"教育局\" sha256_hex: \""
           << Sha256Hex("submitter-secret")
           << "\" role: SUBMITTER unit_code: \"yd-jyj\" }\n";
  }
  ingest::IngestServerOptions ingest_options;
  ingest_options.tokens_path = tokens_path;
  TempDir data_dir;
  TestIngestServer ingest(data_dir.path(), ingest_options);

  auto report_status = [&](const std::string& token) {
    stats::StatsServerOptions options = TestStatsOptions(ingest.address());
    if (!token.empty()) {
      options.ingest_token_path = absl::StrCat(dir.path(), "/token");
      std::ofstream(options.ingest_token_path) << token << "\n";
    }
    auto server = stats::StatsServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status();
    if (!server.ok()) return grpc::StatusCode::INTERNAL;
    auto stub = sgs::v1::StatsService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                            grpc::InsecureChannelCredentials()));
    sgs::v1::GetPeriodReportRequest request;
    *request.mutable_period() = stats::MonthPeriod(2024, 7);
    sgs::v1::PeriodReport report;
    auto context = StatsEnv::Context();
    const grpc::Status status =
        stub->GetPeriodReport(context.get(), request, &report);
    if (status.ok()) {
      EXPECT_EQ(report.departments_size(), 25);
    }
    return status.error_code();
  };
  EXPECT_EQ(report_status("reader-secret"), grpc::StatusCode::OK);
  EXPECT_EQ(report_status(""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(report_status("submitter-secret"),
            grpc::StatusCode::PERMISSION_DENIED);

  stats::StatsServerOptions empty_token = TestStatsOptions(ingest.address());
  empty_token.ingest_token_path = absl::StrCat(dir.path(), "/empty");
  std::ofstream(empty_token.ingest_token_path) << "\n";
  EXPECT_FALSE(stats::StatsServer::Start(empty_token).ok());
}

TEST(StatsServerTest, RefusesToStartOnBadConfiguration) {
  stats::StatsServerOptions options = TestStatsOptions("127.0.0.1:1");
  options.calendar_path = SourcePath("config/no-such-calendar.textproto");
  EXPECT_FALSE(stats::StatsServer::Start(options).ok());
  options = TestStatsOptions("127.0.0.1:1");
  options.policy_path = SourcePath("config/registry.textproto");
  EXPECT_FALSE(stats::StatsServer::Start(options).ok());
}

TEST(StatsServerTest, ShutdownIsIdempotentAndEndsWait) {
  auto server = stats::StatsServer::Start(TestStatsOptions("127.0.0.1:1"));
  ASSERT_TRUE(server.ok()) << server.status();
  (*server)->Shutdown(absl::Seconds(1));
  (*server)->Shutdown(absl::Seconds(1));
  (*server)->Wait();
}

}  // namespace
}  // namespace sgs::testing
