// The ingest service driven through gRPC on a real port, with RocksDB in a
// temporary directory.
#include <atomic>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using google::protobuf::util::TimeUtil;
using sgs::testing::Backfill;
using sgs::testing::DaysAgo;
using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using sgs::testing::ValidLicensingRecord;
using sgs::testing::ValidPenaltyRecord;

class IngestServerTest : public ::testing::Test {
 protected:
  IngestServerTest()
      : server_(dir_.path(), ClockedOptions(&clock_offset_ms_)),
        stub_(server_.NewStub()) {}

  // The server's clock is the real time plus an offset a test moves, so a
  // test that needs time to pass moves it instead of sleeping.
  static ingest::IngestServerOptions ClockedOptions(
      const std::atomic<int64_t>* offset_ms) {
    ingest::IngestServerOptions options;
    options.clock = [offset_ms] {
      return absl::Now() + absl::Milliseconds(offset_ms->load());
    };
    return options;
  }
  void AdvanceClock(absl::Duration by) {
    clock_offset_ms_ += absl::ToInt64Milliseconds(by);
  }

  grpc::Status Submit(const sgs::v1::Record& record,
                      sgs::v1::SubmitRecordResponse* response) {
    grpc::ClientContext context;
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = record;
    return stub_->SubmitRecord(&context, request, response);
  }

  grpc::Status Get(const std::string& name, sgs::v1::Record* record) {
    grpc::ClientContext context;
    sgs::v1::GetRecordRequest request;
    request.set_name(name);
    return stub_->GetRecord(&context, request, record);
  }

  std::vector<sgs::v1::Record> ListAll(const std::string& unit,
                                       int page_size = 0,
                                       int* pages = nullptr) {
    return sgs::testing::ListAllRecords(stub_.get(), unit, page_size, pages);
  }

  // Sum of record counts in the aggregates for every unit over all dates.
  int64_t AggregateTotal(sgs::v1::DateBasis basis = sgs::v1::RECEIPT_DATE) {
    grpc::ClientContext context;
    sgs::v1::ListDailyAggregatesRequest request;
    request.set_start_date("2000-01-01");
    request.set_end_date("2099-12-31");
    request.set_date_basis(basis);
    request.set_page_size(10000);
    sgs::v1::ListDailyAggregatesResponse response;
    grpc::Status status =
        stub_->ListDailyAggregates(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    int64_t total = 0;
    for (const auto& aggregate : response.aggregates()) {
      total += aggregate.record_count();
    }
    return total;
  }

  std::vector<sgs::v1::RejectedSubmission> Rejections(const std::string& unit) {
    grpc::ClientContext context;
    sgs::v1::ListRejectedSubmissionsRequest request;
    request.set_parent(absl::StrCat("units/", unit));
    sgs::v1::ListRejectedSubmissionsResponse response;
    grpc::Status status =
        stub_->ListRejectedSubmissions(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.rejected_submissions().begin(),
            response.rejected_submissions().end()};
  }

  std::atomic<int64_t> clock_offset_ms_{0};
  TempDir dir_;
  TestIngestServer server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
};

TEST_F(IngestServerTest, SubmitOneSetsReceiptTimeAndName) {
  const absl::Time before = absl::Now();
  sgs::v1::SubmitRecordResponse response;
  grpc::Status status =
      Submit(ValidLicensingRecord("yd-jyj", "殷教许〔2024〕1号", DaysAgo(2)),
             &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.created());
  const sgs::v1::Record& stored = response.record();
  EXPECT_EQ(stored.name(), "units/yd-jyj/records/xk/殷教许〔2024〕1号");
  EXPECT_EQ(stored.version(), 1);
  const absl::Time receipt = absl::FromUnixMicros(
      TimeUtil::TimestampToMicroseconds(stored.receipt_time()));
  EXPECT_GE(receipt, before - absl::Seconds(1));
  EXPECT_LE(receipt, absl::Now() + absl::Seconds(1));
  EXPECT_EQ(stored.receipt_date(), FormatDate(ChinaDate(receipt)));
  EXPECT_FALSE(stored.concealment_risk());

  sgs::v1::Record fetched;
  ASSERT_TRUE(Get(stored.name(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), stored.SerializeAsString());

  // The same record by unit + kind + 文书号.
  grpc::ClientContext context;
  sgs::v1::GetRecordRequest by_fields;
  by_fields.set_unit_code("yd-jyj");
  by_fields.set_kind(sgs::v1::LICENSING);
  by_fields.set_document_number("殷教许〔2024〕1号");
  sgs::v1::Record again;
  ASSERT_TRUE(stub_->GetRecord(&context, by_fields, &again).ok());
  EXPECT_EQ(again.name(), stored.name());
}

TEST_F(IngestServerTest, ClientCannotSetReceiptTime) {
  sgs::v1::Record record =
      ValidPenaltyRecord("yd-scjdj", "殷市监罚〔2024〕9号", DaysAgo(3));
  *record.mutable_receipt_time() = TimeUtil::SecondsToTimestamp(0);
  record.set_version(77);
  sgs::v1::SubmitRecordResponse response;
  ASSERT_TRUE(Submit(record, &response).ok());
  EXPECT_GT(TimeUtil::TimestampToSeconds(response.record().receipt_time()),
            absl::ToUnixSeconds(absl::Now()) - 60);
  EXPECT_EQ(response.record().version(), 1);
}

TEST_F(IngestServerTest, ResendCorrectsKeepingFirstReceipt) {
  sgs::v1::Record record =
      ValidLicensingRecord("yd-fgw", "殷发改许〔2024〕5号", DaysAgo(10));
  sgs::v1::SubmitRecordResponse first;
  ASSERT_TRUE(Submit(record, &first).ok());
  AdvanceClock(absl::Seconds(1));  // A resend's receipt would differ.

  record.mutable_licensing()->set_content("更正后的许可内容");
  record.mutable_licensing()->set_decision_date(DaysAgo(11));
  sgs::v1::SubmitRecordResponse second;
  ASSERT_TRUE(Submit(record, &second).ok());
  EXPECT_FALSE(second.created());
  EXPECT_EQ(second.record().version(), 2);
  EXPECT_EQ(second.record().receipt_time().SerializeAsString(),
            first.record().receipt_time().SerializeAsString());
  EXPECT_EQ(second.record().licensing().content(), "更正后的许可内容");

  // One record, one count (the aggregate moved to the corrected decision
  // date rather than doubling), and both versions kept.
  EXPECT_EQ(ListAll("yd-fgw").size(), 1u);
  EXPECT_EQ(AggregateTotal(), 1);
  EXPECT_EQ(AggregateTotal(sgs::v1::DECISION_DATE), 1);
  grpc::ClientContext context;
  sgs::v1::ListRecordVersionsRequest request;
  request.set_name(first.record().name());
  sgs::v1::ListRecordVersionsResponse versions;
  ASSERT_TRUE(stub_->ListRecordVersions(&context, request, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 2);
  EXPECT_EQ(versions.versions(0).licensing().content(), "食品经营许可");
  EXPECT_EQ(versions.versions(1).licensing().content(), "更正后的许可内容");
}

TEST_F(IngestServerTest, SameDocumentNumberOfOtherKindIsAnotherRecord) {
  sgs::v1::SubmitRecordResponse a, b;
  ASSERT_TRUE(
      Submit(ValidLicensingRecord("yd-gaj", "X-1", DaysAgo(1)), &a).ok());
  ASSERT_TRUE(Submit(ValidPenaltyRecord("yd-gaj", "X-1", DaysAgo(1)), &b).ok());
  EXPECT_TRUE(b.created());
  EXPECT_EQ(ListAll("yd-gaj").size(), 2u);
}

TEST_F(IngestServerTest, WithdrawKeepsTheRecord) {
  sgs::v1::SubmitRecordResponse submitted;
  ASSERT_TRUE(Submit(ValidLicensingRecord("yd-slj", "殷水许1号", DaysAgo(1)),
                     &submitted)
                  .ok());
  grpc::ClientContext context;
  sgs::v1::WithdrawRecordRequest request;
  request.set_name(submitted.record().name());
  request.set_reason("决定已被撤销");
  sgs::v1::Record withdrawn;
  ASSERT_TRUE(stub_->WithdrawRecord(&context, request, &withdrawn).ok());
  EXPECT_TRUE(withdrawn.withdrawn());
  EXPECT_EQ(withdrawn.version(), 2);
  sgs::v1::Record fetched;
  ASSERT_TRUE(Get(submitted.record().name(), &fetched).ok());
  EXPECT_TRUE(fetched.withdrawn());
  EXPECT_EQ(fetched.withdraw_reason(), "决定已被撤销");

  grpc::ClientContext no_reason_context;
  request.clear_reason();
  grpc::Status status =
      stub_->WithdrawRecord(&no_reason_context, request, &withdrawn);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(IngestServerTest, NonPublicScopeWithoutBasisIsFlaggedNotRejected) {
  sgs::v1::Record record =
      ValidLicensingRecord("yd-wsjkw", "殷卫许2号", DaysAgo(1));
  record.set_disclosure_scope(sgs::v1::GOVERNMENT_SHARING);
  sgs::v1::SubmitRecordResponse response;
  ASSERT_TRUE(Submit(record, &response).ok());
  EXPECT_TRUE(response.record().concealment_risk());

  record.mutable_licensing()->set_document_number("殷卫许3号");
  record.set_scope_legal_basis("《个人信息保护法》第十三条");
  ASSERT_TRUE(Submit(record, &response).ok());
  EXPECT_FALSE(response.record().concealment_risk());

  grpc::ClientContext context;
  sgs::v1::ListDailyAggregatesRequest request;
  request.set_unit_code("yd-wsjkw");
  request.set_start_date(DaysAgo(30));
  request.set_end_date(DaysAgo(-1));
  sgs::v1::ListDailyAggregatesResponse aggregates;
  ASSERT_TRUE(stub_->ListDailyAggregates(&context, request, &aggregates).ok());
  int64_t count = 0, risk = 0;
  for (const auto& aggregate : aggregates.aggregates()) {
    count += aggregate.record_count();
    risk += aggregate.concealment_risk_count();
  }
  EXPECT_EQ(count, 2);
  EXPECT_EQ(risk, 1);
}

TEST_F(IngestServerTest, BatchAnswersPerRecord) {
  sgs::v1::BatchSubmitRecordsRequest request;
  *request.add_records() =
      ValidLicensingRecord("yd-yjj", "殷应急许1号", DaysAgo(2));
  sgs::v1::Record bad =
      ValidLicensingRecord("yd-yjj", "殷应急许2号", DaysAgo(2));
  bad.mutable_subject()->set_credit_code("91350100M000100Y44");
  *request.add_records() = bad;
  *request.add_records() =
      ValidPenaltyRecord("yd-yjj", "殷应急罚1号", DaysAgo(2));
  grpc::ClientContext context;
  sgs::v1::BatchSubmitRecordsResponse response;
  ASSERT_TRUE(stub_->BatchSubmitRecords(&context, request, &response).ok());
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.accepted_count(), 2);
  EXPECT_EQ(response.rejected_count(), 1);
  EXPECT_EQ(response.results(0).status().code(), 0);
  EXPECT_TRUE(response.results(0).created());
  EXPECT_EQ(response.results(1).status().code(),
            static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  ASSERT_GE(response.results(1).violations_size(), 1);
  EXPECT_EQ(response.results(1).violations(0).field(), "subject.credit_code");
  EXPECT_EQ(response.results(1).document_number(), "殷应急许2号");
  EXPECT_EQ(response.results(2).name(), "units/yd-yjj/records/cf/殷应急罚1号");
  EXPECT_EQ(ListAll("yd-yjj").size(), 2u);
  std::vector<sgs::v1::RejectedSubmission> rejected = Rejections("yd-yjj");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].channel(), "BatchSubmitRecords");
  EXPECT_EQ(rejected[0].record().licensing().document_number(), "殷应急许2号");
}

TEST_F(IngestServerTest, BatchOverTheLimitIsRefusedWhole) {
  sgs::v1::BatchSubmitRecordsRequest request;
  for (int i = 0; i < 1001; ++i) {
    *request.add_records() =
        ValidLicensingRecord("yd-lyj", absl::StrCat("L", i), DaysAgo(1));
  }
  grpc::ClientContext context;
  sgs::v1::BatchSubmitRecordsResponse response;
  grpc::Status status = stub_->BatchSubmitRecords(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(ListAll("yd-lyj").empty());
}

TEST_F(IngestServerTest, StreamUploadSummarisesAndListsEveryRejection) {
  grpc::ClientContext context;
  sgs::v1::UploadSummary summary;
  auto writer = stub_->UploadRecords(&context, &summary);
  constexpr int kRecords = 2500;  // More than one write chunk.
  std::set<int64_t> bad_indexes;
  for (int i = 0; i < kRecords; ++i) {
    sgs::v1::UploadRecordsRequest request;
    *request.mutable_record() = ValidPenaltyRecord(
        "yd-cgj", absl::StrCat("殷城管罚〔2024〕", i, "号"), DaysAgo(i % 20));
    if (i % 500 == 7) {
      request.mutable_record()->mutable_penalty()->clear_fine_amount();
      bad_indexes.insert(i);
    }
    ASSERT_TRUE(writer->Write(request));
  }
  // The first record again, corrected, at the end of the stream.
  sgs::v1::UploadRecordsRequest again;
  *again.mutable_record() =
      ValidPenaltyRecord("yd-cgj", "殷城管罚〔2024〕0号", DaysAgo(0));
  ASSERT_TRUE(writer->Write(again));
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(summary.received_count(), kRecords + 1);
  EXPECT_EQ(summary.rejected_count(), 5);
  EXPECT_EQ(summary.created_count(), kRecords - 5);
  EXPECT_EQ(summary.corrected_count(), 1);
  ASSERT_EQ(summary.rejections_size(), 5);
  for (const auto& rejection : summary.rejections()) {
    EXPECT_TRUE(bad_indexes.count(rejection.index())) << rejection.index();
    ASSERT_EQ(rejection.violations_size(), 1);
    EXPECT_EQ(rejection.violations(0).field(), "penalty.fine_amount");
  }
  EXPECT_EQ(ListAll("yd-cgj", 1000).size(), kRecords - 5u);
  EXPECT_EQ(AggregateTotal(), kRecords - 5);
  EXPECT_EQ(Rejections("yd-cgj").size(), 5u);
}

TEST_F(IngestServerTest, BackfillKeepsHistoricalReceiptTimes) {
  // 2024-07-31 23:30 Beijing time is 15:30 UTC: a July record.
  sgs::v1::BackfillRecordsRequest july;
  *july.mutable_record() =
      ValidLicensingRecord("yd-jtysj", "殷交许7号", "2024-07-25");
  ASSERT_TRUE(TimeUtil::FromString("2024-07-31T15:30:00Z",
                                   july.mutable_receipt_time()));
  // No receipt time: rejected with the field named.
  sgs::v1::BackfillRecordsRequest missing;
  *missing.mutable_record() =
      ValidLicensingRecord("yd-jtysj", "殷交许8号", "2024-07-25");
  // Received before its decision date: rejected.
  sgs::v1::BackfillRecordsRequest early;
  *early.mutable_record() =
      ValidLicensingRecord("yd-jtysj", "殷交许9号", "2024-07-25");
  ASSERT_TRUE(TimeUtil::FromString("2024-07-20T01:00:00Z",
                                   early.mutable_receipt_time()));
  sgs::v1::UploadSummary summary;
  ASSERT_TRUE(Backfill(stub_.get(), {july, missing, early}, &summary).ok());
  EXPECT_EQ(summary.created_count(), 1);
  ASSERT_EQ(summary.rejections_size(), 2);
  EXPECT_EQ(summary.rejections(0).violations(0).field(), "receipt_time");
  EXPECT_EQ(summary.rejections(1).violations(0).field(),
            "licensing.decision_date");

  sgs::v1::Record stored;
  ASSERT_TRUE(Get("units/yd-jtysj/records/xk/殷交许7号", &stored).ok());
  EXPECT_EQ(stored.receipt_date(), "2024-07-31");

  // A later live resend keeps the historical first receipt.
  sgs::v1::SubmitRecordResponse resent;
  ASSERT_TRUE(Submit(july.record(), &resent).ok());
  EXPECT_FALSE(resent.created());
  EXPECT_EQ(resent.record().receipt_date(), "2024-07-31");

  // A back-fill of an earlier platform receipt moves it back (and the
  // record to the earlier date's key and aggregates).
  sgs::v1::BackfillRecordsRequest earlier = july;
  ASSERT_TRUE(TimeUtil::FromString("2024-07-28T02:00:00Z",
                                   earlier.mutable_receipt_time()));
  sgs::v1::UploadSummary summary2;
  ASSERT_TRUE(Backfill(stub_.get(), {earlier}, &summary2).ok());
  EXPECT_EQ(summary2.corrected_count(), 1);
  std::vector<sgs::v1::Record> listed = ListAll("yd-jtysj");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].receipt_date(), "2024-07-28");
  EXPECT_EQ(AggregateTotal(), 1);
}

TEST_F(IngestServerTest, ListingPaginatesInReceiptDateOrder) {
  // Back-filled over 25 different days, sent in scrambled order.
  std::vector<sgs::v1::BackfillRecordsRequest> requests(25);
  for (int i = 0; i < 25; ++i) {
    int day = (i * 7) % 25 + 1;
    *requests[i].mutable_record() = ValidLicensingRecord(
        "yd-czj", absl::StrCat("殷财许", day, "号"),
        absl::StrCat("2024-05-", day < 10 ? "0" : "", day));
    ASSERT_TRUE(TimeUtil::FromString(
        absl::StrCat("2024-05-", day < 10 ? "0" : "", day, "T04:00:00Z"),
        requests[i].mutable_receipt_time()));
  }
  sgs::v1::UploadSummary summary;
  ASSERT_TRUE(Backfill(stub_.get(), requests, &summary).ok());
  ASSERT_EQ(summary.created_count(), 25);

  int pages = 0;
  std::vector<sgs::v1::Record> records = ListAll("yd-czj", 10, &pages);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(records.size(), 25u);
  for (size_t i = 1; i < records.size(); ++i) {
    EXPECT_LE(records[i - 1].receipt_date(), records[i].receipt_date());
  }

  // A date range.
  grpc::ClientContext range_context;
  sgs::v1::ListRecordsRequest request;
  request.set_parent("units/yd-czj");
  request.set_start_date("2024-05-10");
  request.set_end_date("2024-05-14");
  sgs::v1::ListRecordsResponse response;
  ASSERT_TRUE(stub_->ListRecords(&range_context, request, &response).ok());
  EXPECT_EQ(response.records_size(), 5);
  EXPECT_TRUE(response.next_page_token().empty());

  // A token from another query is refused.
  grpc::ClientContext bad_context;
  request.set_parent("units/yd-jyj");
  request.set_page_token("bm90LWEtdG9rZW4");
  grpc::Status status = stub_->ListRecords(&bad_context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(IngestServerTest, RestartKeepsEverything) {
  sgs::v1::SubmitRecordResponse submitted;
  ASSERT_TRUE(
      Submit(ValidLicensingRecord("yd-zfcxjsj", "殷住建许1号", DaysAgo(4)),
             &submitted)
          .ok());
  sgs::v1::Record bad = ValidLicensingRecord("yd-zfcxjsj", "坏", DaysAgo(4));
  bad.mutable_licensing()->clear_content();
  sgs::v1::SubmitRecordResponse ignored;
  ASSERT_FALSE(Submit(bad, &ignored).ok());

  server_.Restart();
  stub_ = server_.NewStub();

  sgs::v1::Record fetched;
  ASSERT_TRUE(Get(submitted.record().name(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(),
            submitted.record().SerializeAsString());
  EXPECT_EQ(AggregateTotal(), 1);
  EXPECT_EQ(Rejections("yd-zfcxjsj").size(), 1u);
}

TEST_F(IngestServerTest, ObjectionsAndFindings) {
  sgs::v1::SubmitRecordResponse submitted;
  ASSERT_TRUE(Submit(ValidPenaltyRecord("yd-scjdj", "殷市监罚1号", DaysAgo(5)),
                     &submitted)
                  .ok());
  sgs::v1::Objection objection;
  {
    grpc::ClientContext context;
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name(submitted.record().name());
    request.set_description("当事人名称有误");
    ASSERT_TRUE(stub_->CreateObjection(&context, request, &objection).ok());
  }
  EXPECT_EQ(objection.outcome(), sgs::v1::PENDING);
  EXPECT_EQ(objection.unit_code(), "yd-scjdj");
  {
    grpc::ClientContext context;
    sgs::v1::ResolveObjectionRequest request;
    request.set_name(objection.name());
    request.set_outcome(sgs::v1::UPHELD);
    request.set_resolution_note("核实属实，已更正");
    ASSERT_TRUE(stub_->ResolveObjection(&context, request, &objection).ok());
    EXPECT_EQ(objection.outcome(), sgs::v1::UPHELD);
    EXPECT_TRUE(objection.has_resolve_time());
  }
  {
    // Resolved once only.
    grpc::ClientContext context;
    sgs::v1::ResolveObjectionRequest request;
    request.set_name(objection.name());
    request.set_outcome(sgs::v1::DISMISSED);
    sgs::v1::Objection again;
    EXPECT_EQ(stub_->ResolveObjection(&context, request, &again).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
  {
    // An objection needs an existing record.
    grpc::ClientContext context;
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name("units/yd-scjdj/records/cf/不存在");
    request.set_description("x");
    sgs::v1::Objection none;
    EXPECT_EQ(stub_->CreateObjection(&context, request, &none).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext context;
    sgs::v1::ListObjectionsRequest request;
    request.set_parent("units/-");
    sgs::v1::ListObjectionsResponse response;
    ASSERT_TRUE(stub_->ListObjections(&context, request, &response).ok());
    ASSERT_EQ(response.objections_size(), 1);
    EXPECT_EQ(response.objections(0).outcome(), sgs::v1::UPHELD);
  }

  sgs::v1::SpotCheckFinding finding;
  {
    grpc::ClientContext context;
    sgs::v1::CreateSpotCheckFindingRequest request;
    request.mutable_finding()->set_unit_code("yd-nyncj");
    request.mutable_finding()->set_source(sgs::v1::PROVINCIAL);
    request.mutable_finding()->set_kind(sgs::v1::PENALTY);
    request.mutable_finding()->set_document_number("殷农罚〔2024〕3号");
    request.mutable_finding()->set_decision_date("2024-06-03");
    request.mutable_finding()->set_found_date("2024-07-15");
    request.mutable_finding()->set_description("省级月度抽查发现应报未报");
    ASSERT_TRUE(
        stub_->CreateSpotCheckFinding(&context, request, &finding).ok());
    EXPECT_TRUE(
        absl::StartsWith(finding.name(), "units/yd-nyncj/spotCheckFindings/"));
  }
  {
    grpc::ClientContext context;
    sgs::v1::CreateSpotCheckFindingRequest request;
    request.mutable_finding()->set_unit_code("nope");
    request.mutable_finding()->set_found_date("2024-13-01");
    sgs::v1::SpotCheckFinding bad;
    grpc::Status status =
        stub_->CreateSpotCheckFinding(&context, request, &bad);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    google::rpc::Status details;
    ASSERT_TRUE(details.ParseFromString(status.error_details()));
    google::rpc::BadRequest bad_request;
    ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
    std::set<std::string> fields;
    for (const auto& v : bad_request.field_violations()) {
      fields.insert(v.field());
    }
    EXPECT_EQ(fields,
              (std::set<std::string>{"finding.unit_code", "finding.source",
                                     "finding.found_date"}));
  }
  for (const auto& [start, end, expected] :
       std::vector<std::tuple<std::string, std::string, int>>{
           {"2024-07-01", "2024-07-31", 1}, {"2024-08-01", "2024-08-31", 0}}) {
    grpc::ClientContext context;
    sgs::v1::ListSpotCheckFindingsRequest request;
    request.set_parent("units/-");
    request.set_start_date(start);
    request.set_end_date(end);
    sgs::v1::ListSpotCheckFindingsResponse response;
    ASSERT_TRUE(
        stub_->ListSpotCheckFindings(&context, request, &response).ok());
    EXPECT_EQ(response.findings_size(), expected) << start;
  }
}

TEST_F(IngestServerTest, ListUnitsServesTheRegistry) {
  grpc::ClientContext context;
  sgs::v1::ListUnitsRequest request;
  sgs::v1::ListUnitsResponse response;
  ASSERT_TRUE(stub_->ListUnits(&context, request, &response).ok());
  EXPECT_EQ(response.units_size(), 35);
  int departments = 0;
  for (const auto& unit : response.units()) {
    if (unit.kind() == sgs::v1::DEPARTMENT) ++departments;
  }
  EXPECT_EQ(departments, 25);
  EXPECT_EQ(response.units(0).official_name(), "殷都区教育局");

  grpc::ClientContext townships_context;
  request.set_kind(sgs::v1::TOWNSHIP);
  ASSERT_TRUE(stub_->ListUnits(&townships_context, request, &response).ok());
  EXPECT_EQ(response.units_size(), 10);
}

TEST_F(IngestServerTest, HealthIsServing) {
  auto channel = grpc::CreateChannel(server_.address(),
                                     grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

}  // namespace
}  // namespace sgs::ingest
