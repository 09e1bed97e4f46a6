// IngestDataSource against a scripted in-process IngestService: it reads
// every page, sends what the ingest API expects, and every call carries a
// deadline (the per-call timeout, never past the request's own deadline).
#include "stats_service/ingest_source.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "sgs/v1/ingest_service.grpc.pb.h"

namespace sgs::stats {
namespace {

// Serves three pages of one aggregate each, records what it was asked and
// with which deadline, and can be told to fail or to stall.
class ScriptedIngest final : public sgs::v1::IngestService::Service {
 public:
  grpc::Status ListDailyAggregates(
      grpc::ServerContext* context,
      const sgs::v1::ListDailyAggregatesRequest* request,
      sgs::v1::ListDailyAggregatesResponse* response) override {
    Note(context, *request);
    if (absl::Status stalled = Stall(context); !stalled.ok()) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "stalled");
    }
    if (fail) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    const std::string& token = request->page_token();
    auto* aggregate = response->add_aggregates();
    aggregate->set_unit_code(token.empty() ? "u0" : "u" + token);
    aggregate->set_record_count(1);
    if (token.empty()) response->set_next_page_token("1");
    if (token == "1") response->set_next_page_token("2");
    return grpc::Status::OK;
  }
  grpc::Status ListObjections(
      grpc::ServerContext* context,
      const sgs::v1::ListObjectionsRequest* request,
      sgs::v1::ListObjectionsResponse* response) override {
    {
      absl::MutexLock lock(&mutex);
      parents.push_back(request->parent());
      deadlines.push_back(absl::FromChrono(context->deadline()));
    }
    response->add_objections()->set_unit_code("u");
    if (request->page_token().empty()) response->set_next_page_token("next");
    return grpc::Status::OK;
  }
  grpc::Status ListSpotCheckFindings(
      grpc::ServerContext* context,
      const sgs::v1::ListSpotCheckFindingsRequest* request,
      sgs::v1::ListSpotCheckFindingsResponse* response) override {
    {
      absl::MutexLock lock(&mutex);
      parents.push_back(request->parent());
      finding_ranges.push_back(request->start_date() + ".." +
                               request->end_date());
      deadlines.push_back(absl::FromChrono(context->deadline()));
    }
    response->add_findings()->set_found_date(request->start_date());
    return grpc::Status::OK;
  }
  grpc::Status ListUnits(grpc::ServerContext* context,
                         const sgs::v1::ListUnitsRequest* /*request*/,
                         sgs::v1::ListUnitsResponse* response) override {
    {
      absl::MutexLock lock(&mutex);
      deadlines.push_back(absl::FromChrono(context->deadline()));
    }
    response->add_units()->set_code("u");
    return grpc::Status::OK;
  }

  void Note(grpc::ServerContext* context,
            const sgs::v1::ListDailyAggregatesRequest& request) {
    absl::MutexLock lock(&mutex);
    aggregate_requests.push_back(request);
    deadlines.push_back(absl::FromChrono(context->deadline()));
  }
  absl::Status Stall(grpc::ServerContext* context) {
    if (!stall) return absl::OkStatus();
    const absl::Time until = absl::Now() + absl::Seconds(10);
    while (absl::Now() < until && !context->IsCancelled()) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    return absl::CancelledError();
  }

  bool fail = false;
  bool stall = false;
  absl::Mutex mutex;
  std::vector<sgs::v1::ListDailyAggregatesRequest> aggregate_requests;
  std::vector<std::string> parents;
  std::vector<std::string> finding_ranges;
  std::vector<absl::Time> deadlines;
};

class IngestSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = sgs::v1::IngestService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    server_->Shutdown(std::chrono::system_clock::now());
  }

  ScriptedIngest service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
};

TEST_F(IngestSourceTest, ReadsEveryPageWithDeadlines) {
  IngestDataSource source(stub_.get(), absl::Seconds(30));
  const absl::Time before = absl::Now();
  auto aggregates = source.ListDailyAggregates("yd-jyj", sgs::v1::DECISION_DATE,
                                               absl::CivilDay(2024, 7, 1),
                                               absl::CivilDay(2024, 7, 31));
  ASSERT_TRUE(aggregates.ok()) << aggregates.status();
  ASSERT_EQ(aggregates->size(), 3u);
  EXPECT_EQ((*aggregates)[0].unit_code(), "u0");
  EXPECT_EQ((*aggregates)[2].unit_code(), "u2");
  ASSERT_EQ(service_.aggregate_requests.size(), 3u);
  const auto& first = service_.aggregate_requests[0];
  EXPECT_EQ(first.unit_code(), "yd-jyj");
  EXPECT_EQ(first.date_basis(), sgs::v1::DECISION_DATE);
  EXPECT_EQ(first.start_date(), "2024-07-01");
  EXPECT_EQ(first.end_date(), "2024-07-31");
  EXPECT_GT(first.page_size(), 0);
  EXPECT_EQ(service_.aggregate_requests[2].page_token(), "2");

  auto objections = source.ListObjections(absl::CivilDay(2024, 7, 1),
                                          absl::CivilDay(2024, 7, 31));
  ASSERT_TRUE(objections.ok());
  EXPECT_EQ(objections->size(), 2u);
  auto findings = source.ListSpotCheckFindings(absl::CivilDay(2024, 6, 1),
                                               absl::CivilDay(2024, 7, 31));
  ASSERT_TRUE(findings.ok());
  EXPECT_EQ(findings->size(), 1u);
  EXPECT_EQ(service_.finding_ranges[0], "2024-06-01..2024-07-31");
  for (const std::string& parent : service_.parents) {
    EXPECT_EQ(parent, "units/-");
  }
  auto units = source.ListUnits();
  ASSERT_TRUE(units.ok());
  EXPECT_EQ(units->size(), 1u);

  // 3 + 2 + 1 + 1 calls, each with a deadline about 30 s out.
  ASSERT_EQ(service_.deadlines.size(), 7u);
  for (absl::Time deadline : service_.deadlines) {
    EXPECT_GT(deadline, before + absl::Seconds(25));
    EXPECT_LT(deadline, absl::Now() + absl::Seconds(31));
  }
}

TEST_F(IngestSourceTest, NeverOutlivesTheRequestsDeadline) {
  const absl::Time not_after = absl::Now() + absl::Seconds(3);
  IngestDataSource source(stub_.get(), absl::Seconds(30), not_after);
  ASSERT_TRUE(source.ListUnits().ok());
  ASSERT_EQ(service_.deadlines.size(), 1u);
  // The server sees the deadline as a timeout re-based on its own clock:
  // allow transport slack, far below the 30 s the source would otherwise
  // have used.
  EXPECT_LE(service_.deadlines[0], not_after + absl::Milliseconds(500));
}

TEST_F(IngestSourceTest, AStalledIngestServiceTimesOut) {
  service_.stall = true;
  IngestDataSource source(stub_.get(), absl::Milliseconds(300));
  const absl::Time start = absl::Now();
  auto aggregates = source.ListDailyAggregates("", sgs::v1::RECEIPT_DATE,
                                               absl::CivilDay(2024, 7, 1),
                                               absl::CivilDay(2024, 7, 31));
  EXPECT_EQ(aggregates.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_F(IngestSourceTest, ErrorsKeepTheirCodeAndNameTheCall) {
  service_.fail = true;
  IngestDataSource source(stub_.get(), absl::Seconds(5));
  auto aggregates = source.ListDailyAggregates("", sgs::v1::RECEIPT_DATE,
                                               absl::CivilDay(2024, 7, 1),
                                               absl::CivilDay(2024, 7, 31));
  EXPECT_EQ(aggregates.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(aggregates.status().message().find("ListDailyAggregates"),
            std::string::npos);
}

}  // namespace
}  // namespace sgs::stats
