// Acceptance results tell a unit at once that a record was flagged a
// concealment risk (瞒报风险) and why: SubmitRecord's response, each result
// of BatchSubmitRecords, and the summary of UploadRecords. Through gRPC on
// a real port, RocksDB in a temporary directory.
#include <string>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using ::sgs::testing::ValidLicensingRecord;
using ::sgs::testing::ValidPenaltyRecord;
using ::testing::HasSubstr;

std::string Yesterday() { return FormatDate(ChinaDate(absl::Now()) - 1); }

sgs::v1::Record Risky(const std::string& document_number) {
  sgs::v1::Record record =
      ValidPenaltyRecord("yd-scjdj", document_number, Yesterday());
  record.set_disclosure_scope(sgs::v1::GOVERNMENT_SHARING);
  return record;
}

class AcceptanceResultsTest : public ::testing::Test {
 protected:
  AcceptanceResultsTest() : server_(dir_.path()), stub_(server_.NewStub()) {}
  sgs::testing::TempDir dir_;
  sgs::testing::TestIngestServer server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
};

TEST_F(AcceptanceResultsTest, SubmitSaysWhenAndWhyARecordIsAConcealmentRisk) {
  grpc::ClientContext context;
  sgs::v1::SubmitRecordRequest request;
  *request.mutable_record() = Risky("殷市监罚〔2024〕1号");
  sgs::v1::SubmitRecordResponse response;
  ASSERT_TRUE(stub_->SubmitRecord(&context, request, &response).ok());
  EXPECT_TRUE(response.concealment_risk());
  EXPECT_TRUE(response.record().concealment_risk());
  EXPECT_THAT(response.concealment_reason(), HasSubstr("政务共享"));
  EXPECT_THAT(response.concealment_reason(), HasSubstr("GKYJ"));

  // With the legal basis the correction clears the flag and the reason.
  grpc::ClientContext again;
  request.mutable_record()->set_scope_legal_basis(
      "《政府信息公开条例》第十四条");
  ASSERT_TRUE(stub_->SubmitRecord(&again, request, &response).ok());
  EXPECT_FALSE(response.concealment_risk());
  EXPECT_EQ(response.concealment_reason(), "");
}

TEST_F(AcceptanceResultsTest, BatchResultsFlagEachRiskyRecord) {
  grpc::ClientContext context;
  sgs::v1::BatchSubmitRecordsRequest request;
  *request.add_records() =
      ValidLicensingRecord("yd-scjdj", "殷市监许〔2024〕1号", Yesterday());
  *request.add_records() = Risky("殷市监罚〔2024〕2号");
  sgs::v1::BatchSubmitRecordsResponse response;
  ASSERT_TRUE(stub_->BatchSubmitRecords(&context, request, &response).ok());
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_FALSE(response.results(0).concealment_risk());
  EXPECT_TRUE(response.results(1).concealment_risk());
  EXPECT_THAT(response.results(1).concealment_reason(), HasSubstr("瞒报风险"));
}

TEST_F(AcceptanceResultsTest, StreamSummaryListsRiskyRecordsWithTheirIndex) {
  grpc::ClientContext context;
  sgs::v1::UploadSummary summary;
  auto writer = stub_->UploadRecords(&context, &summary);
  sgs::v1::UploadRecordsRequest request;
  *request.mutable_record() =
      ValidLicensingRecord("yd-scjdj", "殷市监许〔2024〕2号", Yesterday());
  ASSERT_TRUE(writer->Write(request));
  *request.mutable_record() = Risky("殷市监罚〔2024〕3号");
  ASSERT_TRUE(writer->Write(request));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(summary.created_count(), 2);
  EXPECT_EQ(summary.concealment_risk_count(), 1);
  ASSERT_EQ(summary.concealment_risks_size(), 1);
  EXPECT_EQ(summary.concealment_risks(0).index(), 1);
  EXPECT_EQ(summary.concealment_risks(0).document_number(),
            "殷市监罚〔2024〕3号");
  EXPECT_EQ(summary.concealment_risks(0).name(),
            "units/yd-scjdj/records/cf/殷市监罚〔2024〕3号");
  EXPECT_THAT(summary.concealment_risks(0).concealment_reason(),
              HasSubstr("非社会公开的法律依据"));
}

}  // namespace
}  // namespace sgs::ingest
