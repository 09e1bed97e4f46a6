// The rejected queue clears, and a unit reads the objections against its
// own records: through gRPC on a real port, RocksDB in a temp directory,
// with real bearer tokens (a submitter per unit, a reader, the office).
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/caller_tokens.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using sgs::testing::DaysAgo;
using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using sgs::testing::ValidLicensingRecord;
using State = sgs::v1::ListRejectedSubmissionsRequest;

using sgs::testing::kGajToken;
using sgs::testing::kJyjToken;
using sgs::testing::kOfficeToken;
using sgs::testing::kReaderToken;

// A licensing record of yd-jyj that fails validation (bad credit code).
sgs::v1::Record Bad(const std::string& document_number) {
  sgs::v1::Record record =
      ValidLicensingRecord("yd-jyj", document_number, DaysAgo(2));
  record.mutable_subject()->set_credit_code("91350100M000100Y44");
  return record;
}

sgs::v1::Record Good(const std::string& document_number) {
  return ValidLicensingRecord("yd-jyj", document_number, DaysAgo(2));
}

class RejectedQueueTest : public ::testing::Test {
 protected:
  RejectedQueueTest()
      : server_(dir_.path() + "/db",
                sgs::testing::CallerTokenOptions(dir_.path())) {
    stub_ = server_.NewStub();
  }

  grpc::Status Submit(const sgs::v1::Record& record,
                      sgs::v1::SubmitRecordResponse* response = nullptr) {
    grpc::ClientContext context;
    AddBearerToken(&context, kJyjToken);
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = record;
    sgs::v1::SubmitRecordResponse ignored;
    return stub_->SubmitRecord(&context, request,
                               response != nullptr ? response : &ignored);
  }

  sgs::v1::UploadSummary Upload(const std::vector<sgs::v1::Record>& records) {
    grpc::ClientContext context;
    AddBearerToken(&context, kJyjToken);
    sgs::v1::UploadSummary summary;
    auto writer = stub_->UploadRecords(&context, &summary);
    for (const sgs::v1::Record& record : records) {
      sgs::v1::UploadRecordsRequest request;
      *request.mutable_record() = record;
      EXPECT_TRUE(writer->Write(request));
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return summary;
  }

  grpc::Status ListRejected(const char* token, const std::string& unit,
                            State::StateFilter state,
                            std::vector<sgs::v1::RejectedSubmission>* out) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::ListRejectedSubmissionsRequest request;
    request.set_parent(absl::StrCat("units/", unit));
    request.set_state(state);
    sgs::v1::ListRejectedSubmissionsResponse response;
    grpc::Status status =
        stub_->ListRejectedSubmissions(&context, request, &response);
    out->assign(response.rejected_submissions().begin(),
                response.rejected_submissions().end());
    return status;
  }

  std::vector<sgs::v1::RejectedSubmission> Rejected(State::StateFilter state) {
    std::vector<sgs::v1::RejectedSubmission> out;
    grpc::Status status = ListRejected(kJyjToken, "yd-jyj", state, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // The units as `token` sees them, by code.
  std::map<std::string, sgs::v1::Unit> Units(const char* token) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::ListUnitsResponse response;
    grpc::Status status = stub_->ListUnits(&context, {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::map<std::string, sgs::v1::Unit> units;
    for (const auto& unit : response.units()) units[unit.code()] = unit;
    return units;
  }

  TempDir dir_;
  TestIngestServer server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
};

TEST_F(RejectedQueueTest, CorrectedResendBySubmitResolvesTheRejection) {
  EXPECT_EQ(Submit(Bad("殷教许〔2024〕7号")).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Submit(Bad("殷教许〔2024〕8号")).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(Rejected(State::STATE_FILTER_UNSPECIFIED).size(), 2u);
  EXPECT_EQ(Units(kOfficeToken)["yd-jyj"].open_rejected_count(), 2);

  sgs::v1::SubmitRecordResponse accepted;
  ASSERT_TRUE(Submit(Good("殷教许〔2024〕7号"), &accepted).ok());

  // The default (open) queue keeps only the one not yet fixed.
  std::vector<sgs::v1::RejectedSubmission> open =
      Rejected(State::STATE_FILTER_UNSPECIFIED);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].record().licensing().document_number(),
            "殷教许〔2024〕8号");
  EXPECT_FALSE(open[0].resolved());
  EXPECT_EQ(Rejected(State::OPEN).size(), 1u);

  std::vector<sgs::v1::RejectedSubmission> resolved = Rejected(State::RESOLVED);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_TRUE(resolved[0].resolved());
  EXPECT_EQ(resolved[0].resolved_record(), accepted.record().name());
  EXPECT_EQ(resolved[0].resolved_version(), 1);
  EXPECT_EQ(resolved[0].resolve_time().seconds(),
            accepted.record().update_time().seconds());
  // The violations stay, for the record of what was wrong.
  EXPECT_GE(resolved[0].violations_size(), 1);
  EXPECT_EQ(Rejected(State::ALL).size(), 2u);
  EXPECT_EQ(Units(kOfficeToken)["yd-jyj"].open_rejected_count(), 1);

  // Durable: the resolution survives a restart.
  server_.Restart();
  stub_ = server_.NewStub();
  EXPECT_EQ(Rejected(State::RESOLVED).size(), 1u);
  EXPECT_EQ(Units(kOfficeToken)["yd-jyj"].open_rejected_count(), 1);
}

TEST_F(RejectedQueueTest, CorrectedResendByStreamResolvesTheRejection) {
  sgs::v1::UploadSummary first = Upload({Bad("S-1"), Good("S-2")});
  EXPECT_EQ(first.rejected_count(), 1);
  ASSERT_EQ(Rejected(State::OPEN).size(), 1u);

  // A later stream with the corrected record resolves it; a correction of
  // an accepted record (S-2) resolves nothing.
  sgs::v1::UploadSummary second = Upload({Good("S-2"), Good("S-1")});
  EXPECT_EQ(second.rejected_count(), 0);
  EXPECT_TRUE(Rejected(State::OPEN).empty());
  std::vector<sgs::v1::RejectedSubmission> resolved = Rejected(State::RESOLVED);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].channel(), "UploadRecords");
  EXPECT_EQ(resolved[0].resolved_record(), "units/yd-jyj/records/xk/S-1");
  EXPECT_EQ(resolved[0].resolved_version(), 1);
  EXPECT_EQ(Units(kOfficeToken)["yd-jyj"].open_rejected_count(), 0);
}

TEST_F(RejectedQueueTest, OnlyAnAcceptanceAfterTheRejectionResolvesIt) {
  // In one stream: rejected then accepted → resolved; accepted then a
  // failed correction → the failed correction stays open.
  Upload({Bad("T-1"), Good("T-1"), Good("T-2"), Bad("T-2")});
  std::vector<sgs::v1::RejectedSubmission> open = Rejected(State::OPEN);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].record().licensing().document_number(), "T-2");
  std::vector<sgs::v1::RejectedSubmission> resolved = Rejected(State::RESOLVED);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].record().licensing().document_number(), "T-1");

  // The same in one batch.
  sgs::v1::BatchSubmitRecordsRequest request;
  for (const auto& record :
       {Bad("B-1"), Good("B-1"), Good("B-2"), Bad("B-2")}) {
    *request.add_records() = record;
  }
  grpc::ClientContext context;
  AddBearerToken(&context, kJyjToken);
  sgs::v1::BatchSubmitRecordsResponse response;
  ASSERT_TRUE(stub_->BatchSubmitRecords(&context, request, &response).ok());
  EXPECT_EQ(response.rejected_count(), 2);
  open = Rejected(State::OPEN);
  ASSERT_EQ(open.size(), 2u);
  for (const auto& rejection : open) {
    EXPECT_TRUE(absl::StrContains(
        rejection.record().licensing().document_number(), "-2"))
        << rejection.record().licensing().document_number();
  }
  EXPECT_EQ(Rejected(State::RESOLVED).size(), 2u);
}

TEST_F(RejectedQueueTest, OpenCountIsShownToWhoMayReadTheQueue) {
  ASSERT_EQ(Submit(Bad("C-1")).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  std::map<std::string, sgs::v1::Unit> office = Units(kOfficeToken);
  ASSERT_TRUE(office["yd-jyj"].has_open_rejected_count());
  EXPECT_EQ(office["yd-jyj"].open_rejected_count(), 1);
  ASSERT_TRUE(office["yd-gaj"].has_open_rejected_count());
  EXPECT_EQ(office["yd-gaj"].open_rejected_count(), 0);
  // A submitter sees its own unit's count only; a reader none.
  std::map<std::string, sgs::v1::Unit> own = Units(kJyjToken);
  EXPECT_EQ(own["yd-jyj"].open_rejected_count(), 1);
  EXPECT_FALSE(Units(kGajToken)["yd-jyj"].has_open_rejected_count());
  EXPECT_FALSE(Units(kReaderToken)["yd-jyj"].has_open_rejected_count());
}

TEST_F(RejectedQueueTest, UnknownStateFilterNamesTheField) {
  std::vector<sgs::v1::RejectedSubmission> out;
  grpc::Status status = ListRejected(kJyjToken, "yd-jyj",
                                     static_cast<State::StateFilter>(9), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "state"))
      << status.error_message();
}

TEST_F(RejectedQueueTest, SubmitterReadsObjectionsAgainstItsOwnUnitOnly) {
  sgs::v1::SubmitRecordResponse mine;
  ASSERT_TRUE(Submit(Good("O-1"), &mine).ok());
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kOfficeToken);
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name(mine.record().name());
    request.set_description("相对人名称有误");
    sgs::v1::Objection objection;
    ASSERT_TRUE(stub_->CreateObjection(&context, request, &objection).ok());
  }
  auto list = [this](const char* token, const std::string& parent,
                     sgs::v1::ListObjectionsResponse* response) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::ListObjectionsRequest request;
    request.set_parent(parent);
    return stub_->ListObjections(&context, request, response);
  };
  sgs::v1::ListObjectionsResponse own;
  grpc::Status status = list(kJyjToken, "units/yd-jyj", &own);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(own.objections_size(), 1);
  EXPECT_EQ(own.objections(0).record_name(), mine.record().name());
  EXPECT_EQ(own.objections(0).description(), "相对人名称有误");

  // Another unit's objections, or every unit's: refused, naming the right.
  for (const char* parent : {"units/yd-jyj", "units/-"}) {
    sgs::v1::ListObjectionsResponse other;
    grpc::Status denied = list(kGajToken, parent, &other);
    EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << parent;
    EXPECT_TRUE(absl::StrContains(denied.error_message(), "缺少权限「查看单位"))
        << denied.error_message();
    EXPECT_EQ(other.objections_size(), 0);
  }
  // Readers and the office are unchanged.
  for (const char* token : {kReaderToken, kOfficeToken}) {
    sgs::v1::ListObjectionsResponse all;
    ASSERT_TRUE(list(token, "units/-", &all).ok());
    EXPECT_EQ(all.objections_size(), 1);
  }
}

}  // namespace
}  // namespace sgs::ingest
