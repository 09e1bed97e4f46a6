// The released ingest_service binary attacked from outside, as a hostile
// or careless caller would (issue 10, findings 3-6, 8, 9): each test starts
// the real binary on a free port with RocksDB in a temporary directory,
// attacks it, and checks that a well-behaved caller is still served, that
// the process's peak memory (VmHWM) and threads stay under bounds derived
// from its configured limits, and that it is still SERVING afterwards.
// Every one of these failed before the limits existed: the process grew
// past the bounds, refused the good caller, or (finding 9) the summary
// could not be delivered.
//
// $SGS_HOSTILE_SECONDS sets the length of each flood (default 4; the CI
// hostile-load run, scripts/hostile.sh, uses longer ones).
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "google/protobuf/text_format.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "sgs/config/v1/config.pb.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "tests/support/http2_flood.h"
#include "tests/support/server_process.h"
#include "tests/support/test_env.h"

namespace sgs::testing {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

constexpr char kUnitA[] = "yd-jyj";
constexpr char kUnitB[] = "yd-gaj";
constexpr char kTokenA[] = "hostile-test-token-unit-a";
constexpr char kTokenB[] = "hostile-test-token-unit-b";

absl::Duration FloodLength() {
  int seconds = 4;
  if (const char* text = std::getenv("SGS_HOSTILE_SECONDS")) {
    (void)absl::SimpleAtoi(text, &seconds);
  }
  return absl::Seconds(seconds);
}

// The binary with two SUBMITTER tokens (units A and B) and `extra` flags.
class HostileTest : public ::testing::Test {
 protected:
  void StartServer(std::vector<std::string> extra = {}) {
    config::v1::TokenFile tokens;
    for (const auto& [token, unit] :
         {std::pair{kTokenA, kUnitA}, std::pair{kTokenB, kUnitB}}) {
      auto* entry = tokens.add_tokens();
      entry->set_name(absl::StrCat("报送方 ", unit));
      entry->set_sha256_hex(Sha256Hex(token));
      entry->set_role(config::v1::SUBMITTER);
      entry->set_unit_code(unit);
    }
    std::string text;
    ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(tokens, &text));
    const std::string tokens_path = dir_.path() + "/tokens.textproto";
    std::ofstream(tokens_path) << text;
    std::vector<std::string> args = {
        BinaryPath("ingest_service"),
        "--host=127.0.0.1",
        "--port=0",
        absl::StrCat("--data_dir=", dir_.path(), "/data"),
        absl::StrCat("--registry=", SourcePath("config/registry.textproto")),
        absl::StrCat("--tokens=", tokens_path),
        "--sync_writes=false",
        "--shutdown_grace_seconds=2",
        "--log_level=error",
    };
    args.insert(args.end(), extra.begin(), extra.end());
    absl::Status started = server_.Start(args);
    ASSERT_TRUE(started.ok()) << started;
    baseline_ = ReadProcessStatus(server_.pid());
  }

  // A fresh connection (its own subchannel, so not shared with another
  // stub's).
  std::shared_ptr<grpc::Channel> NewChannel() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("sgs.test.channel", ++channels_);
    return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server_.port()),
                                     grpc::InsecureChannelCredentials(), args);
  }

  static void Authorize(grpc::ClientContext* context, const char* token,
                        absl::Duration deadline = absl::Seconds(10)) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
    context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  }

  // One valid SubmitRecord for unit A on `stub`.
  grpc::Status SubmitOne(sgs::v1::IngestService::Stub* stub) {
    grpc::ClientContext context;
    Authorize(&context, kTokenA);
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = ValidLicensingRecord(
        kUnitA, absl::StrCat("殷教许〔好〕", ++good_number_, "号"),
        "2024-07-01");
    sgs::v1::SubmitRecordResponse response;
    return stub->SubmitRecord(&context, request, &response);
  }

  // While `attack` runs: SubmitRecord on its own connection in a loop.
  // Returns {ok, failed} and prints the failures' first status.
  std::pair<int, int> SubmitDuring(const std::function<void()>& attack) {
    auto stub = sgs::v1::IngestService::NewStub(NewChannel());
    EXPECT_TRUE(SubmitOne(stub.get()).ok()) << "before the attack";
    std::atomic<bool> done{false};
    int ok = 0, failed = 0;
    std::thread good([&] {
      while (!done.load()) {
        const grpc::Status status = SubmitOne(stub.get());
        if (status.ok()) {
          ++ok;
        } else {
          if (failed++ == 0) {
            std::cerr << "good client: " << status.error_code() << " "
                      << status.error_message() << "\n";
          }
        }
        absl::SleepFor(absl::Milliseconds(20));
      }
    });
    attack();
    done.store(true);
    good.join();
    return {ok, failed};
  }

  void ExpectServing() {
    auto health = grpc::health::v1::Health::NewStub(NewChannel());
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    HealthCheckRequest request;
    HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
    EXPECT_TRUE(server_.running());
  }

  int64_t PeakMiB() {
    return ReadProcessStatus(server_.pid()).peak_rss_kb >> 10;
  }

  TempDir dir_;
  ServerProcess server_;
  ProcessStatus baseline_;
  int channels_ = 0;
  int good_number_ = 0;
};

// Finding 4: five connections flooding header-only SubmitRecord streams
// (no token: HTTP/2 runs before authentication). The server advertises
// --max_streams_per_connection, drops connections that exceed it, and
// gRPC's ResourceQuota bounds the rest: memory stays bounded and a normal
// SubmitRecord on another connection keeps succeeding.
TEST_F(HostileTest, StreamFloodLeavesMemoryBoundedAndSubmitWorking) {
  StartServer({"--grpc_memory_mb=128"});
  FloodStats flood;
  const auto [ok, failed] = SubmitDuring([&] {
    flood =
        Http2HeaderFlood(server_.port(), "/sgs.v1.IngestService/SubmitRecord",
                         5, 20000, FloodLength());
  });
  std::cout << "flood: " << flood.connections << " connections, "
            << flood.streams_sent << " streams, " << flood.goaways
            << " GOAWAY, " << flood.resets << " RST_STREAM; good client " << ok
            << " ok, " << failed << " failed; peak RSS " << PeakMiB()
            << " MiB (at start " << (baseline_.peak_rss_kb >> 10) << " MiB)\n";
  EXPECT_GT(flood.streams_sent, 20000) << "the flood did not run";
  EXPECT_GT(ok, 0);
  EXPECT_EQ(failed, 0);
  // The quota (128 MiB) plus the process at start plus RocksDB's budget.
  EXPECT_LT(PeakMiB(), (baseline_.peak_rss_kb >> 10) + 128 + 64);
  ExpectServing();
}

// Finding 4 on the stats service (the same transport limits,
// common/server_limits.h): flooded with header-only GetPeriodReport
// streams, it stays bounded and answers health checks on another
// connection.
TEST_F(HostileTest, StatsServiceStreamFloodLeavesMemoryBounded) {
  StartServer();
  ServerProcess stats;
  absl::Status started = stats.Start(std::vector<std::string>{
      BinaryPath("stats_service"),
      "--host=127.0.0.1",
      "--port=0",
      absl::StrCat("--ingest_target=127.0.0.1:", server_.port()),
      absl::StrCat("--registry=", SourcePath("config/registry.textproto")),
      absl::StrCat("--calendar=", SourcePath("config/calendar.textproto")),
      absl::StrCat("--policy=", SourcePath("config/policy.textproto")),
      absl::StrCat("--bulletin_template=",
                   SourcePath("config/bulletin_template.textproto")),
      absl::StrCat("--document_style=",
                   SourcePath("config/document_style.textproto")),
      "--dev_no_auth",
      "--grpc_memory_mb=128",
      "--log_level=error",
  });
  ASSERT_TRUE(started.ok()) << started;
  const ProcessStatus at_start = ReadProcessStatus(stats.pid());
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", stats.port()),
                          grpc::InsecureChannelCredentials()));
  auto check = [&]() {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    HealthCheckRequest request;
    HealthCheckResponse response;
    return health->Check(&context, request, &response);
  };
  EXPECT_TRUE(check().ok());
  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, failed{0};
  std::thread good([&] {
    while (!done.load()) {
      (check().ok() ? ok : failed).fetch_add(1);
      absl::SleepFor(absl::Milliseconds(50));
    }
  });
  const FloodStats flood =
      Http2HeaderFlood(stats.port(), "/sgs.v1.StatsService/GetPeriodReport", 5,
                       20000, FloodLength());
  done.store(true);
  good.join();
  const int64_t peak_mib = ReadProcessStatus(stats.pid()).peak_rss_kb >> 10;
  std::cout << "stats flood: " << flood.connections << " connections, "
            << flood.streams_sent << " streams, " << flood.goaways
            << " GOAWAY; health " << ok.load() << " ok, " << failed.load()
            << " failed; peak RSS " << peak_mib << " MiB (at start "
            << (at_start.peak_rss_kb >> 10) << " MiB)\n";
  EXPECT_GT(flood.streams_sent, 20000);
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_LT(peak_mib, (at_start.peak_rss_kb >> 10) + 128 + 32);
  EXPECT_TRUE(check().ok());
  EXPECT_TRUE(stats.running());
  EXPECT_EQ(stats.Terminate(), 0);
}

// Finding 5: thousands of Health/Watch streams cost no thread each
// (callback API) and are capped; writes go on.
TEST_F(HostileTest, HealthWatchFloodCostsNoThreads) {
  StartServer();
  constexpr int kChannels = 30;
  constexpr int kPerChannel = 50;  // under --max_streams_per_connection
  grpc::CompletionQueue queue;
  struct Watch {
    grpc::ClientContext context;
    HealthCheckResponse response;
    std::unique_ptr<grpc::ClientAsyncReader<HealthCheckResponse>> reader;
    grpc::Status status;
    bool finishing = false;
  };
  // Tags: (index + 1) * 4 + step; steps 0 started, 1 read, 2 finished.
  auto tag_of = [](size_t index, int step) {
    return reinterpret_cast<void*>((index + 1) * 4 + step);
  };
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> stubs;
  std::vector<std::unique_ptr<Watch>> watches;
  for (int c = 0; c < kChannels; ++c) {
    channels.push_back(NewChannel());
    stubs.push_back(grpc::health::v1::Health::NewStub(channels.back()));
    for (int i = 0; i < kPerChannel; ++i) {
      auto watch = std::make_unique<Watch>();
      HealthCheckRequest request;
      watch->reader =
          stubs.back()->PrepareAsyncWatch(&watch->context, request, &queue);
      watch->reader->StartCall(tag_of(watches.size(), 0));
      watches.push_back(std::move(watch));
    }
  }
  int first_messages = 0, ended = 0, refused = 0;
  auto finish = [&](size_t index) {
    Watch& watch = *watches[index];
    if (watch.finishing) return;
    watch.finishing = true;
    watch.reader->Finish(&watch.status, tag_of(index, 2));
  };
  // One completion; false on timeout.
  auto step = [&]() {
    void* tag;
    bool ok;
    if (queue.AsyncNext(&tag, &ok,
                        absl::ToChronoTime(absl::Now() + absl::Seconds(1))) !=
        grpc::CompletionQueue::GOT_EVENT) {
      return false;
    }
    const size_t index = reinterpret_cast<size_t>(tag) / 4 - 1;
    Watch& watch = *watches[index];
    switch (reinterpret_cast<size_t>(tag) % 4) {
      case 0:
        watch.reader->Read(&watch.response, tag_of(index, 1));
        break;
      case 1:
        if (ok) {
          ++first_messages;
        } else {
          finish(index);
        }
        break;
      default:
        ++ended;
        if (watch.status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          ++refused;
        }
        break;
    }
    return true;
  };
  const absl::Time until = absl::Now() + absl::Seconds(30);
  while (first_messages + ended < static_cast<int>(watches.size()) &&
         absl::Now() < until) {
    step();
  }
  const ProcessStatus during = ReadProcessStatus(server_.pid());
  auto stub = sgs::v1::IngestService::NewStub(NewChannel());
  const grpc::Status submit = SubmitOne(stub.get());
  std::cout << "watch flood: " << watches.size() << " watches, "
            << first_messages << " watching, " << refused
            << " refused; server threads " << during.threads << " (at start "
            << baseline_.threads << ")\n";
  EXPECT_TRUE(submit.ok()) << submit.error_message();
  EXPECT_GE(first_messages, 900);  // the cap is 1000
  EXPECT_GT(refused, 0) << "the cap refused none";
  EXPECT_LT(during.threads, baseline_.threads + 64);
  // Cancel every watch and wait until gRPC is done with each.
  for (size_t i = 0; i < watches.size(); ++i) {
    watches[i]->context.TryCancel();
    finish(i);
  }
  const absl::Time drain_until = absl::Now() + absl::Seconds(30);
  while (ended < static_cast<int>(watches.size()) &&
         absl::Now() < drain_until) {
    step();
  }
  queue.Shutdown();
  void* tag;
  bool ok;
  while (queue.Next(&tag, &ok)) {
  }
  ExpectServing();
}

// Finding 6: a unit holding idle streams neither takes every slot (limit
// per caller) nor keeps its own for ever (inactivity timeout); another
// unit uploads meanwhile.
TEST_F(HostileTest, IdleStreamsAreLimitedPerCallerAndTimedOut) {
  StartServer(
      {"--max_streams_per_caller=2", "--stream_idle_timeout_seconds=2"});
  auto stub = sgs::v1::IngestService::NewStub(NewChannel());
  struct Idle {
    grpc::ClientContext context;
    sgs::v1::UploadSummary summary;
    std::unique_ptr<grpc::ClientWriter<sgs::v1::UploadRecordsRequest>> writer;
  };
  std::vector<std::unique_ptr<Idle>> idle;
  for (int i = 0; i < 3; ++i) {
    auto stream = std::make_unique<Idle>();
    Authorize(&stream->context, kTokenA, absl::Seconds(30));
    stream->writer = stub->UploadRecords(&stream->context, &stream->summary);
    idle.push_back(std::move(stream));
    absl::SleepFor(absl::Milliseconds(100));
  }
  // The third of unit A's streams is refused, naming the limit.
  const grpc::Status third = idle[2]->writer->Finish();
  EXPECT_EQ(third.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(third.error_message().find("--max_streams_per_caller=2"),
            std::string::npos)
      << third.error_message();
  // Unit B uploads while A's two streams sit idle.
  {
    grpc::ClientContext context;
    Authorize(&context, kTokenB);
    sgs::v1::UploadSummary summary;
    auto writer = stub->UploadRecords(&context, &summary);
    sgs::v1::UploadRecordsRequest request;
    *request.mutable_record() =
        ValidPenaltyRecord(kUnitB, "殷公罚〔乙〕1号", "2024-07-01");
    EXPECT_TRUE(writer->Write(request));
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(summary.created_count(), 1);
  }
  // A's idle streams are cancelled by the server after the timeout.
  const absl::Time before = absl::Now();
  for (int i = 0; i < 2; ++i) {
    const grpc::Status status = idle[i]->writer->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED)
        << status.error_message();
  }
  EXPECT_LT(absl::Now() - before, absl::Seconds(10));
  ExpectServing();
}

sgs::v1::Record LargeInvalidRecord(int n) {
  sgs::v1::Record record = ValidPenaltyRecord(
      kUnitA, absl::StrCat("殷教罚〔大〕", n, "号"), "2024-07-01");
  // 3 MiB of 违法事实: far over --max_text_chars.
  record.mutable_penalty()->set_violation_facts(std::string(3 << 20, 'x'));
  return record;
}

// Findings 3 and 8: streams of multi-MiB invalid records are buffered by
// bytes (not 1000 records at a time) and their rejections are queued as
// bounded excerpts; peak memory stays near the byte budgets, and the
// rejected queue's default page is readable.
TEST_F(HostileTest, LargeRecordStreamsStayWithinTheByteBudget) {
  StartServer({"--max_stream_buffer_bytes=8388608",
               "--max_buffered_bytes=33554432", "--grpc_memory_mb=128"});
  constexpr int kStreams = 2;
  constexpr int kRecords = 60;  // 180 MiB per stream
  std::vector<std::thread> uploaders;
  std::atomic<int> summaries_ok{0};
  for (int s = 0; s < kStreams; ++s) {
    uploaders.emplace_back([&, s] {
      auto stub = sgs::v1::IngestService::NewStub(NewChannel());
      grpc::ClientContext context;
      Authorize(&context, kTokenA, absl::Seconds(120));
      sgs::v1::UploadSummary summary;
      auto writer = stub->UploadRecords(&context, &summary);
      for (int i = 0; i < kRecords; ++i) {
        sgs::v1::UploadRecordsRequest request;
        *request.mutable_record() = LargeInvalidRecord(s * 1000 + i);
        if (!writer->Write(request)) break;
      }
      writer->WritesDone();
      const grpc::Status status = writer->Finish();
      EXPECT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(summary.rejected_count(), kRecords);
      if (status.ok()) summaries_ok.fetch_add(1);
    });
  }
  for (std::thread& uploader : uploaders) uploader.join();
  std::cout << "large streams: " << kStreams << " x " << kRecords
            << " x 3 MiB; peak RSS " << PeakMiB() << " MiB (at start "
            << (baseline_.peak_rss_kb >> 10) << " MiB)\n";
  EXPECT_EQ(summaries_ok.load(), kStreams);
  // The budgets (32 MiB buffered, 128 MiB gRPC) and the messages in
  // flight, far below the 360 MiB sent.
  EXPECT_LT(PeakMiB(), (baseline_.peak_rss_kb >> 10) + 200);

  // The queue keeps excerpts: a default page holds entries of a few KiB.
  auto stub = sgs::v1::IngestService::NewStub(NewChannel());
  grpc::ClientContext context;
  Authorize(&context, kTokenA);
  sgs::v1::ListRejectedSubmissionsRequest request;
  request.set_parent(absl::StrCat("units/", kUnitA));
  sgs::v1::ListRejectedSubmissionsResponse response;
  const grpc::Status listed =
      stub->ListRejectedSubmissions(&context, request, &response);
  ASSERT_TRUE(listed.ok()) << listed.error_message();
  ASSERT_GT(response.rejected_submissions_size(), 0);
  for (const auto& rejection : response.rejected_submissions()) {
    EXPECT_LT(rejection.ByteSizeLong(), 16u << 10);
    EXPECT_EQ(rejection.record().penalty().document_number().substr(0, 6),
              std::string("殷教罚〔大〕").substr(0, 6));
  }
  // A message over the default limit (4 MiB) is refused by gRPC.
  grpc::ClientContext big_context;
  Authorize(&big_context, kTokenA);
  sgs::v1::SubmitRecordRequest big;
  *big.mutable_record() = LargeInvalidRecord(9999);
  big.mutable_record()->mutable_penalty()->mutable_violation_facts()->append(
      2 << 20, 'y');
  sgs::v1::SubmitRecordResponse big_response;
  EXPECT_EQ(stub->SubmitRecord(&big_context, big, &big_response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  ExpectServing();
}

// Finding 8: the rejected queue holds at most
// --max_open_rejections_per_unit open entries of a unit; later rejections
// are still answered.
TEST_F(HostileTest, RejectedQueueIsCappedPerUnit) {
  StartServer({"--max_open_rejections_per_unit=5"});
  auto stub = sgs::v1::IngestService::NewStub(NewChannel());
  for (int i = 0; i < 8; ++i) {
    grpc::ClientContext context;
    Authorize(&context, kTokenA);
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = ValidPenaltyRecord(
        kUnitA, absl::StrCat("殷教罚〔空〕", i, "号"), "2024-07-01");
    request.mutable_record()->mutable_penalty()->clear_legal_basis();
    request.mutable_record()->mutable_penalty()->clear_violation_facts();
    sgs::v1::SubmitRecordResponse response;
    EXPECT_EQ(stub->SubmitRecord(&context, request, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  grpc::ClientContext context;
  Authorize(&context, kTokenA);
  sgs::v1::ListRejectedSubmissionsRequest request;
  request.set_parent(absl::StrCat("units/", kUnitA));
  request.set_page_size(100);
  sgs::v1::ListRejectedSubmissionsResponse response;
  ASSERT_TRUE(stub->ListRejectedSubmissions(&context, request, &response).ok());
  EXPECT_EQ(response.rejected_submissions_size(), 5);
}

// Finding 9: 10 good and 6000 blank records: the summary arrives (a default
// client reads it), with exact counts, the first rejections only, and each
// violation once.
TEST_F(HostileTest, StreamSummaryIsAlwaysDeliverable) {
  StartServer();
  auto stub = sgs::v1::IngestService::NewStub(NewChannel());
  grpc::ClientContext context;
  Authorize(&context, kTokenA, absl::Seconds(60));
  sgs::v1::UploadSummary summary;
  auto writer = stub->UploadRecords(&context, &summary);
  for (int i = 0; i < 10; ++i) {
    sgs::v1::UploadRecordsRequest request;
    *request.mutable_record() = ValidLicensingRecord(
        kUnitA, absl::StrCat("殷教许〔汇〕", i, "号"), "2024-07-01");
    ASSERT_TRUE(writer->Write(request));
  }
  for (int i = 0; i < 6000; ++i) {
    sgs::v1::UploadRecordsRequest request;
    request.mutable_record()->set_unit_code(kUnitA);
    ASSERT_TRUE(writer->Write(request));
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_code() << " "
                           << status.error_message();
  EXPECT_EQ(summary.received_count(), 6010);
  EXPECT_EQ(summary.created_count(), 10);
  EXPECT_EQ(summary.rejected_count(), 6000);
  EXPECT_GT(summary.rejections_size(), 0);
  EXPECT_LE(summary.rejections_size(), 100);
  EXPECT_LT(summary.ByteSizeLong(), 1u << 20);
  for (const auto& rejection : summary.rejections()) {
    EXPECT_GT(rejection.violations_size(), 0);
    EXPECT_EQ(rejection.status().details_size(), 0) << "violations twice";
  }
}

}  // namespace
}  // namespace sgs::testing
