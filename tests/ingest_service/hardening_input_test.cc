// Hostile and careless input through the real RPC (a real port, RocksDB on
// disk; issue 10, findings 7 and 10–15, 18): every request is answered
// with a clear INVALID_ARGUMENT naming the field, costs bounded memory, and
// nothing stored carries more than the schema knows.
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "common/tls.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/client_unary_call.h"
#include "grpcpp/impl/rpc_method.h"
#include "gtest/gtest.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using sgs::testing::BadRequestOf;
using sgs::testing::DaysAgo;
using sgs::testing::SerializedWithInvalidUtf8;
using sgs::testing::StreamRawMessages;
using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using sgs::testing::ValidLicensingRecord;
using sgs::testing::ValidPenaltyRecord;

bool HasViolation(const google::rpc::BadRequest& bad_request,
                  const std::string& field, const std::string& rule) {
  for (const auto& v : bad_request.field_violations()) {
    if (v.field() == field && absl::StartsWith(v.description(), rule + ":")) {
      return true;
    }
  }
  return false;
}

class HardeningInputTest : public ::testing::Test {
 protected:
  HardeningInputTest() : server_(dir_.path()), stub_(server_.NewStub()) {}

  grpc::Status Submit(const sgs::v1::Record& record,
                      sgs::v1::SubmitRecordResponse* response = nullptr) {
    grpc::ClientContext context;
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = record;
    sgs::v1::SubmitRecordResponse ignored;
    return stub_->SubmitRecord(&context, request,
                               response != nullptr ? response : &ignored);
  }

  TempDir dir_;
  TestIngestServer server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
};

// Finding 7: 10^6 repeated penalty categories (a 1 MB request) give a
// bounded error that a default client (8 KiB metadata limit) reads, and a
// rejected-queue entry whose page is readable.
TEST_F(HardeningInputTest, ViolationsAreBoundedForADefaultClient) {
  sgs::v1::Record record = ValidPenaltyRecord("yd-scjdj", "MANY", DaysAgo(2));
  for (int i = 0; i < 1000000; ++i) {
    record.mutable_penalty()->add_categories(
        static_cast<sgs::v1::PenaltyCategory>(99));
  }
  const grpc::Status status = Submit(record);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_code() << " " << status.error_message();
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  EXPECT_LE(bad_request.field_violations_size(), kMaxViolationsPerRecord + 1);
  EXPECT_TRUE(HasViolation(bad_request, "penalty.categories", "too_many"))
      << bad_request.DebugString();
  ASSERT_TRUE(HasViolation(bad_request, "record", "more_violations"))
      << bad_request.DebugString();
  EXPECT_TRUE(absl::StrContains(
      bad_request.field_violations(bad_request.field_violations_size() - 1)
          .description(),
      "及其他"));
  EXPECT_LT(status.error_details().size() + status.error_message().size(),
            8192u);

  grpc::ClientContext context;
  sgs::v1::ListRejectedSubmissionsRequest request;
  request.set_parent("units/yd-scjdj");
  request.set_page_size(1);
  sgs::v1::ListRejectedSubmissionsResponse response;
  const grpc::Status listed =
      stub_->ListRejectedSubmissions(&context, request, &response);
  ASSERT_TRUE(listed.ok()) << listed.error_message();
  ASSERT_EQ(response.rejected_submissions_size(), 1);
  EXPECT_LE(response.rejected_submissions(0).violations_size(),
            kMaxViolationsPerRecord + 1);
}

// Finding 7, the trailer budget: many long violations still fit.
TEST_F(HardeningInputTest, LongViolationDescriptionsFitTheTrailer) {
  sgs::v1::Record record = ValidLicensingRecord("yd-scjdj", "LONG", DaysAgo(2));
  const std::string bad_date(120, '9');
  auto* l = record.mutable_licensing();
  l->set_decision_date(bad_date);
  l->set_valid_from(bad_date);
  l->set_valid_to(bad_date);
  l->set_authority_code(std::string(120, 'Z'));
  l->set_source_unit_code(std::string(120, 'Z'));
  record.mutable_subject()->set_credit_code(std::string(120, 'Z'));
  record.mutable_subject()->set_name(std::string(300, 'n'));
  l->set_content(std::string(3000, 'c'));
  const grpc::Status status = Submit(record);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_code() << " " << status.error_message();
  const google::rpc::BadRequest bad_request = BadRequestOf(status);
  EXPECT_GE(bad_request.field_violations_size(), 5);
  EXPECT_LT(status.error_details().size(), 4096u);
}

// Finding 11: an unknown field (number 99, 1 MiB) is neither stored nor
// returned nor copied into versions; nor is one on a finding.
TEST_F(HardeningInputTest, UnknownFieldsAreDiscardedBeforeStoring) {
  sgs::v1::Record record = ValidLicensingRecord("yd-jyj", "UNK-1", DaysAgo(2));
  record.GetReflection()->MutableUnknownFields(&record)->AddLengthDelimited(
      99, std::string(1 << 20, 'x'));
  record.mutable_subject()
      ->GetReflection()
      ->MutableUnknownFields(record.mutable_subject())
      ->AddVarint(77, 5);
  ASSERT_TRUE(Submit(record).ok());
  ASSERT_TRUE(Submit(record).ok());  // a correction: a second version

  grpc::ClientContext context;
  sgs::v1::GetRecordRequest get;
  get.set_name("units/yd-jyj/records/xk/UNK-1");
  sgs::v1::Record stored;
  ASSERT_TRUE(stub_->GetRecord(&context, get, &stored).ok());
  EXPECT_EQ(stored.GetReflection()->GetUnknownFields(stored).field_count(), 0);
  EXPECT_EQ(stored.subject()
                .GetReflection()
                ->GetUnknownFields(stored.subject())
                .field_count(),
            0);
  EXPECT_LT(stored.ByteSizeLong(), 10000u);

  grpc::ClientContext versions_context;
  sgs::v1::ListRecordVersionsRequest versions_request;
  versions_request.set_name(get.name());
  sgs::v1::ListRecordVersionsResponse versions;
  ASSERT_TRUE(
      stub_->ListRecordVersions(&versions_context, versions_request, &versions)
          .ok());
  ASSERT_EQ(versions.versions_size(), 2);
  EXPECT_LT(versions.ByteSizeLong(), 20000u);

  sgs::v1::CreateSpotCheckFindingRequest finding_request;
  auto* finding = finding_request.mutable_finding();
  finding->set_unit_code("yd-jyj");
  finding->set_source(sgs::v1::NATIONAL);
  finding->set_found_date(DaysAgo(1));
  finding->GetReflection()->MutableUnknownFields(finding)->AddLengthDelimited(
      99, std::string(100000, 'y'));
  grpc::ClientContext finding_context;
  sgs::v1::SpotCheckFinding created;
  ASSERT_TRUE(
      stub_->CreateSpotCheckFinding(&finding_context, finding_request, &created)
          .ok());
  grpc::ClientContext list_context;
  sgs::v1::ListSpotCheckFindingsRequest list_request;
  list_request.set_parent("units/-");
  sgs::v1::ListSpotCheckFindingsResponse listed;
  ASSERT_TRUE(
      stub_->ListSpotCheckFindings(&list_context, list_request, &listed).ok());
  ASSERT_EQ(listed.findings_size(), 1);
  EXPECT_LT(listed.ByteSizeLong(), 1000u);
}

// Finding 12: the variants of one 文书号 give one record; invisible and
// control characters are refused naming the field.
TEST_F(HardeningInputTest, IdentityVariantsGiveOneRecord) {
  const std::string number = "殷市监许〔2024〕12号";
  const std::vector<std::string> variants = {
      number,
      " " + number,
      number + "  ",
      "\u3000" + number,
      number + "\u3000",
      "殷市监许〔２０２４〕１２号",
      "\u3000殷市监许〔２０２４〕１２号 ",
      "\u00A0" + number,
  };
  int created = 0;
  for (const std::string& variant : variants) {
    SCOPED_TRACE(variant);
    sgs::v1::Record record =
        ValidLicensingRecord("yd-jyj", variant, DaysAgo(2));
    record.set_unit_code(" yd-jyj\u3000");
    sgs::v1::SubmitRecordResponse response;
    const grpc::Status status = Submit(record, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.record().licensing().document_number(), number);
    if (response.created()) ++created;
  }
  EXPECT_EQ(created, 1);

  grpc::ClientContext context;
  sgs::v1::ListRecordsRequest list;
  list.set_parent("units/yd-jyj");
  sgs::v1::ListRecordsResponse records;
  ASSERT_TRUE(stub_->ListRecords(&context, list, &records).ok());
  EXPECT_EQ(records.records_size(), 1);
  EXPECT_EQ(records.records(0).version(), static_cast<int>(variants.size()));

  // A lookup by a variant finds the record.
  grpc::ClientContext get_context;
  sgs::v1::GetRecordRequest get;
  get.set_unit_code("yd-jyj");
  get.set_kind(sgs::v1::LICENSING);
  get.set_document_number("殷市监许〔２０２４〕１２号 ");
  sgs::v1::Record found;
  EXPECT_TRUE(stub_->GetRecord(&get_context, get, &found).ok());

  // U+202E (right-to-left override) as its UTF-8 bytes: in a string
  // literal tidy's misc-misleading-bidirectional would refuse it.
  const std::string right_to_left_override = {'\xE2', '\x80', '\xAE'};
  for (const std::string& invisible :
       {std::string("\u200B"), std::string("\t"), std::string("\n"),
        std::string(1, '\0'), right_to_left_override, std::string("\uFEFF")}) {
    SCOPED_TRACE(absl::CEscape(invisible));
    sgs::v1::Record record =
        ValidLicensingRecord("yd-jyj", number + invisible, DaysAgo(2));
    const grpc::Status status = Submit(record);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(HasViolation(BadRequestOf(status), "licensing.document_number",
                             "invisible_character"))
        << BadRequestOf(status).DebugString();
  }
}

// Finding 13: timestamps out of range or with bad nanos are refused
// naming the field, on every RPC that takes one.
TEST_F(HardeningInputTest, TimestampsAreValidated) {
  ASSERT_TRUE(Submit(ValidLicensingRecord("yd-jyj", "TS-1", DaysAgo(2))).ok());
  struct Case {
    int64_t seconds;
    int32_t nanos;
    std::string field;
    std::string rule;
  };
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  for (const Case& c : std::vector<Case>{
           {-100000000000000, 0, "file_time", "timestamp_range"},
           {now - 3600, -5, "file_time.nanos", "timestamp_nanos"},
           {now - 3600, 2000000000, "file_time.nanos", "timestamp_nanos"},
           {631152000, 0, "file_time", "timestamp_range"},  // 1990
           {now + 86400, 0, "file_time", "date_in_future"},
       }) {
    SCOPED_TRACE(c.field + " " + c.rule);
    grpc::ClientContext context;
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name("units/yd-jyj/records/xk/TS-1");
    request.set_description("异议");
    request.mutable_file_time()->set_seconds(c.seconds);
    request.mutable_file_time()->set_nanos(c.nanos);
    sgs::v1::Objection objection;
    const grpc::Status status =
        stub_->CreateObjection(&context, request, &objection);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_code() << " " << status.error_message();
    EXPECT_TRUE(HasViolation(BadRequestOf(status), c.field, c.rule))
        << BadRequestOf(status).DebugString();
  }

  // resolve_time too.
  grpc::ClientContext create_context;
  sgs::v1::CreateObjectionRequest create;
  create.set_record_name("units/yd-jyj/records/xk/TS-1");
  create.set_description("异议");
  sgs::v1::Objection objection;
  ASSERT_TRUE(stub_->CreateObjection(&create_context, create, &objection).ok());
  grpc::ClientContext resolve_context;
  sgs::v1::ResolveObjectionRequest resolve;
  resolve.set_name(objection.name());
  resolve.set_outcome(sgs::v1::UPHELD);
  resolve.mutable_resolve_time()->set_seconds(900000000000000);
  sgs::v1::Objection resolved;
  const grpc::Status status =
      stub_->ResolveObjection(&resolve_context, resolve, &resolved);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(
      HasViolation(BadRequestOf(status), "resolve_time", "timestamp_range"));

  // A back-fill's receipt time with nanos = 2e9 is rejected in the summary.
  grpc::ClientContext backfill_context;
  sgs::v1::UploadSummary summary;
  auto writer = stub_->BackfillRecords(&backfill_context, &summary);
  sgs::v1::BackfillRecordsRequest request;
  *request.mutable_record() =
      ValidLicensingRecord("yd-jyj", "TS-BACKFILL", DaysAgo(20));
  request.mutable_receipt_time()->set_seconds(now - int64_t{86400} * 10);
  request.mutable_receipt_time()->set_nanos(2000000000);
  ASSERT_TRUE(writer->Write(request));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(summary.rejected_count(), 1);
  ASSERT_EQ(summary.rejections_size(), 1);
  bool named = false;
  for (const auto& v : summary.rejections(0).violations()) {
    if (v.field() == "receipt_time.nanos") named = true;
  }
  EXPECT_TRUE(named) << summary.DebugString();
}

// Finding 14: a fine of 10^120 万元 is refused.
TEST_F(HardeningInputTest, ImplausibleAmountsAreRefused) {
  sgs::v1::Record record = ValidPenaltyRecord("yd-scjdj", "HUGE", DaysAgo(2));
  record.mutable_penalty()->set_fine_amount("1" + std::string(120, '0'));
  grpc::Status status = Submit(record);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(BadRequestOf(status), "penalty.fine_amount",
                           "amount_too_large"));
  record.mutable_penalty()->set_fine_amount("100000000.000001");
  EXPECT_EQ(Submit(record).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  record.mutable_penalty()->set_fine_amount("100000000");
  EXPECT_TRUE(Submit(record).ok());
}

// Finding 10: the office's free texts have length limits.
TEST_F(HardeningInputTest, FreeTextsOfTheOfficeAreBounded) {
  ASSERT_TRUE(Submit(ValidLicensingRecord("yd-jyj", "TXT-1", DaysAgo(2))).ok());
  grpc::ClientContext context;
  sgs::v1::CreateObjectionRequest request;
  request.set_record_name("units/yd-jyj/records/xk/TXT-1");
  std::string letter;
  for (int i = 0; i < 2001; ++i) letter += "异";
  request.set_description(letter);
  sgs::v1::Objection objection;
  grpc::Status status = stub_->CreateObjection(&context, request, &objection);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(BadRequestOf(status), "description", "too_long"));
  EXPECT_TRUE(absl::StrContains(status.error_message(), "2000"));

  grpc::ClientContext ok_context;
  request.set_description(letter.substr(3));  // 2000 characters
  ASSERT_TRUE(stub_->CreateObjection(&ok_context, request, &objection).ok());

  grpc::ClientContext resolve_context;
  sgs::v1::ResolveObjectionRequest resolve;
  resolve.set_name(objection.name());
  resolve.set_outcome(sgs::v1::DISMISSED);
  resolve.set_resolution_note(letter);
  sgs::v1::Objection resolved;
  status = stub_->ResolveObjection(&resolve_context, resolve, &resolved);
  EXPECT_TRUE(
      HasViolation(BadRequestOf(status), "resolution_note", "too_long"));

  grpc::ClientContext finding_context;
  sgs::v1::CreateSpotCheckFindingRequest finding;
  finding.mutable_finding()->set_unit_code("yd-jyj");
  finding.mutable_finding()->set_source(sgs::v1::NATIONAL);
  finding.mutable_finding()->set_found_date(DaysAgo(1));
  finding.mutable_finding()->set_description(letter);
  sgs::v1::SpotCheckFinding created;
  status = stub_->CreateSpotCheckFinding(&finding_context, finding, &created);
  EXPECT_TRUE(
      HasViolation(BadRequestOf(status), "finding.description", "too_long"));

  grpc::ClientContext withdraw_context;
  sgs::v1::WithdrawRecordRequest withdraw;
  withdraw.set_name("units/yd-jyj/records/xk/TXT-1");
  withdraw.set_reason(letter);
  sgs::v1::Record withdrawn;
  status = stub_->WithdrawRecord(&withdraw_context, withdraw, &withdrawn);
  EXPECT_TRUE(HasViolation(BadRequestOf(status), "reason", "too_long"));
}

// The serialized request with the bytes of `marker` replaced by invalid
// UTF-8 of the same length, as a unary call sends it.
grpc::ByteBuffer WithInvalidUtf8(const google::protobuf::Message& request,
                                 const std::string& marker) {
  grpc::Slice slice(SerializedWithInvalidUtf8(request, marker));
  return grpc::ByteBuffer(&slice, 1);
}

// Finding 15, streams: a message with invalid UTF-8 is rejected by name
// (the field named, rule invalid_utf8) and the messages after it are still
// read and stored; gRPC's own parser would end the stream's reading there
// and the summary would silently miss the rest. (Unary requests: the next
// test.)
TEST_F(HardeningInputTest, InvalidUtf8InAStreamRejectsThatRecordOnly) {
  // A stream: good, bad, good.
  std::vector<std::string> messages;
  for (int i = 0; i < 3; ++i) {
    sgs::v1::UploadRecordsRequest upload;
    *upload.mutable_record() =
        ValidLicensingRecord("yd-jyj", absl::StrCat("U8-S", i), DaysAgo(2));
    upload.mutable_record()->mutable_subject()->set_name("NAMEMARKER");
    messages.push_back(
        i == 1 ? SerializedWithInvalidUtf8(upload, "NAMEMARKER")
               : SerializedWithInvalidUtf8(upload, "NOT-IN-THE-MESSAGE"));
  }
  sgs::v1::UploadSummary summary;
  const grpc::Status finished = StreamRawMessages(
      server_.address(), "/sgs.v1.IngestService/UploadRecords", messages,
      &summary);
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  EXPECT_EQ(summary.received_count(), 3);
  EXPECT_EQ(summary.created_count(), 2);
  EXPECT_EQ(summary.rejected_count(), 1);
  ASSERT_EQ(summary.rejections_size(), 1);
  EXPECT_EQ(summary.rejections(0).index(), 1);
  EXPECT_EQ(summary.rejections(0).document_number(), "U8-S1");
  bool named = false;
  for (const auto& v : summary.rejections(0).violations()) {
    if (v.field() == "record.subject.name") named = true;
  }
  EXPECT_TRUE(named) << summary.DebugString();
}

// Finding 15, unary calls: a request gRPC cannot parse (here a string
// field with invalid UTF-8) answers INVALID_ARGUMENT with a message that
// says so (common/request_parse_guard.h), not INTERNAL with no text; a
// well-formed request on the same channel still works.
TEST_F(HardeningInputTest, InvalidUtf8InAUnaryRequestIsInvalidArgument) {
  auto channel = grpc::CreateChannel(server_.address(),
                                     grpc::InsecureChannelCredentials());
  const grpc::internal::RpcMethod submit("/sgs.v1.IngestService/SubmitRecord",
                                         grpc::internal::RpcMethod::NORMAL_RPC);
  sgs::v1::SubmitRecordRequest request;
  *request.mutable_record() =
      ValidLicensingRecord("yd-jyj", "U8-UNARY", DaysAgo(2));
  request.mutable_record()->mutable_subject()->set_name("NAMEMARKER");

  grpc::ClientContext bad_context;
  grpc::ByteBuffer reply;
  const grpc::Status refused =
      grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
          channel.get(), submit, &bad_context,
          WithInvalidUtf8(request, "NAMEMARKER"), &reply);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << refused.error_message();
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "UTF-8"))
      << refused.error_message();

  grpc::ClientContext good_context;
  const grpc::Status accepted =
      grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
          channel.get(), submit, &good_context,
          WithInvalidUtf8(request, "NOT-IN-THE-MESSAGE"), &reply);
  EXPECT_TRUE(accepted.ok()) << accepted.error_message();
}

// Finding 18: a READER token gets 证件号码 masked; the unit's submitter
// and the credit office see it in full.
constexpr char kScjdjToken[] = "scjdj-token";
constexpr char kReaderToken[] = "reader-token";
constexpr char kOfficeToken[] = "office-token";

TEST(MaskingTest, IdNumbersAreMaskedForReaders) {
  TempDir dir;
  const std::string tokens = dir.path() + "/tokens.textproto";
  {
    std::ofstream out(tokens);
    out << "tokens { name: \"市场监管局\" sha256_hex: \""
        << Sha256Hex(kScjdjToken)
        << "\" role: SUBMITTER unit_code: \"yd-scjdj\" }\n"
        << "tokens { name: \"统计服务\" sha256_hex: \""
        << Sha256Hex(kReaderToken) << "\" role: READER }\n"
        << "tokens { name: \"区信用办\" sha256_hex: \""
        << Sha256Hex(kOfficeToken) << "\" role: CREDIT_OFFICE }\n";
  }
  IngestServerOptions options;
  options.tokens_path = tokens;
  TestIngestServer server(dir.path() + "/db", options);
  auto stub = server.NewStub();
  // The valid penalty record is about a natural person (身份证).
  sgs::v1::Record record = ValidPenaltyRecord("yd-scjdj", "MASK-1", DaysAgo(2));
  const std::string id_number = record.subject().id_number();
  ASSERT_EQ(id_number.size(), 18u);
  {
    grpc::ClientContext context;
    AddBearerToken(&context, kScjdjToken);
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = record;
    sgs::v1::SubmitRecordResponse response;
    ASSERT_TRUE(stub->SubmitRecord(&context, request, &response).ok());
  }
  auto get = [&](const char* token) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::GetRecordRequest request;
    request.set_name("units/yd-scjdj/records/cf/MASK-1");
    sgs::v1::Record stored;
    EXPECT_TRUE(stub->GetRecord(&context, request, &stored).ok());
    return stored.subject().id_number();
  };
  auto list = [&](const char* token) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::ListRecordsRequest request;
    request.set_parent("units/yd-scjdj");
    sgs::v1::ListRecordsResponse response;
    EXPECT_TRUE(stub->ListRecords(&context, request, &response).ok());
    return response.records_size() == 1
               ? response.records(0).subject().id_number()
               : std::string();
  };
  const std::string masked =
      id_number.substr(0, 6) + "********" + id_number.substr(14);
  EXPECT_EQ(get(kReaderToken), masked);
  EXPECT_EQ(list(kReaderToken), masked);
  EXPECT_EQ(get(kScjdjToken), id_number);
  EXPECT_EQ(list(kScjdjToken), id_number);
  EXPECT_EQ(get(kOfficeToken), id_number);
  EXPECT_EQ(list(kOfficeToken), id_number);
}

}  // namespace
}  // namespace sgs::ingest
