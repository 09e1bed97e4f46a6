#include "ingest_service/validator.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>

#include "absl/container/node_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "common/check_digits.h"
#include "common/dates.h"
#include "common/standard_schema.h"

namespace sgs::ingest {
namespace {

using FieldViolation = google::rpc::BadRequest::FieldViolation;
using ::sgs::StandardColumn;
using sgs::v1::LicensingDecision;
using sgs::v1::PenaltyDecision;
using sgs::v1::Record;
using sgs::v1::Subject;
using sgs::v1::SubjectClass;

// ---------------------------------------------------------------------------
// Text helpers.
// ---------------------------------------------------------------------------

// Counts the code points of well-formed UTF-8; false on any malformed
// sequence (stray continuation byte, truncation, overlong form, surrogate,
// beyond U+10FFFF). Protobuf does not always enforce this for in-process
// records (the importer builds them from files), and stored text must be
// valid for every reader downstream.
bool CountUtf8(absl::string_view text, size_t* count) {
  size_t n = 0;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > text.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += len;
    ++n;
  }
  *count = n;
  return true;
}

// True when `text` holds nothing but ASCII whitespace and ideographic spaces
// (U+3000, common in text typed with a Chinese input method): a required
// field filled with blanks is as empty as an empty one.
bool IsBlank(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v') {
      ++i;
    } else if (text.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

bool HasNonZeroDigitIn(absl::string_view digits) {
  for (char c : digits) {
    if (c >= '1' && c <= '9') return true;
  }
  return false;
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

// "0.2", "15", "1.123456": digits, optionally a point and 1..6 decimals
// (amounts are in 万元 and the standard allows six decimals, i.e. 0.01 yuan).
bool IsDecimalAmount(absl::string_view text) {
  const size_t point = text.find('.');
  const absl::string_view integer = text.substr(0, point);
  if (integer.empty()) return false;
  for (char c : integer) {
    if (c < '0' || c > '9') return false;
  }
  if (point == absl::string_view::npos) return true;
  const absl::string_view fraction = text.substr(point + 1);
  if (fraction.empty() || fraction.size() > 6) return false;
  for (char c : fraction) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// True when the decimal `amount` (already IsDecimalAmount) is above
// `max_wan`: compared on its integer digits, so 10^120 costs nothing.
bool AmountExceeds(absl::string_view amount, int64_t max_wan) {
  const size_t dot = amount.find('.');
  absl::string_view integer = amount.substr(0, dot);
  while (integer.size() > 1 && integer.front() == '0') integer.remove_prefix(1);
  const absl::string_view fraction = dot == absl::string_view::npos
                                         ? absl::string_view()
                                         : amount.substr(dot + 1);
  if (integer.size() > 18) return true;
  int64_t whole = 0;
  for (char c : integer) whole = whole * 10 + (c - '0');
  if (whole != max_wan) return whole > max_wan;
  return HasNonZeroDigitIn(fraction);
}

bool HasNonZeroDigit(absl::string_view amount) {
  for (char c : amount) {
    if (c >= '1' && c <= '9') return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Field naming.
// ---------------------------------------------------------------------------

enum class Kind { kUnknown, kLicensing, kPenalty };

// A field as messages name it: proto path, the standard's Chinese name and
// its field code.
struct Field {
  std::string path;
  std::string label;
  std::string code;
};

// The field at `path` as the standard names it (common/standard_schema.h).
// Subject fields carry the same code under both prefixes (XK_XDR_MC and
// CF_XDR_MC); a record with no decision gets both.
Field MakeStdField(Kind kind, absl::string_view path) {
  sgs::v1::RecordKind lookup =
      kind == Kind::kPenalty ? sgs::v1::PENALTY : sgs::v1::LICENSING;
  if (absl::StartsWith(path, "penalty.")) lookup = sgs::v1::PENALTY;
  if (absl::StartsWith(path, "licensing.")) lookup = sgs::v1::LICENSING;
  const StandardColumn* column = FindStandardColumn(lookup, path);
  if (column == nullptr) {
    return Field{std::string(path), std::string(path), std::string(path)};
  }
  Field field{std::string(path), column->name, column->code};
  if (kind == Kind::kUnknown && absl::StartsWith(path, "subject.")) {
    const std::string& suffix = column->spec->code();
    field.code = absl::StrCat("XK_", suffix, "/CF_", suffix);
  }
  return field;
}

// The same, made once per (kind, path) and thread: every record names some
// forty fields, and building their labels per record was a twentieth of a
// back-fill's CPU (issue 11); a cache shared by the threads cost a lock per
// field. Each thread holds a few dozen fields (a few KB). The references
// stay valid for the thread's life (node-based map, never erased).
using FieldCache = std::array<absl::node_hash_map<std::string, Field>, 3>;

const Field& StdField(Kind kind, absl::string_view path) {
  // By Kind (kUnknown, kLicensing, kPenalty), then path.
  thread_local FieldCache cache;
  auto& fields = cache[static_cast<int>(kind)];
  auto it = fields.find(path);
  if (it != fields.end()) return it->second;
  return fields.try_emplace(std::string(path), MakeStdField(kind, path))
      .first->second;
}

// StdField(kind, "subject." + name), without building the path per call.
const Field& SubjectField(Kind kind, absl::string_view name) {
  thread_local std::array<absl::node_hash_map<std::string, const Field*>, 3>
      cache;
  auto& fields = cache[static_cast<int>(kind)];
  auto it = fields.find(name);
  if (it != fields.end()) return *it->second;
  const Field& field = StdField(kind, absl::StrCat("subject.", name));
  fields.try_emplace(std::string(name), &field);
  return field;
}

std::string SubjectClassName(SubjectClass subject_class) {
  return CodeText(sgs::v1::SubjectClass_descriptor(), subject_class);
}

std::string PenaltyCategoryName(int category) {
  return CodeText(sgs::v1::PenaltyCategory_descriptor(), category);
}

std::string CreditCodeReason(IdentifierError error) {
  switch (error) {
    case IdentifierError::kLength:
      return "长度应为 18 位";
    case IdentifierError::kCharacter:
      return "含有不允许的字符（只能是数字和除 I、O、Z、S、V 以外的大写字母）";
    case IdentifierError::kCheckDigit:
      return "校验码错误";
    case IdentifierError::kBirthDate:
    case IdentifierError::kNone:
      break;
  }
  return "格式错误";
}

// ---------------------------------------------------------------------------
// The checker: collects violations for one record.
// ---------------------------------------------------------------------------

class Checker {
 public:
  Checker(const ValidationContext& ctx, std::vector<FieldViolation>* out)
      : ctx_(ctx), out_(out) {}

  void Add(const Field& field, absl::string_view rule,
           absl::string_view message) {
    ++found_;
    // Bounded: a record with 10^6 bad repeated entries costs no more than
    // one with kMaxViolationsPerRecord.
    if (static_cast<int>(out_->size()) >= kMaxViolationsPerRecord) return;
    FieldViolation* v = &out_->emplace_back();
    v->set_field(field.path);
    v->set_description(
        absl::StrCat(rule, ": ", field.label, " (", field.code, ") ", message));
  }

  // Encoding and length. Returns true when the value may be checked further
  // (rules that quote or parse a value must not see malformed text).
  bool CheckText(const Field& field, const std::string& value, int max_length) {
    size_t chars = 0;
    if (!CountUtf8(value, &chars)) {
      Add(field, rules::kInvalidUtf8, "不是有效的 UTF-8 文本");
      return false;
    }
    if (chars > static_cast<size_t>(max_length)) {
      Add(field, rules::kTooLong,
          absl::StrCat("长度为 ", chars, " 个字符，超过上限 ", max_length,
                       " 个字符"));
      return false;
    }
    return true;
  }

  // A required text field. Returns true when it is present and usable.
  bool CheckRequiredText(const Field& field, const std::string& value,
                         int max_length) {
    if (!CheckText(field, value, max_length)) return false;
    if (IsBlank(value)) {
      Add(field, rules::kRequired, "不能为空");
      return false;
    }
    return true;
  }

  // An optional text field. Returns true when it is present and usable.
  bool CheckOptionalText(const Field& field, const std::string& value,
                         int max_length) {
    return CheckText(field, value, max_length) && !IsBlank(value);
  }

  // A date field, strict YYYY-MM-DD. nullopt when absent or invalid.
  absl::optional<absl::CivilDay> CheckDate(const Field& field,
                                           const std::string& value,
                                           bool required) {
    const bool present =
        required ? CheckRequiredText(field, value,
                                     limits().max_document_number_length)
                 : CheckOptionalText(field, value,
                                     limits().max_document_number_length);
    if (!present) return absl::nullopt;
    absl::StatusOr<absl::CivilDay> day = ParseDate(value);
    if (!day.ok()) {
      Add(field, rules::kDateFormat,
          absl::StrCat("\"", value, "\" 不是有效日期，格式应为 YYYY-MM-DD"));
      return absl::nullopt;
    }
    return *day;
  }

  // A decision date may be neither in the future nor after the record's
  // receipt. For a live submission the two coincide, so only the first is
  // reported.
  void CheckDecisionDateBounds(const Field& field, absl::CivilDay day) {
    const absl::CivilDay today = ChinaDate(ctx_.now);
    const absl::CivilDay receipt_day = ChinaDate(ctx_.receipt_time);
    if (day > today) {
      Add(field, rules::kDateInFuture,
          absl::StrCat(FormatDate(day), " 晚于今天 ", FormatDate(today),
                       "（北京时间）"));
    } else if (day > receipt_day) {
      Add(field, rules::kDateAfterReceipt,
          absl::StrCat(FormatDate(day), " 晚于归集日期 ",
                       FormatDate(receipt_day)));
    }
  }

  // `later` must not be before `earlier`; reported on `later`.
  void CheckDateOrder(const Field& earlier_field,
                      absl::optional<absl::CivilDay> earlier,
                      const Field& later_field,
                      absl::optional<absl::CivilDay> later) {
    if (!earlier || !later || *later >= *earlier) return;
    Add(later_field, rules::kDateOrder,
        absl::StrCat(FormatDate(*later), " 早于", earlier_field.label, " (",
                     earlier_field.code, ") ", FormatDate(*earlier)));
  }

  // A required enum: unspecified (0) or a number the schema does not know.
  template <typename IsValidFn>
  bool CheckRequiredEnum(const Field& field, int value, IsValidFn is_valid) {
    if (value == 0) {
      Add(field, rules::kEnumUnspecified, "未指定");
      return false;
    }
    if (!is_valid(value)) {
      Add(field, rules::kEnumUnspecified,
          absl::StrCat("取值 ", value, " 无效"));
      return false;
    }
    return true;
  }

  // A required credit code (统一社会信用代码) with its check digit.
  void CheckRequiredCreditCode(const Field& field, const std::string& value) {
    if (!CheckRequiredText(field, value, limits().max_document_number_length)) {
      return;
    }
    CheckCreditCodeValue(field, value);
  }

  void CheckCreditCodeValue(const Field& field, const std::string& value) {
    const IdentifierError error = CheckCreditCode(value);
    if (error == IdentifierError::kNone) return;
    if (value == kCreditCodePlaceholder) {
      Add(field, rules::kCheckDigit,
          absl::StrCat("\"", value,
                       "\" 是个体工商户无代码时使用的占位代码，此处须填写有效的"
                       "统一社会信用代码"));
      return;
    }
    Add(field, rules::kCheckDigit,
        absl::StrCat("\"", value, "\" 不是有效的统一社会信用代码：",
                     CreditCodeReason(error)));
  }

  void CheckSubject(const Subject& subject, Kind kind);
  void CheckLicensing(const LicensingDecision& licensing);
  void CheckPenalty(const PenaltyDecision& penalty);

  const ValidationLimits& limits() const { return ctx_.limits; }

  // Violations found beyond those kept.
  int64_t dropped() const {
    return found_ - static_cast<int64_t>(out_->size());
  }

 private:
  const ValidationContext& ctx_;
  std::vector<FieldViolation>* out_;
  int64_t found_ = 0;
};

void Checker::CheckSubject(const Subject& subject, Kind kind) {
  const auto field = [kind](absl::string_view name) -> const Field& {
    return SubjectField(kind, name);
  };
  const Field& name = field("name");
  const Field& subject_class = field("subject_class");
  const Field& credit_code = field("credit_code");
  const Field& registration = field("business_registration_number");
  const Field& legal_rep = field("legal_representative");
  const Field& id_type = field("id_type");
  const Field& id_number = field("id_number");

  const int code_limit = limits().max_document_number_length;
  const int name_limit = limits().max_name_length;

  CheckRequiredText(name, subject.name(), name_limit);
  const bool class_ok = CheckRequiredEnum(
      subject_class, subject.subject_class(), sgs::v1::SubjectClass_IsValid);

  // For each conditional field: well-formed and within limits (*_ok), and
  // then either blank or present (has_*). A malformed value has already
  // been reported and is neither.
  const bool credit_code_ok =
      CheckText(credit_code, subject.credit_code(), code_limit);
  const bool has_credit_code =
      credit_code_ok && !IsBlank(subject.credit_code());
  const bool credit_code_blank =
      credit_code_ok && IsBlank(subject.credit_code());
  const bool registration_ok = CheckText(
      registration, subject.business_registration_number(), code_limit);
  CheckText(field("organization_code"), subject.organization_code(),
            code_limit);
  CheckText(field("tax_registration_number"), subject.tax_registration_number(),
            code_limit);
  CheckText(field("public_institution_number"),
            subject.public_institution_number(), code_limit);
  CheckText(field("social_organization_number"),
            subject.social_organization_number(), code_limit);
  const bool legal_rep_ok =
      CheckText(legal_rep, subject.legal_representative(), name_limit);
  const bool id_number_ok =
      CheckText(id_number, subject.id_number(), code_limit);
  const bool has_id_number = id_number_ok && !IsBlank(subject.id_number());

  if (!class_ok) return;  // The class decides which rules apply.
  const std::string class_name =
      SubjectClassName(static_cast<SubjectClass>(subject.subject_class()));
  const std::string must_be_empty_message =
      absl::StrCat("对", class_name, "应为空");

  switch (subject.subject_class()) {
    case sgs::v1::LEGAL_ENTITY:
      if (has_credit_code) {
        CheckCreditCodeValue(credit_code, subject.credit_code());
      } else if (credit_code_blank) {
        Add(credit_code, rules::kRequired,
            absl::StrCat("对", class_name, "不能为空"));
      }
      if (legal_rep_ok && IsBlank(subject.legal_representative())) {
        Add(legal_rep, rules::kRequired,
            absl::StrCat("对", class_name, "不能为空"));
      }
      if (subject.id_type() != sgs::v1::ID_DOCUMENT_TYPE_UNSPECIFIED) {
        Add(id_type, rules::kMustBeEmpty, must_be_empty_message);
      }
      if (has_id_number) {
        Add(id_number, rules::kMustBeEmpty, must_be_empty_message);
      }
      break;

    case sgs::v1::INDIVIDUAL_BUSINESS:
      if (has_credit_code) {
        if (subject.credit_code() == kCreditCodePlaceholder) {
          // No credit code yet: the 工商注册号 identifies the business.
          if (registration_ok &&
              IsBlank(subject.business_registration_number())) {
            Add(registration, rules::kRequired,
                absl::StrCat("统一社会信用代码为占位代码 ",
                             kCreditCodePlaceholder, " 时不能为空"));
          }
        } else {
          CheckCreditCodeValue(credit_code, subject.credit_code());
        }
      } else if (credit_code_blank) {
        Add(credit_code, rules::kRequired,
            absl::StrCat("对", class_name, "不能为空（无代码时填写占位代码 ",
                         kCreditCodePlaceholder, "）"));
      }
      break;

    case sgs::v1::NATURAL_PERSON: {
      const int type = subject.id_type();
      bool type_ok = false;
      if (type == sgs::v1::ID_DOCUMENT_TYPE_UNSPECIFIED) {
        Add(id_type, rules::kRequired,
            absl::StrCat("对", class_name, "不能为空"));
      } else if (!sgs::v1::IdDocumentType_IsValid(type)) {
        Add(id_type, rules::kEnumUnspecified,
            absl::StrCat("取值 ", type, " 无效"));
      } else {
        type_ok = true;
      }
      if (id_number_ok && IsBlank(subject.id_number())) {
        Add(id_number, rules::kRequired,
            absl::StrCat("对", class_name, "不能为空"));
      } else if (has_id_number && type_ok) {
        const std::string& number = subject.id_number();
        if (type == sgs::v1::RESIDENT_ID_CARD) {
          const IdentifierError error = CheckResidentIdNumber(number);
          if (error == IdentifierError::kCheckDigit) {
            Add(id_number, rules::kCheckDigit,
                "不是有效的公民身份号码：校验码错误");
          } else if (error == IdentifierError::kBirthDate) {
            Add(id_number, rules::kIdNumberFormat,
                "不是有效的公民身份号码：第 7-14 位不是有效的出生日期");
          } else if (error != IdentifierError::kNone) {
            Add(id_number, rules::kIdNumberFormat,
                "不是有效的公民身份号码：应为 18 位，前 17 位为数字，"
                "末位为数字或大写 X");
          }
        } else {
          // Passports and permits have no public checksum: only the shape.
          bool shape_ok = !number.empty() && number.size() <= 64;
          for (char c : number) {
            if (!IsAsciiAlnum(c) && c != '-') shape_ok = false;
          }
          if (!shape_ok) {
            Add(id_number, rules::kIdNumberFormat,
                "应为 1 至 64 位字母、数字或连字符");
          }
        }
      }
      if (has_credit_code) {
        Add(credit_code, rules::kMustBeEmpty, must_be_empty_message);
      }
      break;
    }

    default:
      break;
  }
}

void Checker::CheckLicensing(const LicensingDecision& licensing) {
  const int text_limit = limits().max_text_length;
  const int name_limit = limits().max_name_length;
  const int code_limit = limits().max_document_number_length;

  CheckRequiredText(
      StdField(Kind::kUnknown, "licensing.decision_document_name"),
      licensing.decision_document_name(), name_limit);
  CheckRequiredText(StdField(Kind::kUnknown, "licensing.document_number"),
                    licensing.document_number(), code_limit);
  CheckRequiredEnum(StdField(Kind::kUnknown, "licensing.category"),
                    licensing.category(), sgs::v1::LicenseCategory_IsValid);
  CheckText(StdField(Kind::kUnknown, "licensing.certificate_name"),
            licensing.certificate_name(), name_limit);
  CheckText(StdField(Kind::kUnknown, "licensing.license_number"),
            licensing.license_number(), code_limit);
  CheckRequiredText(StdField(Kind::kUnknown, "licensing.content"),
                    licensing.content(), text_limit);

  const Field& decision_date =
      StdField(Kind::kUnknown, "licensing.decision_date");
  const Field& valid_from = StdField(Kind::kUnknown, "licensing.valid_from");
  const Field& valid_to = StdField(Kind::kUnknown, "licensing.valid_to");
  const absl::optional<absl::CivilDay> decided =
      CheckDate(decision_date, licensing.decision_date(), /*required=*/true);
  if (decided) CheckDecisionDateBounds(decision_date, *decided);
  const absl::optional<absl::CivilDay> from =
      CheckDate(valid_from, licensing.valid_from(), /*required=*/true);
  const absl::optional<absl::CivilDay> to =
      CheckDate(valid_to, licensing.valid_to(), /*required=*/true);
  CheckDateOrder(valid_from, from, valid_to, to);

  CheckRequiredText(StdField(Kind::kUnknown, "licensing.authority_name"),
                    licensing.authority_name(), name_limit);
  CheckRequiredCreditCode(StdField(Kind::kUnknown, "licensing.authority_code"),
                          licensing.authority_code());
  CheckRequiredEnum(StdField(Kind::kUnknown, "licensing.status"),
                    licensing.status(), sgs::v1::LicenseStatus_IsValid);
  CheckRequiredText(StdField(Kind::kUnknown, "licensing.source_unit_name"),
                    licensing.source_unit_name(), name_limit);
  CheckRequiredCreditCode(
      StdField(Kind::kUnknown, "licensing.source_unit_code"),
      licensing.source_unit_code());
  CheckText(StdField(Kind::kUnknown, "licensing.remarks"), licensing.remarks(),
            text_limit);
}

void Checker::CheckPenalty(const PenaltyDecision& penalty) {
  const int text_limit = limits().max_text_length;
  const int name_limit = limits().max_name_length;
  const int code_limit = limits().max_document_number_length;

  CheckRequiredText(StdField(Kind::kUnknown, "penalty.document_number"),
                    penalty.document_number(), code_limit);
  CheckRequiredText(StdField(Kind::kUnknown, "penalty.violation_type"),
                    penalty.violation_type(), text_limit);
  CheckRequiredText(StdField(Kind::kUnknown, "penalty.violation_facts"),
                    penalty.violation_facts(), text_limit);
  CheckRequiredText(StdField(Kind::kUnknown, "penalty.legal_basis"),
                    penalty.legal_basis(), text_limit);

  // 处罚类别: one or more, each a known category, none twice.
  const Field& categories = StdField(Kind::kUnknown, "penalty.categories");
  // The bound: the standard's code list (every value at most once), or
  // the configured limit when lower.
  const int max_categories =
      std::min(limits().max_penalty_categories,
               sgs::v1::PenaltyCategory_descriptor()->value_count() - 1);
  std::set<int> present;
  if (penalty.categories_size() == 0) {
    Add(categories, rules::kRequired, "至少填写一项");
  } else if (penalty.categories_size() > max_categories) {
    Add(categories, rules::kTooMany,
        absl::StrCat("共 ", penalty.categories_size(), " 项，超过上限 ",
                     max_categories, " 项"));
  }
  // Past the bound the entries are not looked at one by one (a record of
  // 10^6 entries is refused as a whole), except to see which are present.
  const int checked_categories =
      std::min(penalty.categories_size(), max_categories);
  for (int i = 0; i < checked_categories; ++i) {
    const int category = penalty.categories(i);
    const Field item{absl::StrCat("penalty.categories[", i, "]"), "处罚类别",
                     "CF_CFLB"};
    if (!CheckRequiredEnum(item, category, sgs::v1::PenaltyCategory_IsValid)) {
      continue;
    }
    if (!present.insert(category).second) {
      Add(item, rules::kDuplicateValue,
          absl::StrCat(PenaltyCategoryName(category), " 重复出现"));
    }
  }
  for (int i = checked_categories; i < penalty.categories_size(); ++i) {
    if (sgs::v1::PenaltyCategory_IsValid(penalty.categories(i))) {
      present.insert(penalty.categories(i));
    }
  }

  CheckRequiredText(StdField(Kind::kUnknown, "penalty.content"),
                    penalty.content(), text_limit);

  // Amounts (万元) and the licence concerned, required by their categories.
  const auto check_amount = [&](const Field& field, const std::string& value,
                                bool category_present,
                                absl::string_view categories_text) {
    if (!CheckText(field, value, code_limit)) return;
    if (IsBlank(value)) {
      if (category_present) {
        Add(field, rules::kRequired,
            absl::StrCat("处罚类别含", categories_text, "时不能为空"));
      }
      return;
    }
    if (!IsDecimalAmount(value)) {
      Add(field, rules::kAmountFormat,
          absl::StrCat("\"", value,
                       "\" 不是有效金额：单位为万元，最多 6 位小数，如 0.2"));
      return;
    }
    if (AmountExceeds(value, limits().max_amount_wan)) {
      Add(field, rules::kAmountTooLarge,
          absl::StrCat("\"", value, "\" 超过上限 ", limits().max_amount_wan,
                       " 万元（--max_amount_wan），请核对单位是否为万元"));
      return;
    }
    // An amount without its category is tolerated (some platforms fill
    // 0 there); with the category it must be a real amount.
    if (category_present && !HasNonZeroDigit(value)) {
      Add(field, rules::kAmountNotPositive,
          absl::StrCat("处罚类别含", categories_text, "时应大于 0"));
    }
  };
  check_amount(StdField(Kind::kUnknown, "penalty.fine_amount"),
               penalty.fine_amount(), present.count(sgs::v1::FINE) > 0, "罚款");
  check_amount(StdField(Kind::kUnknown, "penalty.confiscated_amount"),
               penalty.confiscated_amount(),
               present.count(sgs::v1::CONFISCATE_ILLEGAL_GAINS) > 0 ||
                   present.count(sgs::v1::CONFISCATE_ILLEGAL_PROPERTY) > 0,
               "没收违法所得或没收非法财物");
  const Field& suspended =
      StdField(Kind::kUnknown, "penalty.suspended_license");
  if (CheckText(suspended, penalty.suspended_license(), name_limit) &&
      IsBlank(penalty.suspended_license()) &&
      (present.count(sgs::v1::SUSPEND_LICENSE) > 0 ||
       present.count(sgs::v1::REVOKE_LICENSE) > 0)) {
    Add(suspended, rules::kRequired,
        "处罚类别含暂扣许可证件或吊销许可证件时不能为空");
  }

  const Field& decision_date =
      StdField(Kind::kUnknown, "penalty.decision_date");
  const Field& valid_until = StdField(Kind::kUnknown, "penalty.valid_until");
  const Field& publicity_deadline =
      StdField(Kind::kUnknown, "penalty.publicity_deadline");
  const absl::optional<absl::CivilDay> decided =
      CheckDate(decision_date, penalty.decision_date(), /*required=*/true);
  if (decided) CheckDecisionDateBounds(decision_date, *decided);
  const absl::optional<absl::CivilDay> until =
      CheckDate(valid_until, penalty.valid_until(), /*required=*/true);
  CheckDateOrder(decision_date, decided, valid_until, until);
  const absl::optional<absl::CivilDay> deadline = CheckDate(
      publicity_deadline, penalty.publicity_deadline(), /*required=*/false);
  CheckDateOrder(decision_date, decided, publicity_deadline, deadline);

  CheckRequiredText(StdField(Kind::kUnknown, "penalty.authority_name"),
                    penalty.authority_name(), name_limit);
  CheckRequiredCreditCode(StdField(Kind::kUnknown, "penalty.authority_code"),
                          penalty.authority_code());
  CheckRequiredText(StdField(Kind::kUnknown, "penalty.source_unit_name"),
                    penalty.source_unit_name(), name_limit);
  CheckRequiredCreditCode(StdField(Kind::kUnknown, "penalty.source_unit_code"),
                          penalty.source_unit_code());
  CheckText(StdField(Kind::kUnknown, "penalty.remarks"), penalty.remarks(),
            text_limit);
}

}  // namespace

std::vector<FieldViolation> ValidateRecord(const Record& record,
                                           const ValidationContext& ctx) {
  std::vector<FieldViolation> violations;
  Checker checker(ctx, &violations);

  Kind kind = Kind::kUnknown;
  if (record.has_licensing()) kind = Kind::kLicensing;
  if (record.has_penalty()) kind = Kind::kPenalty;

  const Field& unit = StdField(kind, "unit_code");
  if (checker.CheckRequiredText(unit, record.unit_code(),
                                ctx.limits.max_document_number_length) &&
      ctx.registry != nullptr &&
      ctx.registry->FindByCode(record.unit_code()) == nullptr) {
    checker.Add(unit, rules::kUnknownUnit,
                absl::StrCat("\"", record.unit_code(), "\" 不在单位名录中"));
  }

  // Unspecified means 社会公开; only numbers the schema lacks are wrong.
  if (!sgs::v1::DisclosureScope_IsValid(record.disclosure_scope())) {
    checker.Add(StdField(kind, "disclosure_scope"), rules::kEnumUnspecified,
                absl::StrCat("取值 ", record.disclosure_scope(), " 无效"));
  }
  checker.CheckText(StdField(kind, "scope_legal_basis"),
                    record.scope_legal_basis(), ctx.limits.max_text_length);

  checker.CheckSubject(record.subject(), kind);

  switch (record.decision_case()) {
    case Record::kLicensing:
      checker.CheckLicensing(record.licensing());
      break;
    case Record::kPenalty:
      checker.CheckPenalty(record.penalty());
      break;
    case Record::DECISION_NOT_SET:
      checker.Add({"decision", "决定信息", "licensing/penalty"},
                  rules::kRequired,
                  "须填写行政许可决定 (licensing) 或行政处罚决定 (penalty) "
                  "之一");
      break;
  }
  if (const int64_t dropped = checker.dropped(); dropped > 0) {
    FieldViolation* more = &violations.emplace_back();
    more->set_field("record");
    more->set_description(absl::StrCat(
        rules::kMoreViolations, ": …及其他 ", dropped,
        " 项问题未列出（每条记录最多列出 ", kMaxViolationsPerRecord,
        " 项；请先更正以上问题后重新报送）"));
  }
  return violations;
}

bool IsConcealmentRisk(const Record& record) {
  const bool non_public =
      record.disclosure_scope() == sgs::v1::GOVERNMENT_SHARING ||
      record.disclosure_scope() == sgs::v1::AUTHORIZED_QUERY;
  return non_public && IsBlank(record.scope_legal_basis());
}

std::string ConcealmentRiskReason(const Record& record) {
  if (!IsConcealmentRisk(record)) return "";
  const sgs::v1::RecordKind kind =
      record.has_penalty() ? sgs::v1::PENALTY : sgs::v1::LICENSING;
  const StandardColumn* scope = FindStandardColumn(kind, "disclosure_scope");
  const StandardColumn* basis = FindStandardColumn(kind, "scope_legal_basis");
  return absl::StrCat(
      "瞒报风险：", scope->name, "（", scope->code, "）为",
      CodeText(sgs::v1::DisclosureScope_descriptor(),
               record.disclosure_scope()),
      "，但未填写", basis->name, "（", basis->code,
      "）；记录已接收，但在通报中计为瞒报风险。请补填法律依据后重新报送"
      "（按更正处理），或改为社会公开");
}

}  // namespace sgs::ingest
