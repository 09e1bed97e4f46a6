// Configured limits answer with a clear status, never a crash or an
// unbounded allocation: concurrent streams and records per stream
// (RESOURCE_EXHAUSTED), message size (RESOURCE_EXHAUSTED, from gRPC), and
// field lengths (INVALID_ARGUMENT with the field named).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using sgs::testing::ValidLicensingRecord;

std::string Yesterday() { return FormatDate(ChinaDate(absl::Now()) - 1); }

TEST(LimitsTest, ConcurrentStreamsAreBounded) {
  TempDir dir;
  IngestServerOptions options;
  options.max_concurrent_streams = 1;
  TestIngestServer server(dir.path(), options);
  auto stub = server.NewStub();

  // While the first stream is open, another is refused. A probe may reach
  // the server before the first stream's handler does and take the slot:
  // then the FIRST stream is the one refused, every later probe finds the
  // slot free, and the whole scenario is tried again (bounded).
  grpc::StatusCode second_code = grpc::StatusCode::OK;
  grpc::Status first_status;
  sgs::v1::UploadSummary first_summary;
  for (int attempt = 0; attempt < 5; ++attempt) {
    grpc::ClientContext first_context;
    first_summary.Clear();
    auto first = stub->UploadRecords(&first_context, &first_summary);
    sgs::v1::UploadRecordsRequest request;
    *request.mutable_record() =
        ValidLicensingRecord("yd-jyj", "S-1", Yesterday());
    ASSERT_TRUE(first->Write(request));

    second_code = grpc::StatusCode::OK;
    const absl::Time give_up = absl::Now() + absl::Seconds(3);
    while (second_code != grpc::StatusCode::RESOURCE_EXHAUSTED &&
           absl::Now() < give_up) {
      grpc::ClientContext second_context;
      sgs::v1::UploadSummary second_summary;
      auto second = stub->UploadRecords(&second_context, &second_summary);
      second->WritesDone();
      second_code = second->Finish().error_code();
      if (second_code != grpc::StatusCode::RESOURCE_EXHAUSTED) {
        absl::SleepFor(absl::Milliseconds(50));
      }
    }
    first->WritesDone();
    first_status = first->Finish();
    if (first_status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) {
      break;
    }
  }
  EXPECT_EQ(second_code, grpc::StatusCode::RESOURCE_EXHAUSTED);
  ASSERT_TRUE(first_status.ok()) << first_status.error_message();
  EXPECT_EQ(first_summary.created_count(), 1);

  // The slot is free again.
  grpc::ClientContext third_context;
  sgs::v1::UploadSummary third_summary;
  auto third = stub->UploadRecords(&third_context, &third_summary);
  third->WritesDone();
  EXPECT_TRUE(third->Finish().ok());
}

TEST(LimitsTest, RecordsPerStreamAreBoundedAndEarlierOnesKept) {
  TempDir dir;
  IngestServerOptions options;
  options.max_stream_records = 3;
  TestIngestServer server(dir.path(), options);
  auto stub = server.NewStub();
  grpc::ClientContext context;
  sgs::v1::UploadSummary summary;
  auto writer = stub->UploadRecords(&context, &summary);
  for (int i = 0; i < 5; ++i) {
    sgs::v1::UploadRecordsRequest request;
    *request.mutable_record() =
        ValidLicensingRecord("yd-jyj", absl::StrCat("N-", i), Yesterday());
    if (!writer->Write(request)) break;
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(status.error_message().find('3'), std::string::npos);
  // The records within the limit were stored; the rest were not.
  for (int i = 0; i < 5; ++i) {
    grpc::ClientContext get_context;
    sgs::v1::GetRecordRequest get;
    get.set_name(absl::StrCat("units/yd-jyj/records/xk/N-", i));
    sgs::v1::Record stored;
    EXPECT_EQ(stub->GetRecord(&get_context, get, &stored).ok(), i < 3) << i;
  }
}

TEST(LimitsTest, MessageSizeIsBounded) {
  TempDir dir;
  IngestServerOptions options;
  options.max_message_bytes = 64 * 1024;
  TestIngestServer server(dir.path(), options);
  auto stub = server.NewStub();
  auto record = ValidLicensingRecord("yd-jyj", "BIG", Yesterday());
  record.mutable_licensing()->set_remarks(std::string(size_t{100} * 1024, 'x'));
  grpc::ClientContext context;
  sgs::v1::SubmitRecordRequest request;
  *request.mutable_record() = record;
  sgs::v1::SubmitRecordResponse response;
  EXPECT_EQ(stub->SubmitRecord(&context, request, &response).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST(LimitsTest, FieldLengthsAreConfigurable) {
  TempDir dir;
  IngestServerOptions options;
  options.validation_limits.max_text_length = 10;
  TestIngestServer server(dir.path(), options);
  auto stub = server.NewStub();
  auto record = ValidLicensingRecord("yd-jyj", "LONG", Yesterday());
  record.mutable_licensing()->set_content("准予许可内容超过十个字符的文本");
  grpc::ClientContext context;
  sgs::v1::SubmitRecordRequest request;
  *request.mutable_record() = record;
  sgs::v1::SubmitRecordResponse response;
  grpc::Status status = stub->SubmitRecord(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("licensing.content"), std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace sgs::ingest
