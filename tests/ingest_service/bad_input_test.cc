// Bad inputs through the real RPC: each is refused with INVALID_ARGUMENT
// whose google.rpc.BadRequest names the field and the rule, nothing reaches
// the record store or the aggregates, and the submission is queued for the
// unit to fix.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using sgs::v1::Record;

struct BadInput {
  std::string name;
  bool penalty;  // start from the valid penalty record, else licensing
  std::function<void(Record*)> mutate;
  std::string field;
  std::string rule;
};

std::string Tomorrow() { return FormatDate(ChinaDate(absl::Now()) + 1); }

std::vector<BadInput> BadInputs() {
  return {
      {"unknown_unit", false, [](Record* r) { r->set_unit_code("yd-nope"); },
       "unit_code", "unknown_unit"},
      {"no_decision", false, [](Record* r) { r->clear_licensing(); },
       "decision", "required"},
      {"subject_name_missing", false,
       [](Record* r) { r->mutable_subject()->clear_name(); }, "subject.name",
       "required"},
      // (Invalid UTF-8 cannot reach a handler: protobuf refuses it while
      // parsing the request. The validator's invalid_utf8 rule serves the
      // importer, which checks files before sending.)
      {"publicity_deadline_before_decision", true,
       [](Record* r) {
         r->mutable_penalty()->set_publicity_deadline("2000-01-01");
       },
       "penalty.publicity_deadline", "date_order"},
      {"subject_name_too_long", false,
       [](Record* r) { r->mutable_subject()->set_name(std::string(201, 'a')); },
       "subject.name", "too_long"},
      {"subject_class_missing", false,
       [](Record* r) { r->mutable_subject()->clear_subject_class(); },
       "subject.subject_class", "enum_unspecified"},
      {"credit_code_check_digit", false,
       [](Record* r) {
         r->mutable_subject()->set_credit_code("91350100M000100Y44");
       },
       "subject.credit_code", "check_digit"},
      {"credit_code_missing", false,
       [](Record* r) { r->mutable_subject()->clear_credit_code(); },
       "subject.credit_code", "required"},
      {"legal_representative_missing", false,
       [](Record* r) { r->mutable_subject()->clear_legal_representative(); },
       "subject.legal_representative", "required"},
      {"legal_entity_with_id_number", false,
       [](Record* r) {
         r->mutable_subject()->set_id_number("11010519491231002X");
       },
       "subject.id_number", "must_be_empty"},
      {"placeholder_without_registration_number", false,
       [](Record* r) {
         r->mutable_subject()->set_subject_class(sgs::v1::INDIVIDUAL_BUSINESS);
         r->mutable_subject()->set_credit_code("00000000000000000X");
       },
       "subject.business_registration_number", "required"},
      {"person_id_check_digit", true,
       [](Record* r) {
         r->mutable_subject()->set_id_number("110105194912310021");
       },
       "subject.id_number", "check_digit"},
      {"person_id_30_february", true,
       [](Record* r) {
         r->mutable_subject()->set_id_number("110105194902300021");
       },
       "subject.id_number", "id_number_format"},
      {"person_id_type_missing", true,
       [](Record* r) { r->mutable_subject()->clear_id_type(); },
       "subject.id_type", "required"},
      {"person_with_credit_code", true,
       [](Record* r) {
         r->mutable_subject()->set_credit_code("91350100M000100Y43");
       },
       "subject.credit_code", "must_be_empty"},
      {"document_number_missing", false,
       [](Record* r) { r->mutable_licensing()->clear_document_number(); },
       "licensing.document_number", "required"},
      {"license_category_missing", false,
       [](Record* r) { r->mutable_licensing()->clear_category(); },
       "licensing.category", "enum_unspecified"},
      {"license_content_missing", false,
       [](Record* r) { r->mutable_licensing()->clear_content(); },
       "licensing.content", "required"},
      {"decision_date_slashes", false,
       [](Record* r) {
         r->mutable_licensing()->set_decision_date("2024/07/01");
       },
       "licensing.decision_date", "date_format"},
      {"decision_date_in_future", false,
       [](Record* r) {
         r->mutable_licensing()->set_decision_date(Tomorrow());
         r->mutable_licensing()->set_valid_from(Tomorrow());
       },
       "licensing.decision_date", "date_in_future"},
      {"valid_to_before_valid_from", false,
       [](Record* r) { r->mutable_licensing()->set_valid_to("2020-01-01"); },
       "licensing.valid_to", "date_order"},
      {"authority_code_check_digit", false,
       [](Record* r) {
         r->mutable_licensing()->set_authority_code("91110000600037341X");
       },
       "licensing.authority_code", "check_digit"},
      {"license_status_missing", false,
       [](Record* r) { r->mutable_licensing()->clear_status(); },
       "licensing.status", "enum_unspecified"},
      {"penalty_categories_missing", true,
       [](Record* r) { r->mutable_penalty()->clear_categories(); },
       "penalty.categories", "required"},
      {"penalty_category_duplicate", true,
       [](Record* r) { r->mutable_penalty()->add_categories(sgs::v1::FINE); },
       "penalty.categories[1]", "duplicate_value"},
      {"fine_missing", true,
       [](Record* r) { r->mutable_penalty()->clear_fine_amount(); },
       "penalty.fine_amount", "required"},
      {"fine_seven_decimals", true,
       [](Record* r) { r->mutable_penalty()->set_fine_amount("0.1234567"); },
       "penalty.fine_amount", "amount_format"},
      {"fine_zero", true,
       [](Record* r) { r->mutable_penalty()->set_fine_amount("0"); },
       "penalty.fine_amount", "amount_not_positive"},
      {"confiscation_without_amount", true,
       [](Record* r) {
         r->mutable_penalty()->add_categories(
             sgs::v1::CONFISCATE_ILLEGAL_GAINS);
       },
       "penalty.confiscated_amount", "required"},
      {"revocation_without_licence", true,
       [](Record* r) {
         r->mutable_penalty()->add_categories(sgs::v1::REVOKE_LICENSE);
       },
       "penalty.suspended_license", "required"},
      {"valid_until_before_decision", true,
       [](Record* r) { r->mutable_penalty()->set_valid_until("2000-01-01"); },
       "penalty.valid_until", "date_order"},
      {"legal_basis_missing", true,
       [](Record* r) { r->mutable_penalty()->clear_legal_basis(); },
       "penalty.legal_basis", "required"},
  };
}

class BadInputTest : public ::testing::Test {
 protected:
  BadInputTest() : server_(dir_.path()), stub_(server_.NewStub()) {}
  sgs::testing::TempDir dir_;
  sgs::testing::TestIngestServer server_;
  std::unique_ptr<sgs::v1::IngestService::Stub> stub_;
};

TEST_F(BadInputTest, EachIsRefusedWithFieldAndRuleAndNothingStored) {
  const std::vector<BadInput> cases = BadInputs();
  ASSERT_GE(cases.size(), 25u);
  const std::string decision = FormatDate(ChinaDate(absl::Now()) - 3);
  int queued_expected = 0;
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string document = absl::StrCat("BAD-", c.name);
    Record record = c.penalty ? sgs::testing::ValidPenaltyRecord(
                                    "yd-scjdj", document, decision)
                              : sgs::testing::ValidLicensingRecord(
                                    "yd-scjdj", document, decision);
    c.mutate(&record);
    grpc::ClientContext context;
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = record;
    sgs::v1::SubmitRecordResponse response;
    grpc::Status status = stub_->SubmitRecord(&context, request, &response);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    google::rpc::Status details;
    ASSERT_TRUE(details.ParseFromString(status.error_details()));
    ASSERT_EQ(details.details_size(), 1);
    google::rpc::BadRequest bad_request;
    ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
    bool found = false;
    for (const auto& violation : bad_request.field_violations()) {
      if (violation.field() == c.field &&
          absl::StartsWith(violation.description(), c.rule + ": ")) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << "wanted " << c.field << " / " << c.rule << " in "
                       << bad_request.DebugString();
    // Officials read the message: it is in Chinese.
    EXPECT_TRUE(absl::StrContains(status.error_message(), "校验"));

    // Nothing stored under either kind.
    for (auto kind : {sgs::v1::LICENSING, sgs::v1::PENALTY}) {
      grpc::ClientContext get_context;
      sgs::v1::GetRecordRequest get;
      get.set_unit_code(record.unit_code().empty() ? "yd-scjdj"
                                                   : record.unit_code());
      get.set_kind(kind);
      get.set_document_number(document);
      sgs::v1::Record stored;
      EXPECT_EQ(stub_->GetRecord(&get_context, get, &stored).error_code(),
                grpc::StatusCode::NOT_FOUND);
    }
    if (record.unit_code() == "yd-scjdj") ++queued_expected;
  }

  grpc::ClientContext context;
  sgs::v1::ListDailyAggregatesRequest aggregates_request;
  aggregates_request.set_start_date("2000-01-01");
  aggregates_request.set_end_date("2099-12-31");
  sgs::v1::ListDailyAggregatesResponse aggregates;
  ASSERT_TRUE(
      stub_->ListDailyAggregates(&context, aggregates_request, &aggregates)
          .ok());
  EXPECT_EQ(aggregates.aggregates_size(), 0);

  // Every refusal is in the unit's rejected queue, newest first.
  grpc::ClientContext queue_context;
  sgs::v1::ListRejectedSubmissionsRequest queue_request;
  queue_request.set_parent("units/yd-scjdj");
  queue_request.set_page_size(500);
  sgs::v1::ListRejectedSubmissionsResponse queue;
  ASSERT_TRUE(
      stub_->ListRejectedSubmissions(&queue_context, queue_request, &queue)
          .ok());
  EXPECT_EQ(queue.rejected_submissions_size(), queued_expected);
  ASSERT_GT(queue.rejected_submissions_size(), 1);
  EXPECT_EQ(queue.rejected_submissions(0).record().penalty().document_number(),
            absl::StrCat("BAD-", cases.back().name));
  EXPECT_GT(queue.rejected_submissions(0).violations_size(), 0);
}

TEST_F(BadInputTest, OneResponseListsEveryViolation) {
  Record record = sgs::testing::ValidLicensingRecord(
      "yd-jyj", "MULTI", FormatDate(ChinaDate(absl::Now()) - 1));
  record.mutable_subject()->clear_name();
  record.mutable_licensing()->set_valid_to("1999-01-01");
  record.mutable_licensing()->set_authority_code("123");
  grpc::ClientContext context;
  sgs::v1::SubmitRecordRequest request;
  *request.mutable_record() = record;
  sgs::v1::SubmitRecordResponse response;
  grpc::Status status = stub_->SubmitRecord(&context, request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  std::set<std::string> fields;
  for (const auto& v : bad_request.field_violations()) fields.insert(v.field());
  EXPECT_TRUE(fields.count("subject.name"));
  EXPECT_TRUE(fields.count("licensing.valid_to"));
  EXPECT_TRUE(fields.count("licensing.authority_code"));
}

}  // namespace
}  // namespace sgs::ingest
