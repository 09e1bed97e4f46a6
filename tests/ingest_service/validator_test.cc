#include "ingest_service/validator.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/check_digits.h"
#include "common/dates.h"
#include "common/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sgs::ingest {
namespace {

using google::rpc::BadRequest;
using sgs::v1::Record;

// 2024-07-15 10:00 Beijing time.
absl::Time BeijingTime(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0),
                         ChinaStandardTime());
}

// Violations as "path|rule", for readable failure messages.
std::vector<std::string> Summarize(
    const std::vector<BadRequest::FieldViolation>& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations) {
    const std::string rule =
        v.description().substr(0, v.description().find(": "));
    out.push_back(absl::StrCat(v.field(), "|", rule));
  }
  return out;
}

std::string Describe(
    const std::vector<BadRequest::FieldViolation>& violations) {
  std::string out;
  for (const auto& v : violations) {
    absl::StrAppend(&out, "\n  ", v.field(), ": ", v.description());
  }
  return out;
}

class ValidatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<UnitRegistry> registry = UnitRegistry::LoadFromFile(
        std::string(SGS_SOURCE_DIR) + "/config/registry.textproto");
    ASSERT_TRUE(registry.ok()) << registry.status();
    registry_ = new UnitRegistry(*std::move(registry));
  }
  static void TearDownTestSuite() {
    delete registry_;
    registry_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(registry_, nullptr);
    ctx_.registry = registry_;
    ctx_.now = BeijingTime(2024, 7, 15, 10, 0);
    ctx_.receipt_time = ctx_.now;
  }

  // A licence granted to a company on 2024-07-10.
  static Record ValidLicensing() {
    Record r;
    r.set_unit_code("yd-jyj");
    auto* s = r.mutable_subject();
    s->set_name("安阳市殷都区示例科技有限公司");
    s->set_subject_class(sgs::v1::LEGAL_ENTITY);
    s->set_credit_code("91350100M000100Y43");
    s->set_legal_representative("张三");
    auto* l = r.mutable_licensing();
    l->set_decision_document_name("民办学校办学许可证核发决定书");
    l->set_document_number("殷教许〔2024〕12号");
    l->set_category(sgs::v1::ORDINARY);
    l->set_content("准予举办民办培训学校");
    l->set_decision_date("2024-07-10");
    l->set_valid_from("2024-07-10");
    l->set_valid_to("2029-07-09");
    l->set_authority_name("殷都区教育局");
    l->set_authority_code("11230500001755309F");
    l->set_status(sgs::v1::LICENSE_VALID);
    l->set_source_unit_name("殷都区教育局");
    l->set_source_unit_code("11230500001755309F");
    return r;
  }

  // A warning and a 2,000 yuan fine for a natural person on 2024-07-08.
  static Record ValidPenalty() {
    Record r;
    r.set_unit_code("yd-jyj");
    auto* s = r.mutable_subject();
    s->set_name("李四");
    s->set_subject_class(sgs::v1::NATURAL_PERSON);
    s->set_id_type(sgs::v1::RESIDENT_ID_CARD);
    s->set_id_number("11010519491231002X");
    auto* p = r.mutable_penalty();
    p->set_document_number("殷教罚〔2024〕3号");
    p->set_violation_type("擅自举办培训机构");
    p->set_violation_facts("未经许可举办校外培训机构");
    p->set_legal_basis("《中华人民共和国民办教育促进法》第六十四条");
    p->add_categories(sgs::v1::WARNING);
    p->add_categories(sgs::v1::FINE);
    p->set_content("警告，罚款人民币贰仟元");
    p->set_fine_amount("0.2");
    p->set_decision_date("2024-07-08");
    p->set_valid_until("2025-07-08");
    p->set_publicity_deadline("2027-07-08");
    p->set_authority_name("殷都区教育局");
    p->set_authority_code("11230500001755309F");
    p->set_source_unit_name("殷都区教育局");
    p->set_source_unit_code("11230500001755309F");
    return r;
  }

  std::vector<BadRequest::FieldViolation> Validate(const Record& r) const {
    return ValidateRecord(r, ctx_);
  }

  static UnitRegistry* registry_;
  ValidationContext ctx_;
};

UnitRegistry* ValidatorTest::registry_ = nullptr;

TEST_F(ValidatorTest, ValidRecordsPass) {
  auto violations = Validate(ValidLicensing());
  EXPECT_TRUE(violations.empty()) << Describe(violations);
  violations = Validate(ValidPenalty());
  EXPECT_TRUE(violations.empty()) << Describe(violations);
}

TEST_F(ValidatorTest, ValidVariantsPass) {
  // 个体工商户 with a real code; with the placeholder and a 工商注册号.
  Record r = ValidLicensing();
  r.mutable_subject()->set_subject_class(sgs::v1::INDIVIDUAL_BUSINESS);
  r.mutable_subject()->set_credit_code("91330000755918469E");
  r.mutable_subject()->clear_legal_representative();
  EXPECT_THAT(Summarize(Validate(r)), ::testing::IsEmpty());
  r.mutable_subject()->set_credit_code(std::string(kCreditCodePlaceholder));
  r.mutable_subject()->set_business_registration_number("410505600012345");
  EXPECT_THAT(Summarize(Validate(r)), ::testing::IsEmpty());

  // A passport holder; an optional field left empty; a decision made today
  // (Beijing time) and a same-day validity.
  Record p = ValidPenalty();
  p.mutable_subject()->set_id_type(sgs::v1::PASSPORT);
  p.mutable_subject()->set_id_number("E12345678");
  p.mutable_penalty()->clear_publicity_deadline();
  p.mutable_penalty()->set_decision_date("2024-07-15");
  p.mutable_penalty()->set_valid_until("2024-07-15");
  EXPECT_THAT(Summarize(Validate(p)), ::testing::IsEmpty());

  // Every amount-bearing category with its amount and licence.
  p = ValidPenalty();
  p.mutable_penalty()->add_categories(sgs::v1::CONFISCATE_ILLEGAL_PROPERTY);
  p.mutable_penalty()->add_categories(sgs::v1::SUSPEND_LICENSE);
  p.mutable_penalty()->set_confiscated_amount("1.123456");
  p.mutable_penalty()->set_suspended_license("营业执照 92410505MA00000000");
  EXPECT_THAT(Summarize(Validate(p)), ::testing::IsEmpty());

  // Unspecified disclosure scope means 社会公开.
  p = ValidPenalty();
  p.set_disclosure_scope(sgs::v1::DISCLOSURE_SCOPE_UNSPECIFIED);
  EXPECT_THAT(Summarize(Validate(p)), ::testing::IsEmpty());
}

struct BadCase {
  std::string name;
  bool penalty;  // false: mutate ValidLicensing(); true: ValidPenalty().
  std::function<void(Record*)> mutate;
  std::string field;
  std::string rule;
  std::string code;  // the standard's field code the message must name
};

std::string Repeat(absl::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(s.data(), s.size());
  return out;
}

std::vector<BadCase> BadCases() {
  return {
      // Record level.
      {"unit_code_empty", false, [](Record* r) { r->clear_unit_code(); },
       "unit_code", "required", "DWDM"},
      {"unit_code_unknown", false,
       [](Record* r) { r->set_unit_code("yd-no-such-unit"); }, "unit_code",
       "unknown_unit", "DWDM"},
      {"disclosure_scope_unknown_number", true,
       [](Record* r) {
         r->set_disclosure_scope(static_cast<sgs::v1::DisclosureScope>(7));
       },
       "disclosure_scope", "enum_unspecified", "GKFW"},
      {"no_decision", false, [](Record* r) { r->clear_licensing(); },
       "decision", "required", "licensing/penalty"},

      // Subject, common.
      {"subject_name_empty", false,
       [](Record* r) { r->mutable_subject()->clear_name(); }, "subject.name",
       "required", "XK_XDR_MC"},
      {"subject_name_blank", true,
       [](Record* r) { r->mutable_subject()->set_name(" \t\xE3\x80\x80"); },
       "subject.name", "required", "CF_XDR_MC"},
      {"subject_name_invalid_utf8", false,
       [](Record* r) { r->mutable_subject()->set_name("示例\xFF\xFE公司"); },
       "subject.name", "invalid_utf8", "XK_XDR_MC"},
      {"subject_name_too_long", false,
       [](Record* r) { r->mutable_subject()->set_name(Repeat("字", 201)); },
       "subject.name", "too_long", "XK_XDR_MC"},
      {"subject_class_unspecified", false,
       [](Record* r) {
         r->mutable_subject()->set_subject_class(
             sgs::v1::SUBJECT_CLASS_UNSPECIFIED);
       },
       "subject.subject_class", "enum_unspecified", "XK_XDR_LB"},
      {"subject_class_unknown_number", true,
       [](Record* r) {
         r->mutable_subject()->set_subject_class(
             static_cast<sgs::v1::SubjectClass>(99));
       },
       "subject.subject_class", "enum_unspecified", "CF_XDR_LB"},

      // 法人及非法人组织.
      {"legal_entity_credit_code_empty", false,
       [](Record* r) { r->mutable_subject()->clear_credit_code(); },
       "subject.credit_code", "required", "XK_XDR_SHXYM"},
      {"legal_entity_credit_code_check_digit", false,
       [](Record* r) {
         r->mutable_subject()->set_credit_code("91350100M000100Y44");
       },
       "subject.credit_code", "check_digit", "XK_XDR_SHXYM"},
      {"legal_entity_credit_code_forbidden_letter", false,
       [](Record* r) {
         r->mutable_subject()->set_credit_code("91350100O000100Y43");
       },
       "subject.credit_code", "check_digit", "XK_XDR_SHXYM"},
      {"legal_entity_placeholder_code", false,
       [](Record* r) {
         r->mutable_subject()->set_credit_code(
             std::string(kCreditCodePlaceholder));
       },
       "subject.credit_code", "check_digit", "XK_XDR_SHXYM"},
      {"legal_entity_no_legal_representative", false,
       [](Record* r) { r->mutable_subject()->clear_legal_representative(); },
       "subject.legal_representative", "required", "XK_FRDB"},
      {"legal_entity_with_id_type", false,
       [](Record* r) {
         r->mutable_subject()->set_id_type(sgs::v1::RESIDENT_ID_CARD);
       },
       "subject.id_type", "must_be_empty", "XK_XDR_ZJLX"},
      {"legal_entity_with_id_number", false,
       [](Record* r) {
         r->mutable_subject()->set_id_number("11010519491231002X");
       },
       "subject.id_number", "must_be_empty", "XK_XDR_ZJHM"},

      // 个体工商户.
      {"individual_business_no_code", false,
       [](Record* r) {
         r->mutable_subject()->set_subject_class(sgs::v1::INDIVIDUAL_BUSINESS);
         r->mutable_subject()->clear_credit_code();
       },
       "subject.credit_code", "required", "XK_XDR_SHXYM"},
      {"individual_business_lowercase_code", false,
       [](Record* r) {
         r->mutable_subject()->set_subject_class(sgs::v1::INDIVIDUAL_BUSINESS);
         r->mutable_subject()->set_credit_code("91350100m000100y43");
       },
       "subject.credit_code", "check_digit", "XK_XDR_SHXYM"},
      {"individual_business_placeholder_without_registration", true,
       [](Record* r) {
         auto* s = r->mutable_subject();
         s->set_subject_class(sgs::v1::INDIVIDUAL_BUSINESS);
         s->clear_id_type();
         s->clear_id_number();
         s->set_credit_code(std::string(kCreditCodePlaceholder));
       },
       "subject.business_registration_number", "required", "CF_XDR_GSZC"},

      // 自然人.
      {"natural_person_no_id_type", true,
       [](Record* r) { r->mutable_subject()->clear_id_type(); },
       "subject.id_type", "required", "CF_XDR_ZJLX"},
      {"natural_person_unknown_id_type", true,
       [](Record* r) {
         r->mutable_subject()->set_id_type(
             static_cast<sgs::v1::IdDocumentType>(42));
       },
       "subject.id_type", "enum_unspecified", "CF_XDR_ZJLX"},
      {"natural_person_no_id_number", true,
       [](Record* r) { r->mutable_subject()->clear_id_number(); },
       "subject.id_number", "required", "CF_XDR_ZJHM"},
      {"natural_person_id_check_digit", true,
       [](Record* r) {
         r->mutable_subject()->set_id_number("110105194912310021");
       },
       "subject.id_number", "check_digit", "CF_XDR_ZJHM"},
      {"natural_person_id_birth_date", true,
       [](Record* r) {
         r->mutable_subject()->set_id_number("110105194902300021");
       },
       "subject.id_number", "id_number_format", "CF_XDR_ZJHM"},
      {"natural_person_id_wrong_length", true,
       [](Record* r) {
         r->mutable_subject()->set_id_number("11010519491231002");
       },
       "subject.id_number", "id_number_format", "CF_XDR_ZJHM"},
      {"natural_person_id_lowercase_x", true,
       [](Record* r) {
         r->mutable_subject()->set_id_number("11010519491231002x");
       },
       "subject.id_number", "id_number_format", "CF_XDR_ZJHM"},
      {"natural_person_passport_with_space", true,
       [](Record* r) {
         r->mutable_subject()->set_id_type(sgs::v1::PASSPORT);
         r->mutable_subject()->set_id_number("E1234 5678");
       },
       "subject.id_number", "id_number_format", "CF_XDR_ZJHM"},
      {"natural_person_permit_too_long_for_format", true,
       [](Record* r) {
         r->mutable_subject()->set_id_type(sgs::v1::TAIWAN_PERMIT);
         r->mutable_subject()->set_id_number(Repeat("A", 65));
       },
       "subject.id_number", "id_number_format", "CF_XDR_ZJHM"},
      {"natural_person_with_credit_code", true,
       [](Record* r) {
         r->mutable_subject()->set_credit_code("91350100M000100Y43");
       },
       "subject.credit_code", "must_be_empty", "CF_XDR_SHXYM"},

      // Licensing.
      {"licensing_document_name_empty", false,
       [](Record* r) {
         r->mutable_licensing()->clear_decision_document_name();
       },
       "licensing.decision_document_name", "required", "XK_XKWS"},
      {"licensing_document_number_too_long", false,
       [](Record* r) {
         r->mutable_licensing()->set_document_number(Repeat("1", 129));
       },
       "licensing.document_number", "too_long", "XK_WSH"},
      {"licensing_category_unspecified", false,
       [](Record* r) { r->mutable_licensing()->clear_category(); },
       "licensing.category", "enum_unspecified", "XK_XKLB"},
      {"licensing_status_unknown_number", false,
       [](Record* r) {
         r->mutable_licensing()->set_status(
             static_cast<sgs::v1::LicenseStatus>(99));
       },
       "licensing.status", "enum_unspecified", "XK_ZT"},
      {"licensing_content_too_long", false,
       [](Record* r) {
         r->mutable_licensing()->set_content(Repeat("内", 2001));
       },
       "licensing.content", "too_long", "XK_NR"},
      {"licensing_decision_date_slashes", false,
       [](Record* r) {
         r->mutable_licensing()->set_decision_date("2024/07/10");
       },
       "licensing.decision_date", "date_format", "XK_JDRQ"},
      {"licensing_decision_date_30_february", false,
       [](Record* r) {
         r->mutable_licensing()->set_decision_date("2024-02-30");
       },
       "licensing.decision_date", "date_format", "XK_JDRQ"},
      {"licensing_decision_date_in_future", false,
       [](Record* r) {
         r->mutable_licensing()->set_decision_date("2024-07-16");
       },
       "licensing.decision_date", "date_in_future", "XK_JDRQ"},
      {"licensing_decision_date_empty", false,
       [](Record* r) { r->mutable_licensing()->clear_decision_date(); },
       "licensing.decision_date", "required", "XK_JDRQ"},
      {"licensing_valid_to_before_valid_from", false,
       [](Record* r) { r->mutable_licensing()->set_valid_to("2024-07-09"); },
       "licensing.valid_to", "date_order", "XK_YXQZI"},
      {"licensing_authority_code_check_digit", false,
       [](Record* r) {
         r->mutable_licensing()->set_authority_code("91110000600037341X");
       },
       "licensing.authority_code", "check_digit", "XK_XKJGDM"},
      {"licensing_source_unit_code_empty", false,
       [](Record* r) { r->mutable_licensing()->clear_source_unit_code(); },
       "licensing.source_unit_code", "required", "XK_LYDWDM"},
      {"licensing_remarks_surrogate", false,
       [](Record* r) { r->mutable_licensing()->set_remarks("\xED\xA0\x80"); },
       "licensing.remarks", "invalid_utf8", "BZ"},

      // Penalty.
      {"penalty_violation_facts_empty", true,
       [](Record* r) { r->mutable_penalty()->clear_violation_facts(); },
       "penalty.violation_facts", "required", "CF_SY"},
      {"penalty_categories_empty", true,
       [](Record* r) { r->mutable_penalty()->clear_categories(); },
       "penalty.categories", "required", "CF_CFLB"},
      {"penalty_category_duplicate", true,
       [](Record* r) {
         r->mutable_penalty()->add_categories(sgs::v1::WARNING);
       },
       "penalty.categories[2]", "duplicate_value", "CF_CFLB"},
      {"penalty_category_unspecified", true,
       [](Record* r) {
         r->mutable_penalty()->set_categories(
             0, sgs::v1::PENALTY_CATEGORY_UNSPECIFIED);
       },
       "penalty.categories[0]", "enum_unspecified", "CF_CFLB"},
      {"penalty_category_unknown_number", true,
       [](Record* r) {
         r->mutable_penalty()->add_categories(
             static_cast<sgs::v1::PenaltyCategory>(99));
       },
       "penalty.categories[2]", "enum_unspecified", "CF_CFLB"},
      {"penalty_fine_missing", true,
       [](Record* r) { r->mutable_penalty()->clear_fine_amount(); },
       "penalty.fine_amount", "required", "CF_NR_FK"},
      {"penalty_fine_seven_decimals", true,
       [](Record* r) { r->mutable_penalty()->set_fine_amount("0.1234567"); },
       "penalty.fine_amount", "amount_format", "CF_NR_FK"},
      {"penalty_fine_negative", true,
       [](Record* r) { r->mutable_penalty()->set_fine_amount("-0.2"); },
       "penalty.fine_amount", "amount_format", "CF_NR_FK"},
      {"penalty_fine_in_yuan_with_comma", true,
       [](Record* r) { r->mutable_penalty()->set_fine_amount("2,000"); },
       "penalty.fine_amount", "amount_format", "CF_NR_FK"},
      {"penalty_fine_zero", true,
       [](Record* r) { r->mutable_penalty()->set_fine_amount("0.000"); },
       "penalty.fine_amount", "amount_not_positive", "CF_NR_FK"},
      {"penalty_confiscation_without_amount", true,
       [](Record* r) {
         r->mutable_penalty()->add_categories(
             sgs::v1::CONFISCATE_ILLEGAL_GAINS);
       },
       "penalty.confiscated_amount", "required", "CF_NR_WFFF"},
      {"penalty_revocation_without_licence", true,
       [](Record* r) {
         r->mutable_penalty()->add_categories(sgs::v1::REVOKE_LICENSE);
       },
       "penalty.suspended_license", "required", "CF_NR_ZKDX"},
      {"penalty_valid_until_before_decision", true,
       [](Record* r) { r->mutable_penalty()->set_valid_until("2024-07-07"); },
       "penalty.valid_until", "date_order", "CF_YXQ"},
      {"penalty_publicity_deadline_before_decision", true,
       [](Record* r) {
         r->mutable_penalty()->set_publicity_deadline("2024-07-01");
       },
       "penalty.publicity_deadline", "date_order", "CF_GSJZQ"},
      {"penalty_publicity_deadline_format", true,
       [](Record* r) {
         r->mutable_penalty()->set_publicity_deadline("2027-7-8");
       },
       "penalty.publicity_deadline", "date_format", "CF_GSJZQ"},
      {"penalty_authority_code_placeholder", true,
       [](Record* r) {
         r->mutable_penalty()->set_authority_code(
             std::string(kCreditCodePlaceholder));
       },
       "penalty.authority_code", "check_digit", "CF_CFJGDM"},
      {"penalty_source_unit_name_empty", true,
       [](Record* r) { r->mutable_penalty()->clear_source_unit_name(); },
       "penalty.source_unit_name", "required", "CF_SJLY"},
      {"penalty_remarks_overlong_utf8", true,
       [](Record* r) { r->mutable_penalty()->set_remarks("\xC0\xAF"); },
       "penalty.remarks", "invalid_utf8", "BZ"},
  };
}

TEST_F(ValidatorTest, EachMutationReportsExactlyItsViolation) {
  const std::vector<BadCase> cases = BadCases();
  ASSERT_GE(cases.size(), 30u);
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.name);
    Record r = c.penalty ? ValidPenalty() : ValidLicensing();
    c.mutate(&r);
    const auto violations = Validate(r);
    ASSERT_EQ(violations.size(), 1u) << Describe(violations);
    EXPECT_EQ(violations[0].field(), c.field);
    const std::string& description = violations[0].description();
    EXPECT_TRUE(absl::StartsWith(description, c.rule + ": ")) << description;
    EXPECT_TRUE(absl::StrContains(description, "(" + c.code + ")"))
        << description;
  }
}

TEST_F(ValidatorTest, LengthsCountCharactersNotBytes) {
  // 200 three-byte characters are 600 bytes but within the 200 limit.
  Record r = ValidLicensing();
  r.mutable_subject()->set_name(Repeat("字", 200));
  r.mutable_licensing()->set_content(Repeat("内", 2000));
  EXPECT_THAT(Summarize(Validate(r)), ::testing::IsEmpty());
}

TEST_F(ValidatorTest, LimitsAreConfigurable) {
  // (At most kMaxViolationsPerRecord are listed: the name limit is checked
  // on its own below.)
  ctx_.limits.max_document_number_length = 10;
  ctx_.limits.max_text_length = 5;
  ctx_.limits.max_penalty_categories = 1;
  Record r = ValidPenalty();
  EXPECT_THAT(
      Summarize(Validate(r)),
      ::testing::UnorderedElementsAre(
          // 11010519491231002X is 18 characters.
          "subject.id_number|too_long",
          // 殷教罚〔2024〕3号 is 11 characters.
          "penalty.document_number|too_long",
          // Texts longer than 5; dates (10 characters) fit.
          "penalty.violation_type|too_long", "penalty.violation_facts|too_long",
          "penalty.legal_basis|too_long", "penalty.content|too_long",
          // Two categories, limit one.
          "penalty.categories|too_many",
          // Credit codes are 18 characters, more than 10.
          "penalty.authority_code|too_long",
          "penalty.source_unit_code|too_long"));

  ctx_.limits = ValidationLimits();
  ctx_.limits.max_name_length = 4;
  r.mutable_subject()->set_name("一二三四五");
  EXPECT_THAT(Summarize(Validate(r)),
              ::testing::UnorderedElementsAre(
                  // Names longer than 4.
                  "subject.name|too_long", "penalty.authority_name|too_long",
                  "penalty.source_unit_name|too_long"));
}

TEST_F(ValidatorTest, ViolationsPerRecordAreBounded) {
  ctx_.limits.max_document_number_length = 10;
  ctx_.limits.max_text_length = 5;
  ctx_.limits.max_name_length = 4;
  Record r = ValidPenalty();
  r.mutable_subject()->set_name("一二三四五");
  const auto violations = Validate(r);
  ASSERT_EQ(violations.size(),
            static_cast<size_t>(kMaxViolationsPerRecord + 1));
  EXPECT_EQ(violations.back().field(), "record");
  EXPECT_THAT(violations.back().description(),
              ::testing::HasSubstr("more_violations: …及其他 1 项"));
}

TEST_F(ValidatorTest, BackFilledRecordMayNotPredateItsDecision) {
  // Received at 12:00 on 9 July, Beijing time: a decision of 10 July cannot
  // have been received then, though it is not in the future today.
  ctx_.receipt_time = BeijingTime(2024, 7, 9, 12, 0);
  const auto violations = Validate(ValidLicensing());
  EXPECT_THAT(
      Summarize(violations),
      ::testing::ElementsAre("licensing.decision_date|date_after_receipt"));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_TRUE(absl::StrContains(violations[0].description(), "(XK_JDRQ)"));
}

TEST_F(ValidatorTest, DatesAreJudgedInBeijingTime) {
  // A back-fill received at 16:30 UTC on 9 July, which is 00:30 on 10 July
  // in China: a decision of 10 July was made on the day it was received.
  ctx_.receipt_time = absl::FromCivil(absl::CivilSecond(2024, 7, 9, 16, 30, 0),
                                      absl::UTCTimeZone());
  EXPECT_THAT(Summarize(Validate(ValidLicensing())), ::testing::IsEmpty());
  ctx_.receipt_time = absl::FromCivil(absl::CivilSecond(2024, 7, 9, 15, 59, 0),
                                      absl::UTCTimeZone());
  EXPECT_THAT(
      Summarize(Validate(ValidLicensing())),
      ::testing::ElementsAre("licensing.decision_date|date_after_receipt"));
  // 00:30 on 10 July Beijing time is still 9 July in UTC: the decision is
  // today in China, not in the future.
  ctx_.now = BeijingTime(2024, 7, 10, 0, 30);
  ctx_.receipt_time = ctx_.now;
  EXPECT_THAT(Summarize(Validate(ValidLicensing())), ::testing::IsEmpty());
  // One minute earlier it is 9 July in China: the decision is in the future.
  ctx_.now = BeijingTime(2024, 7, 9, 23, 59);
  ctx_.receipt_time = ctx_.now;
  EXPECT_THAT(Summarize(Validate(ValidLicensing())),
              ::testing::ElementsAre("licensing.decision_date|date_in_future"));
}

TEST_F(ValidatorTest, ReportsEveryProblemOfARecord) {
  Record r = ValidPenalty();
  r.set_unit_code("nope");
  r.mutable_subject()->clear_name();
  r.mutable_subject()->set_id_number("11010519491231002Y");
  r.mutable_subject()->set_credit_code("91350100M000100Y43");
  auto* p = r.mutable_penalty();
  p->clear_legal_basis();
  p->add_categories(sgs::v1::FINE);
  p->add_categories(sgs::v1::SUSPEND_LICENSE);
  p->set_fine_amount("abc");
  p->set_decision_date("2024-08-01");
  p->set_valid_until("2024-07-31");
  p->set_authority_code("11230500001755309");
  EXPECT_THAT(
      Summarize(Validate(r)),
      ::testing::UnorderedElementsAre(
          "unit_code|unknown_unit", "subject.name|required",
          "subject.id_number|id_number_format",
          "subject.credit_code|must_be_empty", "penalty.legal_basis|required",
          "penalty.categories[2]|duplicate_value",
          "penalty.fine_amount|amount_format",
          "penalty.suspended_license|required",
          "penalty.decision_date|date_in_future",
          "penalty.valid_until|date_order",
          // The 11th (penalty.authority_code|check_digit) is past
          // kMaxViolationsPerRecord: counted, not listed.
          "record|more_violations"));
}

TEST_F(ValidatorTest, EmptyRecordReportsTheRequiredFields) {
  EXPECT_THAT(
      Summarize(Validate(Record())),
      ::testing::UnorderedElementsAre(
          "unit_code|required", "subject.name|required",
          "subject.subject_class|enum_unspecified", "decision|required"));
  Record r;
  r.mutable_licensing();
  const auto violations = Validate(r);
  EXPECT_THAT(
      Summarize(violations),
      ::testing::IsSupersetOf(
          {"licensing.decision_document_name|required",
           "licensing.document_number|required",
           "licensing.category|enum_unspecified", "licensing.content|required",
           "licensing.decision_date|required", "licensing.valid_from|required",
           "licensing.valid_to|required",
           // The rest are counted, not listed (kMaxViolationsPerRecord).
           "record|more_violations"}));
  EXPECT_THAT(violations.back().description(),
              ::testing::HasSubstr("…及其他 5 项"));
  // Messages use the licensing codes once the kind is known.
  for (const auto& v : violations) {
    if (v.field() == "subject.name") {
      EXPECT_EQ(v.description(),
                "required: 行政相对人名称 (XK_XDR_MC) 不能为空");
    }
  }
}

TEST_F(ValidatorTest, CategoryLimitIsConfigurable) {
  ctx_.limits.max_penalty_categories = 2;
  Record r = ValidPenalty();
  EXPECT_THAT(Summarize(Validate(r)), ::testing::IsEmpty());
  r.mutable_penalty()->add_categories(sgs::v1::PUBLIC_CRITICISM);
  EXPECT_THAT(Summarize(Validate(r)),
              ::testing::ElementsAre("penalty.categories|too_many"));
}

TEST_F(ValidatorTest, AmountWithoutItsCategoryIsTolerated) {
  Record r = ValidPenalty();
  r.mutable_penalty()->set_confiscated_amount("0");
  EXPECT_THAT(Summarize(Validate(r)), ::testing::IsEmpty());
  r.mutable_penalty()->set_confiscated_amount("1.5万");
  EXPECT_THAT(
      Summarize(Validate(r)),
      ::testing::ElementsAre("penalty.confiscated_amount|amount_format"));
}

TEST_F(ValidatorTest, ConcealmentRisk) {
  Record r = ValidLicensing();
  EXPECT_FALSE(IsConcealmentRisk(r));
  r.set_disclosure_scope(sgs::v1::PUBLIC);
  EXPECT_FALSE(IsConcealmentRisk(r));
  r.set_disclosure_scope(sgs::v1::GOVERNMENT_SHARING);
  EXPECT_TRUE(IsConcealmentRisk(r));
  r.set_scope_legal_basis(" \xE3\x80\x80");  // blanks state nothing
  EXPECT_TRUE(IsConcealmentRisk(r));
  r.set_scope_legal_basis("《中华人民共和国个人信息保护法》第二十八条");
  EXPECT_FALSE(IsConcealmentRisk(r));
  r.set_disclosure_scope(sgs::v1::AUTHORIZED_QUERY);
  EXPECT_FALSE(IsConcealmentRisk(r));
  r.clear_scope_legal_basis();
  EXPECT_TRUE(IsConcealmentRisk(r));
  // A concealment risk is accepted, not rejected.
  EXPECT_THAT(Summarize(Validate(r)), ::testing::IsEmpty());
}

}  // namespace
}  // namespace sgs::ingest
