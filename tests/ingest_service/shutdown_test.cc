// SIGTERM with an upload in flight, against the real binary: the server
// stops taking new calls, lets the open stream finish within
// --shutdown_grace_seconds, sends its summary and exits 0; every record
// the summary counts is stored (finding 17 of issue 10).
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/ingest_process.h"
#include "tests/support/test_env.h"

namespace sgs::testing {
namespace {

constexpr char kUnit[] = "yd-jyj";

sgs::v1::Record StreamRecord(int n) {
  return ValidLicensingRecord(kUnit, absl::StrCat("殷教许〔SIGTERM〕", n, "号"),
                              "2024-07-01");
}

// A slow pipeline: `records` records streamed `gap` apart on a thread of
// its own. The answer is read after Join().
class SlowUpload {
 public:
  SlowUpload(sgs::v1::IngestService::Stub* stub, int records,
             absl::Duration gap)
      : thread_([this, stub, records, gap] { Run(stub, records, gap); }) {}
  ~SlowUpload() { Join(); }

  void WaitUntilWritten(int records) const {
    while (written_.load() < records) absl::SleepFor(absl::Milliseconds(5));
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  int written() const { return written_.load(); }
  const grpc::Status& status() const { return status_; }
  const sgs::v1::UploadSummary& summary() const { return summary_; }

 private:
  void Run(sgs::v1::IngestService::Stub* stub, int records,
           absl::Duration gap) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    auto writer = stub->UploadRecords(&context, &summary_);
    for (int n = 0; n < records; ++n) {
      sgs::v1::UploadRecordsRequest request;
      *request.mutable_record() = StreamRecord(n);
      if (!writer->Write(request)) break;
      written_.fetch_add(1);
      absl::SleepFor(gap);
    }
    writer->WritesDone();
    status_ = writer->Finish();
  }

  std::atomic<int> written_{0};
  grpc::Status status_;
  sgs::v1::UploadSummary summary_;
  std::thread thread_;  // Last: it starts once the members above exist.
};

int64_t CountRecords(sgs::v1::IngestService::Stub* stub) {
  return static_cast<int64_t>(
      sgs::testing::ListAllRecords(stub, kUnit, 1000).size());
}

TEST(ShutdownTest, SlowStreamFinishesWithSummaryAfterSigterm) {
  TempDir data_dir;
  IngestProcess server;
  absl::Status started =
      server.Start(data_dir.path(), {"--shutdown_grace_seconds=4"});
  ASSERT_TRUE(started.ok()) << started;
  auto stub = server.NewStub();

  constexpr int kRecords = 20;
  // The whole stream takes about 1 s.
  SlowUpload upload(stub.get(), kRecords, absl::Milliseconds(50));
  upload.WaitUntilWritten(5);
  server.SendTerminate();
  upload.Join();
  const int exit_code = server.WaitForExit();

  const grpc::Status& status = upload.status();
  EXPECT_TRUE(status.ok()) << status.error_code() << ": "
                           << status.error_message();
  EXPECT_EQ(upload.written(), kRecords);
  EXPECT_EQ(upload.summary().received_count(), kRecords);
  EXPECT_EQ(upload.summary().created_count(), kRecords);
  EXPECT_EQ(exit_code, 0) << server.output();

  IngestProcess restarted;
  started = restarted.Start(data_dir.path());
  ASSERT_TRUE(started.ok()) << started;
  auto reader = restarted.NewStub();
  EXPECT_EQ(CountRecords(reader.get()), kRecords);
  EXPECT_EQ(restarted.Terminate(), 0);
}

// A stream still open when the grace period ends: the server stores what it
// has read, says exactly where to resume, and still exits 0 in time.
TEST(ShutdownTest, StreamLongerThanGraceIsToldWhereToResume) {
  TempDir data_dir;
  IngestProcess server;
  absl::Status started =
      server.Start(data_dir.path(), {"--shutdown_grace_seconds=2"});
  ASSERT_TRUE(started.ok()) << started;
  auto stub = server.NewStub();

  constexpr int kRecords = 100;  // 100 ms apart: 10 s, far over the grace.
  SlowUpload upload(stub.get(), kRecords, absl::Milliseconds(100));
  upload.WaitUntilWritten(5);
  const absl::Time terminated = absl::Now();
  server.SendTerminate();
  const int exit_code = server.WaitForExit();
  const absl::Duration stopping = absl::Now() - terminated;
  upload.Join();
  const grpc::Status& status = upload.status();

  EXPECT_EQ(exit_code, 0) << server.output();
  EXPECT_LT(stopping, absl::Seconds(4)) << "the grace is 2 s";
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
  // The answer names the resume point when the client reads it before the
  // connection closes; a client still sending may only see the connection
  // end (UNAVAILABLE as well). Either way the stored records are exactly
  // the first ones sent, so a resend from there (or of everything: a
  // resend corrects, never duplicates) is safe.
  const std::string& message = status.error_message();
  const size_t at = message.find("的前 ");
  const int answered = at == std::string::npos
                           ? -1
                           : std::atoi(message.c_str() + at + strlen("的前 "));
  if (answered >= 0) {
    EXPECT_NE(message.find(absl::StrCat("请从第 ", answered + 1, " 条起")),
              std::string::npos)
        << message;
  }

  IngestProcess restarted;
  started = restarted.Start(data_dir.path());
  ASSERT_TRUE(started.ok()) << started;
  auto reader = restarted.NewStub();
  const int64_t stored = CountRecords(reader.get());
  EXPECT_GE(stored, 5);
  EXPECT_LT(stored, kRecords);
  if (answered >= 0) {
    EXPECT_EQ(stored, answered);
  }
  // The stored ones are the first `stored` records sent.
  for (int n = 0; n < stored; ++n) {
    sgs::v1::GetRecordRequest get;
    get.set_unit_code(kUnit);
    get.set_kind(sgs::v1::LICENSING);
    get.set_document_number(absl::StrCat("殷教许〔SIGTERM〕", n, "号"));
    grpc::ClientContext context;
    sgs::v1::Record record;
    EXPECT_TRUE(reader->GetRecord(&context, get, &record).ok()) << n;
  }
  EXPECT_EQ(restarted.Terminate(), 0);
}

}  // namespace
}  // namespace sgs::testing
