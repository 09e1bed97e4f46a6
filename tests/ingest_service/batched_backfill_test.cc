// The batched form of BackfillRecords (BackfillRecordsRequest.records),
// driven through gRPC on a real port with RocksDB in a temporary
// directory: each record of a batch counts as if sent alone (stream index,
// rejection by index and field, corrections, resolved rejections), and a
// batch that breaks the rules ends the stream without storing any of it.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using google::protobuf::util::TimeUtil;
using sgs::testing::BadRequestOf;
using sgs::testing::DaysAgo;
using sgs::testing::SerializedWithInvalidUtf8;
using sgs::testing::StreamRawMessages;
using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using sgs::testing::ValidLicensingRecord;
using sgs::testing::ValidPenaltyRecord;

// A receipt `days` ago (after a decision DaysAgo(days + 1)).
google::protobuf::Timestamp ReceivedDaysAgo(int days) {
  return TimeUtil::SecondsToTimestamp(
      absl::ToUnixSeconds(absl::Now() - absl::Hours(24 * days)));
}

sgs::v1::HistoricalRecord Historical(const sgs::v1::Record& record,
                                     int received_days_ago) {
  sgs::v1::HistoricalRecord entry;
  *entry.mutable_record() = record;
  *entry.mutable_receipt_time() = ReceivedDaysAgo(received_days_ago);
  return entry;
}

IngestServerOptions WithBatchLimit(int limit) {
  IngestServerOptions options;
  options.max_backfill_batch = limit;
  return options;
}

class BatchedBackfillTest : public ::testing::Test {
 protected:
  BatchedBackfillTest()
      : server_(dir_.path(), WithBatchLimit(4)), stub_(server_.NewStub()) {}

  // Sends `messages` on one BackfillRecords stream.
  grpc::Status Backfill(
      const std::vector<sgs::v1::BackfillRecordsRequest>& messages,
      sgs::v1::UploadSummary* summary) {
    return sgs::testing::Backfill(stub_.get(), messages, summary);
  }

  grpc::Status Get(const std::string& name, sgs::v1::Record* record) {
    grpc::ClientContext context;
    sgs::v1::GetRecordRequest request;
    request.set_name(name);
    return stub_->GetRecord(&context, request, record);
  }

  std::vector<sgs::v1::RejectedSubmission> Rejections(
      const std::string& unit,
      sgs::v1::ListRejectedSubmissionsRequest::StateFilter state) {
    grpc::ClientContext context;
    sgs::v1::ListRejectedSubmissionsRequest request;
    request.set_parent(absl::StrCat("units/", unit));
    request.set_state(state);
    sgs::v1::ListRejectedSubmissionsResponse response;
    EXPECT_TRUE(
        stub_->ListRejectedSubmissions(&context, request, &response).ok());
    return {response.rejected_submissions().begin(),
            response.rejected_submissions().end()};
  }

  TempDir dir_;
  TestIngestServer server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
};

TEST_F(BatchedBackfillTest, EachRecordOfABatchCountsAsIfSentAlone) {
  std::vector<sgs::v1::BackfillRecordsRequest> messages(2);
  // The single-record form first: index 0.
  *messages[0].mutable_record() =
      ValidLicensingRecord("yd-jtysj", "批-0", DaysAgo(30));
  *messages[0].mutable_receipt_time() = ReceivedDaysAgo(29);
  // Then a batch: indexes 1..4, the third (index 3) has no receipt time and
  // the fourth corrects the first record of the batch.
  *messages[1].add_records() =
      Historical(ValidLicensingRecord("yd-jtysj", "批-1", DaysAgo(30)), 29);
  *messages[1].add_records() =
      Historical(ValidPenaltyRecord("yd-jtysj", "批-2", DaysAgo(30)), 28);
  sgs::v1::HistoricalRecord* no_receipt = messages[1].add_records();
  *no_receipt->mutable_record() =
      ValidLicensingRecord("yd-jtysj", "批-3", DaysAgo(30));
  sgs::v1::Record corrected =
      ValidLicensingRecord("yd-jtysj", "批-1", DaysAgo(30));
  corrected.mutable_licensing()->set_content("更正后的许可内容");
  *messages[1].add_records() = Historical(corrected, 27);

  sgs::v1::UploadSummary summary;
  const grpc::Status status = Backfill(messages, &summary);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(summary.received_count(), 5);
  EXPECT_EQ(summary.created_count(), 3);
  EXPECT_EQ(summary.corrected_count(), 1);
  EXPECT_EQ(summary.rejected_count(), 1);
  ASSERT_EQ(summary.rejections_size(), 1);
  EXPECT_EQ(summary.rejections(0).index(), 3);
  EXPECT_EQ(summary.rejections(0).document_number(), "批-3");
  ASSERT_GE(summary.rejections(0).violations_size(), 1);
  EXPECT_EQ(summary.rejections(0).violations(0).field(), "receipt_time");

  sgs::v1::Record stored;
  ASSERT_TRUE(Get("units/yd-jtysj/records/xk/批-1", &stored).ok());
  EXPECT_EQ(stored.version(), 2);
  EXPECT_EQ(stored.licensing().content(), "更正后的许可内容");
  ASSERT_TRUE(Get("units/yd-jtysj/records/cf/批-2", &stored).ok());
  // The rejected record is not stored, not even in part.
  EXPECT_EQ(Get("units/yd-jtysj/records/xk/批-3", &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(
      Rejections("yd-jtysj", sgs::v1::ListRejectedSubmissionsRequest::OPEN)
          .size(),
      1u);

  // Resending the rejected record in a later batch corrects it: it is
  // stored and its rejection leaves the open queue; a record stored by the
  // first stream comes back as a correction (identity across streams).
  std::vector<sgs::v1::BackfillRecordsRequest> resend(1);
  *resend[0].add_records() =
      Historical(ValidLicensingRecord("yd-jtysj", "批-3", DaysAgo(30)), 29);
  *resend[0].add_records() =
      Historical(ValidLicensingRecord("yd-jtysj", "批-0", DaysAgo(30)), 29);
  sgs::v1::UploadSummary second;
  ASSERT_TRUE(Backfill(resend, &second).ok());
  EXPECT_EQ(second.created_count(), 1);
  EXPECT_EQ(second.corrected_count(), 1);
  EXPECT_TRUE(Get("units/yd-jtysj/records/xk/批-3", &stored).ok());
  EXPECT_TRUE(
      Rejections("yd-jtysj", sgs::v1::ListRejectedSubmissionsRequest::OPEN)
          .empty());
  const std::vector<sgs::v1::RejectedSubmission> resolved =
      Rejections("yd-jtysj", sgs::v1::ListRejectedSubmissionsRequest::RESOLVED);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].resolved_record(), "units/yd-jtysj/records/xk/批-3");
}

TEST_F(BatchedBackfillTest, ABatchOverTheLimitIsRefusedWhole) {
  std::vector<sgs::v1::BackfillRecordsRequest> messages(2);
  for (int i = 0; i < 2; ++i) {
    *messages[0].add_records() = Historical(
        ValidLicensingRecord("yd-czj", absl::StrCat("限-", i), DaysAgo(30)),
        29);
  }
  // Five records: one more than the server's --max_backfill_batch=4.
  for (int i = 2; i < 7; ++i) {
    *messages[1].add_records() = Historical(
        ValidLicensingRecord("yd-czj", absl::StrCat("限-", i), DaysAgo(30)),
        29);
  }
  sgs::v1::UploadSummary summary;
  const grpc::Status status = Backfill(messages, &summary);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "--max_backfill_batch"))
      << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "最多 4 条"))
      << status.error_message();
  // Where to resume: the earlier message's two records are stored.
  EXPECT_TRUE(absl::StrContains(status.error_message(), "请从第 3 条起"))
      << status.error_message();
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "records");
  EXPECT_TRUE(absl::StartsWith(bad_request.field_violations(0).description(),
                               "too_many:"));
  sgs::v1::Record stored;
  EXPECT_TRUE(Get("units/yd-czj/records/xk/限-1", &stored).ok());
  for (int i = 2; i < 7; ++i) {
    EXPECT_EQ(Get(absl::StrCat("units/yd-czj/records/xk/限-", i), &stored)
                  .error_code(),
              grpc::StatusCode::NOT_FOUND)
        << i;
  }
}

TEST_F(BatchedBackfillTest, AMessageMayNotMixBothForms) {
  std::vector<sgs::v1::BackfillRecordsRequest> messages(1);
  *messages[0].mutable_record() =
      ValidLicensingRecord("yd-czj", "混-0", DaysAgo(30));
  *messages[0].mutable_receipt_time() = ReceivedDaysAgo(29);
  *messages[0].add_records() =
      Historical(ValidLicensingRecord("yd-czj", "混-1", DaysAgo(30)), 29);
  sgs::v1::UploadSummary summary;
  const grpc::Status status = Backfill(messages, &summary);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "records");
  EXPECT_TRUE(absl::StartsWith(bad_request.field_violations(0).description(),
                               "mixed_forms:"));
  sgs::v1::Record stored;
  EXPECT_EQ(Get("units/yd-czj/records/xk/混-0", &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("units/yd-czj/records/xk/混-1", &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// Invalid UTF-8 in one entry of a batch refuses that record alone, by the
// path of the single-record form; the rest of the batch is stored.
TEST_F(BatchedBackfillTest, InvalidUtf8InOneEntryRejectsThatRecordOnly) {
  sgs::v1::BackfillRecordsRequest batch;
  for (int i = 0; i < 3; ++i) {
    sgs::v1::Record record =
        ValidLicensingRecord("yd-jyj", absl::StrCat("码-", i), DaysAgo(30));
    record.mutable_subject()->set_name(i == 1 ? "NAMEMARKER" : "某某公司");
    *batch.add_records() = Historical(record, 29);
  }
  const std::string bytes = SerializedWithInvalidUtf8(batch, "NAMEMARKER");
  sgs::v1::UploadSummary summary;
  const grpc::Status finished = StreamRawMessages(
      server_.address(), "/sgs.v1.IngestService/BackfillRecords", {bytes},
      &summary);
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  EXPECT_EQ(summary.received_count(), 3);
  EXPECT_EQ(summary.created_count(), 2);
  ASSERT_EQ(summary.rejections_size(), 1);
  EXPECT_EQ(summary.rejections(0).index(), 1);
  bool named = false;
  for (const auto& v : summary.rejections(0).violations()) {
    if (v.field() == "record.subject.name") named = true;
  }
  EXPECT_TRUE(named) << summary.DebugString();
}

}  // namespace
}  // namespace sgs::ingest
