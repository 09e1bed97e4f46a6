// A calendar that ends within --calendar_warn_days: the stats service logs
// the warning, the metric shows the days left, and reports and the
// plain-text bulletin carry the notice; with the calendar far from its end
// there is none. The window is moved rather than the clock, so the test
// does not depend on today's date.
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "sgs/v1/stats_service.grpc.pb.h"
#include "stats_service/calendar_monitor.h"
#include "stats_service/period.h"
#include "stats_service/server.h"
#include "tests/stats_service/stats_env.h"
#include "tests/support/observability.h"
#include "tests/support/test_env.h"

namespace sgs::testing {
namespace {

struct Running {
  TempDir dir;
  std::unique_ptr<TestIngestServer> ingest;
  std::unique_ptr<stats::StatsServer> stats;
  std::unique_ptr<sgs::v1::StatsService::Stub> stub;
};

std::unique_ptr<Running> Start(int warn_days) {
  auto running = std::make_unique<Running>();
  running->ingest = std::make_unique<TestIngestServer>(running->dir.path());
  stats::StatsServerOptions options =
      TestStatsOptions(running->ingest->address());
  options.calendar_warn_days = warn_days;
  options.metrics_address = "127.0.0.1:0";
  auto server = stats::StatsServer::Start(options);
  EXPECT_TRUE(server.ok()) << server.status();
  if (!server.ok()) return nullptr;
  running->stats = *std::move(server);
  running->stub = sgs::v1::StatsService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", running->stats->port()),
                          grpc::InsecureChannelCredentials()));
  return running;
}

TEST(CalendarWarningTest, WithinTheWindowEveryoneIsTold) {
  StderrCapture capture;
  // The shipped calendar ends on 2026-12-31; a window of 100000 days
  // covers any date this test runs on.
  std::unique_ptr<Running> running = Start(100000);
  ASSERT_NE(running, nullptr);
  const int expected_days_left = static_cast<int>(
      absl::CivilDay(2026, 12, 31) - stats::TodayInChina(absl::Now()));

  absl::StatusOr<std::string> metrics =
      HttpGet(running->stats->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_EQ(MetricValue(*metrics, "sgs_calendar_last_year_covered"), 2026);
  EXPECT_NEAR(MetricValue(*metrics, "sgs_calendar_days_left"),
              expected_days_left, 1);
  EXPECT_EQ(MetricValue(*metrics, "sgs_calendar_warning"), 1);
  EXPECT_EQ(
      MetricValue(*metrics, "sgs_build_info", {{"service", "stats_service"}}),
      1);

  sgs::v1::GetPeriodReportRequest request;
  *request.mutable_period() = stats::MonthPeriod(2024, 7);
  sgs::v1::PeriodReport report;
  auto context = StatsEnv::Context();
  ASSERT_TRUE(
      running->stub->GetPeriodReport(context.get(), request, &report).ok());
  EXPECT_TRUE(absl::StrContains(report.calendar_notice(), "2027年工作日历"))
      << report.calendar_notice();

  // The month has no records: only a draft may be rendered, and a draft
  // carries the notice too.
  sgs::v1::RenderBulletinResponse bulletin;
  grpc::Status rendered =
      StatsEnv::Render(*running->stub, stats::MonthPeriod(2024, 7),
                       sgs::v1::TEXT, &bulletin, Draft());
  ASSERT_TRUE(rendered.ok()) << rendered.error_message();
  EXPECT_EQ(bulletin.calendar_notice(), report.calendar_notice());
  EXPECT_TRUE(
      absl::EndsWith(bulletin.content(), report.calendar_notice() + "\n"));

  metrics = HttpGet(running->stats->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(MetricValue(*metrics, "sgs_grpc_call_duration_seconds_count",
                        {{"method", "RenderBulletin"}}),
            1);
  EXPECT_EQ(MetricValue(*metrics, "sgs_grpc_calls_total",
                        {{"method", "GetPeriodReport"}, {"code", "OK"}}),
            1);

  running->stats->Shutdown();
  int warnings = 0;
  for (const auto& line : JsonLines(capture.Text(), nullptr)) {
    if (Field(line, "event") == "calendar_expiring") {
      ++warnings;
      EXPECT_EQ(Field(line, "level"), "warning");
      EXPECT_EQ(Field(line, "service"), "stats_service");
      EXPECT_EQ(line.fields().at("last_year_covered").number_value(), 2026);
    }
  }
  EXPECT_EQ(warnings, 1);  // at start; then once a day
}

TEST(CalendarWarningTest, FarFromTheEndThereIsNoNotice) {
  std::unique_ptr<Running> running = Start(-100000);
  ASSERT_NE(running, nullptr);
  absl::StatusOr<std::string> metrics =
      HttpGet(running->stats->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(MetricValue(*metrics, "sgs_calendar_warning"), 0);
  EXPECT_EQ(MetricValue(*metrics, "sgs_calendar_last_year_covered"), 2026);
  sgs::v1::GetPeriodReportRequest request;
  *request.mutable_period() = stats::MonthPeriod(2024, 7);
  sgs::v1::PeriodReport report;
  auto context = StatsEnv::Context();
  ASSERT_TRUE(
      running->stub->GetPeriodReport(context.get(), request, &report).ok());
  EXPECT_EQ(report.calendar_notice(), "");
}

}  // namespace
}  // namespace sgs::testing
