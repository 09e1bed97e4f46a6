// Access control, TLS and the audit trail of the ingest service, through
// gRPC on a real port.
#include "common/auth.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/tls.h"
#include "google/protobuf/util/time_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/caller_tokens.h"
#include "tests/support/certificates.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using google::protobuf::util::TimeUtil;
using sgs::testing::Certificates;
using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using sgs::testing::ValidLicensingRecord;

using sgs::testing::kGajToken;
using sgs::testing::kJyjToken;
using sgs::testing::kOfficeToken;
using sgs::testing::kReaderToken;

std::string Yesterday() { return FormatDate(ChinaDate(absl::Now()) - 1); }

class AuthTest : public ::testing::Test {
 protected:
  AuthTest()
      : server_(dir_.path() + "/db",
                sgs::testing::CallerTokenOptions(dir_.path())) {
    stub_ = server_.NewStub();
  }

  grpc::Status Submit(const char* token, const sgs::v1::Record& record,
                      sgs::v1::SubmitRecordResponse* response = nullptr) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = record;
    sgs::v1::SubmitRecordResponse ignored;
    return stub_->SubmitRecord(&context, request,
                               response ? response : &ignored);
  }

  grpc::Status Get(const char* token, const std::string& name) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::GetRecordRequest request;
    request.set_name(name);
    sgs::v1::Record record;
    return stub_->GetRecord(&context, request, &record);
  }

  TempDir dir_;
  TestIngestServer server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
};

TEST_F(AuthTest, NoOrBadTokenIsUnauthenticated) {
  auto record = ValidLicensingRecord("yd-jyj", "A-1", Yesterday());
  EXPECT_EQ(Submit("", record).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Submit("not-a-token", record).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Basic abc");
  sgs::v1::ListUnitsResponse units;
  EXPECT_EQ(stub_->ListUnits(&context, {}, &units).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthTest, HealthStaysOpen) {
  auto health = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
      server_.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, {}, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(AuthTest, UnitCannotWriteOrReadAnotherUnitsRecords) {
  sgs::v1::SubmitRecordResponse mine;
  ASSERT_TRUE(Submit(kJyjToken,
                     ValidLicensingRecord("yd-jyj", "J-1", Yesterday()), &mine)
                  .ok());
  // Write another unit's record: refused, naming the right.
  grpc::Status denied =
      Submit(kGajToken, ValidLicensingRecord("yd-jyj", "J-2", Yesterday()));
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(absl::StrContains(denied.error_message(), "缺少权限"))
      << denied.error_message();
  // ... and not even queued in the other unit's rejected queue.
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kJyjToken);
    sgs::v1::ListRejectedSubmissionsRequest request;
    request.set_parent("units/yd-jyj");
    sgs::v1::ListRejectedSubmissionsResponse response;
    ASSERT_TRUE(
        stub_->ListRejectedSubmissions(&context, request, &response).ok());
    EXPECT_EQ(response.rejected_submissions_size(), 0);
  }
  // Correct or withdraw it: refused.
  sgs::v1::Record correction =
      ValidLicensingRecord("yd-jyj", "J-1", Yesterday());
  EXPECT_EQ(Submit(kGajToken, correction).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kGajToken);
    sgs::v1::WithdrawRecordRequest request;
    request.set_name(mine.record().name());
    request.set_reason("x");
    sgs::v1::Record out;
    EXPECT_EQ(stub_->WithdrawRecord(&context, request, &out).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  // Read it: refused; its own unit can.
  EXPECT_EQ(Get(kGajToken, mine.record().name()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Get(kJyjToken, mine.record().name()).ok());
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kGajToken);
    sgs::v1::ListRecordsRequest request;
    request.set_parent("units/yd-jyj");
    sgs::v1::ListRecordsResponse response;
    EXPECT_EQ(stub_->ListRecords(&context, request, &response).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  // A batch mixing units: only the foreign record is refused.
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kJyjToken);
    sgs::v1::BatchSubmitRecordsRequest request;
    *request.add_records() = ValidLicensingRecord("yd-jyj", "J-3", Yesterday());
    *request.add_records() = ValidLicensingRecord("yd-gaj", "G-3", Yesterday());
    sgs::v1::BatchSubmitRecordsResponse response;
    ASSERT_TRUE(stub_->BatchSubmitRecords(&context, request, &response).ok());
    EXPECT_EQ(response.results(0).status().code(), 0);
    EXPECT_EQ(response.results(1).status().code(),
              static_cast<int>(grpc::StatusCode::PERMISSION_DENIED));
    EXPECT_EQ(response.accepted_count(), 1);
  }
  EXPECT_EQ(Get(kOfficeToken, "units/yd-gaj/records/xk/G-3").error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AuthTest, UnitCannotSetReceiptTime) {
  grpc::ClientContext context;
  AddBearerToken(&context, kJyjToken);
  sgs::v1::UploadSummary summary;
  auto writer = stub_->BackfillRecords(&context, &summary);
  sgs::v1::BackfillRecordsRequest request;
  *request.mutable_record() =
      ValidLicensingRecord("yd-jyj", "B-1", "2024-07-01");
  ASSERT_TRUE(TimeUtil::FromString("2024-07-02T00:00:00Z",
                                   request.mutable_receipt_time()));
  writer->Write(request);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(absl::StrContains(status.error_message(), "回填历史归集时间"));
  EXPECT_EQ(Get(kOfficeToken, "units/yd-jyj/records/xk/B-1").error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AuthTest, ReaderReadsButCannotWrite) {
  ASSERT_TRUE(
      Submit(kJyjToken, ValidLicensingRecord("yd-jyj", "R-1", Yesterday()))
          .ok());
  EXPECT_EQ(
      Submit(kReaderToken, ValidLicensingRecord("yd-jyj", "R-2", Yesterday()))
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Get(kReaderToken, "units/yd-jyj/records/xk/R-1").ok());
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kReaderToken);
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name("units/yd-jyj/records/xk/R-1");
    request.set_description("x");
    sgs::v1::Objection objection;
    EXPECT_EQ(
        stub_->CreateObjection(&context, request, &objection).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kReaderToken);
    sgs::v1::ListDailyAggregatesRequest request;
    request.set_start_date("2000-01-01");
    request.set_end_date("2099-12-31");
    sgs::v1::ListDailyAggregatesResponse response;
    ASSERT_TRUE(stub_->ListDailyAggregates(&context, request, &response).ok());
    EXPECT_EQ(response.aggregates_size(), 1);
  }
  {
    // The audit trail is the credit office's.
    grpc::ClientContext context;
    AddBearerToken(&context, kReaderToken);
    sgs::v1::ListAuditEntriesRequest request;
    request.set_parent("units/-");
    sgs::v1::ListAuditEntriesResponse response;
    EXPECT_EQ(
        stub_->ListAuditEntries(&context, request, &response).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_F(AuthTest, AuditTrailListsEveryKindOfWrite) {
  sgs::v1::SubmitRecordResponse created;
  auto record = ValidLicensingRecord("yd-jyj", "AU-1", Yesterday());
  ASSERT_TRUE(Submit(kJyjToken, record, &created).ok());
  record.mutable_licensing()->set_content("更正后的内容");
  ASSERT_TRUE(Submit(kJyjToken, record).ok());
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kJyjToken);
    sgs::v1::WithdrawRecordRequest request;
    request.set_name(created.record().name());
    request.set_reason("决定被撤销");
    sgs::v1::Record out;
    ASSERT_TRUE(stub_->WithdrawRecord(&context, request, &out).ok());
  }
  sgs::v1::Objection objection;
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kOfficeToken);
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name(created.record().name());
    request.set_description("名称有误");
    ASSERT_TRUE(stub_->CreateObjection(&context, request, &objection).ok());
  }
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kOfficeToken);
    sgs::v1::ResolveObjectionRequest request;
    request.set_name(objection.name());
    request.set_outcome(sgs::v1::UPHELD);
    ASSERT_TRUE(stub_->ResolveObjection(&context, request, &objection).ok());
  }
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kOfficeToken);
    sgs::v1::CreateSpotCheckFindingRequest request;
    request.mutable_finding()->set_unit_code("yd-jyj");
    request.mutable_finding()->set_source(sgs::v1::NATIONAL);
    request.mutable_finding()->set_found_date(Yesterday());
    sgs::v1::SpotCheckFinding finding;
    ASSERT_TRUE(
        stub_->CreateSpotCheckFinding(&context, request, &finding).ok());
  }
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kOfficeToken);
    sgs::v1::UploadSummary summary;
    auto writer = stub_->BackfillRecords(&context, &summary);
    sgs::v1::BackfillRecordsRequest request;
    *request.mutable_record() =
        ValidLicensingRecord("yd-jyj", "AU-2", "2024-07-01");
    ASSERT_TRUE(TimeUtil::FromString("2024-07-02T01:00:00Z",
                                     request.mutable_receipt_time()));
    writer->Write(request);
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    ASSERT_EQ(summary.created_count(), 1);
  }

  grpc::ClientContext context;
  AddBearerToken(&context, kOfficeToken);
  sgs::v1::ListAuditEntriesRequest request;
  request.set_parent("units/yd-jyj");
  sgs::v1::ListAuditEntriesResponse response;
  ASSERT_TRUE(stub_->ListAuditEntries(&context, request, &response).ok());
  std::vector<sgs::v1::AuditAction> actions;
  for (const auto& entry : response.audit_entries()) {
    actions.push_back(entry.action());
    EXPECT_FALSE(entry.peer().empty());
    EXPECT_TRUE(entry.has_time());
  }
  EXPECT_EQ(actions, (std::vector<sgs::v1::AuditAction>{
                         sgs::v1::RECORD_CREATE, sgs::v1::RECORD_CORRECT,
                         sgs::v1::RECORD_WITHDRAW, sgs::v1::OBJECTION_CREATE,
                         sgs::v1::OBJECTION_RESOLVE, sgs::v1::FINDING_CREATE,
                         sgs::v1::RECORD_BACKFILL_CREATE}));
  const auto& correction = response.audit_entries(1);
  EXPECT_EQ(correction.actor(), "教育局报送系统");
  EXPECT_EQ(correction.actor_role(), "SUBMITTER");
  ASSERT_EQ(correction.changed_fields_size(), 1);
  EXPECT_EQ(correction.changed_fields(0), "licensing.content");
  EXPECT_EQ(response.audit_entries(3).actor(), "区信用办");
  EXPECT_TRUE(absl::StrContains(response.audit_entries(6).detail(),
                                "2024-07-02 09:00:00"));

  // One record's trail.
  grpc::ClientContext record_context;
  AddBearerToken(&record_context, kOfficeToken);
  request.set_target(created.record().name());
  ASSERT_TRUE(
      stub_->ListAuditEntries(&record_context, request, &response).ok());
  EXPECT_EQ(response.audit_entries_size(), 3);
}

int ListUnitsCode(const std::string& address,
                  std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  auto stub = sgs::v1::IngestService::NewStub(
      grpc::CreateCustomChannel(address, credentials, args));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  sgs::v1::ListUnitsResponse response;
  return stub->ListUnits(&context, {}, &response).error_code();
}

TEST(TlsTest, TlsAndMutualTls) {
  TempDir dir;
  Certificates certificates(dir.path());
  ASSERT_TRUE(certificates.ok()) << "openssl failed";

  IngestServerOptions tls;
  tls.tls.cert_path = certificates.path("server.pem");
  tls.tls.key_path = certificates.path("server.key");
  {
    TestIngestServer server(dir.path() + "/tls-db", tls);
    auto trusting = ChannelCredentials({certificates.path("ca.pem"), "", ""});
    ASSERT_TRUE(trusting.ok());
    EXPECT_EQ(ListUnitsCode(server.address(), *trusting), grpc::StatusCode::OK);
    // A plaintext client is refused.
    EXPECT_EQ(
        ListUnitsCode(server.address(), grpc::InsecureChannelCredentials()),
        grpc::StatusCode::UNAVAILABLE);
  }

  IngestServerOptions mtls = tls;
  mtls.tls.client_ca_path = certificates.path("ca.pem");
  TestIngestServer server(dir.path() + "/mtls-db", mtls);
  auto without_certificate =
      ChannelCredentials({certificates.path("ca.pem"), "", ""});
  ASSERT_TRUE(without_certificate.ok());
  EXPECT_NE(ListUnitsCode(server.address(), *without_certificate),
            grpc::StatusCode::OK);
  auto with_certificate = ChannelCredentials({certificates.path("ca.pem"),
                                              certificates.path("client.pem"),
                                              certificates.path("client.key")});
  ASSERT_TRUE(with_certificate.ok());
  EXPECT_EQ(ListUnitsCode(server.address(), *with_certificate),
            grpc::StatusCode::OK);
}

}  // namespace
}  // namespace sgs::ingest
