#include "importer/row_mapping.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/dates.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "importer/csv_reader.h"

namespace sgs::importer {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::EnumDescriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using ::sgs::v1::Record;
using ::sgs::v1::RecordKind;

enum class CellType {
  kText,
  kDate,
  kSubjectClass,
  kIdType,
  kLicenseCategory,
  kLicenseStatus,
  kPenaltyCategories,
  kDisclosureScope,
};

// Where a column's value goes.
enum class Target {
  kSubject,    // Record.subject.<field>
  kLicensing,  // Record.licensing.<field>
  kPenalty,    // Record.penalty.<field>
  kRecord,     // Record.<field>
  kRemarks,    // BZ: licensing or penalty remarks, by the row's kind
  kKind,       // KIND
  kReceipt,    // GJSJ
};

struct FieldDef {
  absl::string_view code;   // column code, or suffix after XK_/CF_
  absl::string_view field;  // proto field name in the target message
  CellType type;
};

// Subject columns exist with both prefixes: XK_<suffix> and CF_<suffix>.
constexpr FieldDef kSubjectFields[] = {
    {"XDR_MC", "name", CellType::kText},
    {"XDR_LB", "subject_class", CellType::kSubjectClass},
    {"XDR_SHXYM", "credit_code", CellType::kText},
    {"XDR_GSZC", "business_registration_number", CellType::kText},
    {"XDR_ZZJG", "organization_code", CellType::kText},
    {"XDR_SWDJ", "tax_registration_number", CellType::kText},
    {"XDR_SYDW", "public_institution_number", CellType::kText},
    {"XDR_SHZZ", "social_organization_number", CellType::kText},
    {"FRDB", "legal_representative", CellType::kText},
    {"XDR_ZJLX", "id_type", CellType::kIdType},
    {"XDR_ZJHM", "id_number", CellType::kText},
};

constexpr FieldDef kLicensingFields[] = {
    {"XK_XKWS", "decision_document_name", CellType::kText},
    {"XK_WSH", "document_number", CellType::kText},
    {"XK_XKLB", "category", CellType::kLicenseCategory},
    {"XK_XKZS", "certificate_name", CellType::kText},
    {"XK_XKBH", "license_number", CellType::kText},
    {"XK_NR", "content", CellType::kText},
    {"XK_JDRQ", "decision_date", CellType::kDate},
    {"XK_YXQZ", "valid_from", CellType::kDate},
    {"XK_YXQZI", "valid_to", CellType::kDate},
    {"XK_XKJG", "authority_name", CellType::kText},
    {"XK_XKJGDM", "authority_code", CellType::kText},
    {"XK_ZT", "status", CellType::kLicenseStatus},
    {"XK_LYDW", "source_unit_name", CellType::kText},
    {"XK_LYDWDM", "source_unit_code", CellType::kText},
};

constexpr FieldDef kPenaltyFields[] = {
    {"CF_WSH", "document_number", CellType::kText},
    {"CF_WFXW", "violation_type", CellType::kText},
    {"CF_SY", "violation_facts", CellType::kText},
    {"CF_YJ", "legal_basis", CellType::kText},
    {"CF_CFLB", "categories", CellType::kPenaltyCategories},
    {"CF_NR", "content", CellType::kText},
    {"CF_NR_FK", "fine_amount", CellType::kText},
    {"CF_NR_WFFF", "confiscated_amount", CellType::kText},
    {"CF_NR_ZKDX", "suspended_license", CellType::kText},
    {"CF_JDRQ", "decision_date", CellType::kDate},
    {"CF_YXQ", "valid_until", CellType::kDate},
    {"CF_GSJZQ", "publicity_deadline", CellType::kDate},
    {"CF_CFJG", "authority_name", CellType::kText},
    {"CF_CFJGDM", "authority_code", CellType::kText},
    {"CF_SJLY", "source_unit_name", CellType::kText},
    {"CF_SJLYDM", "source_unit_code", CellType::kText},
};

constexpr FieldDef kRecordFields[] = {
    {"DWDM", "unit_code", CellType::kText},
    {"GKFW", "disclosure_scope", CellType::kDisclosureScope},
    {"GKYJ", "scope_legal_basis", CellType::kText},
};

constexpr absl::string_view kRemarksColumn = "BZ";
constexpr absl::string_view kKindColumn = "KIND";
constexpr absl::string_view kReceiptColumn = "GJSJ";
constexpr absl::string_view kUnitColumn = "DWDM";

struct Column {
  Target target;
  // LICENSING or PENALTY for XK_/CF_ columns: the row must be of that kind.
  RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
  absl::string_view field;
  CellType type = CellType::kText;
};

absl::optional<Column> ResolveColumn(absl::string_view code) {
  for (const FieldDef& def : kLicensingFields) {
    if (code == def.code) {
      return Column{Target::kLicensing, sgs::v1::LICENSING, def.field,
                    def.type};
    }
  }
  for (const FieldDef& def : kPenaltyFields) {
    if (code == def.code) {
      return Column{Target::kPenalty, sgs::v1::PENALTY, def.field, def.type};
    }
  }
  for (const FieldDef& def : kRecordFields) {
    if (code == def.code) {
      return Column{Target::kRecord, sgs::v1::RECORD_KIND_UNSPECIFIED,
                    def.field, def.type};
    }
  }
  RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
  absl::string_view suffix = code;
  if (absl::ConsumePrefix(&suffix, "XK_")) {
    kind = sgs::v1::LICENSING;
  } else if (absl::ConsumePrefix(&suffix, "CF_")) {
    kind = sgs::v1::PENALTY;
  }
  if (kind != sgs::v1::RECORD_KIND_UNSPECIFIED) {
    for (const FieldDef& def : kSubjectFields) {
      if (suffix == def.code) {
        return Column{Target::kSubject, kind, def.field, def.type};
      }
    }
    // The older standard's 信息使用范围 is the same thing as GKFW.
    if (suffix == "SYFW") {
      return Column{Target::kRecord, kind, "disclosure_scope",
                    CellType::kDisclosureScope};
    }
    return absl::nullopt;
  }
  if (code == kRemarksColumn) return Column{Target::kRemarks, sgs::v1::RECORD_KIND_UNSPECIFIED, "", CellType::kText};
  if (code == kKindColumn) return Column{Target::kKind, sgs::v1::RECORD_KIND_UNSPECIFIED, "", CellType::kText};
  if (code == kReceiptColumn) return Column{Target::kReceipt, sgs::v1::RECORD_KIND_UNSPECIFIED, "", CellType::kText};
  return absl::nullopt;
}

// Chinese texts accepted for an enum cell, besides the proto value names.
struct EnumText {
  absl::string_view text;
  int value;
};

constexpr EnumText kSubjectClassTexts[] = {
    {"法人及非法人组织", sgs::v1::LEGAL_ENTITY},
    {"自然人", sgs::v1::NATURAL_PERSON},
    {"个体工商户", sgs::v1::INDIVIDUAL_BUSINESS},
};
constexpr EnumText kIdTypeTexts[] = {
    {"身份证", sgs::v1::RESIDENT_ID_CARD},
    {"居民身份证", sgs::v1::RESIDENT_ID_CARD},
    {"护照", sgs::v1::PASSPORT},
    {"港澳居民来往内地通行证", sgs::v1::HONG_KONG_MACAO_PERMIT},
    {"台湾居民来往大陆通行证", sgs::v1::TAIWAN_PERMIT},
    {"外国人永久居留身份证", sgs::v1::FOREIGNER_PERMANENT_RESIDENCE},
};
constexpr EnumText kLicenseCategoryTexts[] = {
    {"普通", sgs::v1::ORDINARY},     {"特许", sgs::v1::FRANCHISE},
    {"认可", sgs::v1::RECOGNITION},  {"核准", sgs::v1::APPROVAL},
    {"登记", sgs::v1::REGISTRATION}, {"其他", sgs::v1::LICENSE_OTHER},
};
constexpr EnumText kLicenseStatusTexts[] = {
    {"1", sgs::v1::LICENSE_VALID},
    {"有效", sgs::v1::LICENSE_VALID},
    {"2", sgs::v1::LICENSE_INVALID},
    {"无效", sgs::v1::LICENSE_INVALID},
};
constexpr EnumText kDisclosureScopeTexts[] = {
    {"社会公开", sgs::v1::PUBLIC},
    {"政务共享", sgs::v1::GOVERNMENT_SHARING},
    {"授权查询", sgs::v1::AUTHORIZED_QUERY},
};
constexpr EnumText kPenaltyCategoryTexts[] = {
    {"警告", sgs::v1::WARNING},
    {"通报批评", sgs::v1::PUBLIC_CRITICISM},
    {"罚款", sgs::v1::FINE},
    {"没收违法所得", sgs::v1::CONFISCATE_ILLEGAL_GAINS},
    {"没收非法财物", sgs::v1::CONFISCATE_ILLEGAL_PROPERTY},
    {"暂扣许可证件", sgs::v1::SUSPEND_LICENSE},
    {"降低资质等级", sgs::v1::DOWNGRADE_QUALIFICATION},
    {"吊销许可证件", sgs::v1::REVOKE_LICENSE},
    {"限制开展生产经营活动", sgs::v1::RESTRICT_BUSINESS},
    {"责令停产停业", sgs::v1::ORDER_SUSPENSION},
    {"责令关闭", sgs::v1::ORDER_CLOSURE},
    {"限制从业", sgs::v1::RESTRICT_PRACTICE},
    {"行政拘留", sgs::v1::ADMINISTRATIVE_DETENTION},
    {"其他", sgs::v1::PENALTY_OTHER},
};

template <size_t N>
std::string AcceptedTexts(const EnumText (&texts)[N]) {
  std::vector<absl::string_view> names;
  for (const EnumText& t : texts) names.push_back(t.text);
  return absl::StrJoin(names, "、");
}

// The enum value for `text` (a Chinese text or a non-zero proto value
// name), or nullopt.
template <size_t N>
absl::optional<int> ParseEnumText(absl::string_view text,
                                  const EnumText (&texts)[N],
                                  const EnumDescriptor* descriptor) {
  for (const EnumText& t : texts) {
    if (text == t.text) return t.value;
  }
  const auto* value =
      descriptor->FindValueByName(absl::AsciiStrToUpper(text));
  if (value != nullptr && value->number() != 0) return value->number();
  return absl::nullopt;
}

template <size_t N>
std::string BadEnumMessage(absl::string_view label, absl::string_view text,
                           const EnumText (&texts)[N]) {
  return absl::StrCat(label, "无法识别：“", text, "”，应为", AcceptedTexts(texts),
                      "之一");
}

// 处罚类别 lists are separated by ; ； , ， or 、 (Excel users write all).
std::vector<std::string> SplitCategoryList(absl::string_view text) {
  const std::string unified = absl::StrReplaceAll(
      text, {{"；", ";"}, {"，", ";"}, {"、", ";"}});
  std::vector<std::string> parts;
  for (absl::string_view part : absl::StrSplit(unified, absl::ByAnyChar(";,"))) {
    part = absl::StripAsciiWhitespace(part);
    if (!part.empty()) parts.emplace_back(part);
  }
  return parts;
}

// Excel in a Chinese locale writes dates as "2024/7/1": zero-pads a
// one-digit month or day so ParseImportDate (YYYY-MM-DD or YYYY/MM/DD) can
// judge the date. Other shapes are passed through unchanged to be refused.
std::string PadDate(absl::string_view text) {
  if (text.size() < 8 || text.size() > 10) return std::string(text);
  const char sep = text.size() > 4 ? text[4] : 0;
  if (sep != '-' && sep != '/') return std::string(text);
  std::vector<absl::string_view> parts = absl::StrSplit(text, sep);
  if (parts.size() != 3 || parts[0].size() != 4) return std::string(text);
  std::string out(parts[0]);
  for (int i = 1; i <= 2; ++i) {
    const absl::string_view part = parts[i];
    if (part.empty() || part.size() > 2) return std::string(text);
    for (char c : part) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return std::string(text);
      }
    }
    absl::StrAppend(&out, std::string(1, sep), part.size() == 1 ? "0" : "",
                    part);
  }
  return out;
}

absl::StatusOr<absl::CivilDay> ParseCellDate(absl::string_view text) {
  return ParseImportDate(PadDate(text));
}

// Sets one cell into `target` (the message the column belongs to).
// Returns an error message, or "" when the cell was stored.
std::string SetCell(Message* target, absl::string_view field_name,
                    CellType type, absl::string_view text) {
  const Descriptor* descriptor = target->GetDescriptor();
  const FieldDescriptor* field =
      descriptor->FindFieldByName(std::string(field_name));
  const Reflection* reflection = target->GetReflection();
  switch (type) {
    case CellType::kText:
      reflection->SetString(target, field, std::string(text));
      return "";
    case CellType::kDate: {
      absl::StatusOr<absl::CivilDay> day = ParseCellDate(text);
      if (!day.ok()) {
        return absl::StrCat("日期无法识别：“", text,
                            "”，应为YYYY-MM-DD或YYYY/MM/DD格式的真实日期");
      }
      reflection->SetString(target, field, FormatDate(*day));
      return "";
    }
    case CellType::kPenaltyCategories: {
      std::vector<std::string> parts = SplitCategoryList(text);
      if (parts.empty()) return "处罚类别为空";
      std::set<int> seen;
      std::vector<std::string> bad;
      for (const std::string& part : parts) {
        absl::optional<int> value = ParseEnumText(
            part, kPenaltyCategoryTexts, sgs::v1::PenaltyCategory_descriptor());
        if (!value.has_value()) {
          bad.push_back(absl::StrCat("“", part, "”"));
          continue;
        }
        // A category listed twice is the same penalty: keep it once.
        if (seen.insert(*value).second) {
          reflection->AddEnumValue(target, field, *value);
        }
      }
      if (!bad.empty()) {
        return absl::StrCat("处罚类别无法识别：", absl::StrJoin(bad, "、"),
                            "，应为", AcceptedTexts(kPenaltyCategoryTexts),
                            "中的一项或多项（以；或、分隔）");
      }
      return "";
    }
    default:
      break;
  }
  absl::optional<int> value;
  std::string error;
  switch (type) {
    case CellType::kSubjectClass:
      value = ParseEnumText(text, kSubjectClassTexts,
                            sgs::v1::SubjectClass_descriptor());
      if (!value) error = BadEnumMessage("行政相对人类别", text, kSubjectClassTexts);
      break;
    case CellType::kIdType:
      value = ParseEnumText(text, kIdTypeTexts,
                            sgs::v1::IdDocumentType_descriptor());
      if (!value) error = BadEnumMessage("证件类型", text, kIdTypeTexts);
      break;
    case CellType::kLicenseCategory:
      value = ParseEnumText(text, kLicenseCategoryTexts,
                            sgs::v1::LicenseCategory_descriptor());
      if (!value) error = BadEnumMessage("许可类别", text, kLicenseCategoryTexts);
      break;
    case CellType::kLicenseStatus:
      value = ParseEnumText(text, kLicenseStatusTexts,
                            sgs::v1::LicenseStatus_descriptor());
      if (!value) {
        error = absl::StrCat("当前状态无法识别：“", text,
                             "”，应为1（有效）或2（无效）");
      }
      break;
    case CellType::kDisclosureScope:
      value = ParseEnumText(text, kDisclosureScopeTexts,
                            sgs::v1::DisclosureScope_descriptor());
      if (!value) error = BadEnumMessage("公开范围", text, kDisclosureScopeTexts);
      break;
    default:
      break;
  }
  if (!value) return error;
  reflection->SetEnumValue(target, field, *value);
  return "";
}

absl::optional<RecordKind> ParseKindCell(absl::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(text);
  if (upper == "XK" || upper == "LICENSING" || text == "行政许可" ||
      text == "许可") {
    return sgs::v1::LICENSING;
  }
  if (upper == "CF" || upper == "PENALTY" || text == "行政处罚" ||
      text == "处罚") {
    return sgs::v1::PENALTY;
  }
  return absl::nullopt;
}

// 归集时间: "YYYY-MM-DD HH:MM:SS" (or with /) in UTC+8, or RFC 3339.
absl::optional<absl::Time> ParseReceiptTime(absl::string_view text) {
  absl::Time t;
  std::string err;
  const std::string s(text);
  for (const char* format : {"%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S"}) {
    if (absl::ParseTime(format, s, ChinaStandardTime(), &t, &err)) return t;
  }
  if (absl::ParseTime(absl::RFC3339_full, s, &t, &err)) return t;
  return absl::nullopt;
}

// Applies --unit to the record's unit code; "" when fine, else the error.
std::string ApplyUnit(const MappingOptions& options, Record* record) {
  if (record->unit_code().empty()) {
    if (options.unit_code.empty()) {
      return "未指定报送单位：请填写DWDM列（报送单位代码）或使用--unit参数";
    }
    record->set_unit_code(options.unit_code);
    return "";
  }
  if (!options.unit_code.empty() && record->unit_code() != options.unit_code) {
    return absl::StrCat("报送单位代码“", record->unit_code(),
                        "”与--unit指定的“", options.unit_code, "”不一致");
  }
  return "";
}

std::string ShortestNumber(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

// Converts a camelCase identifier to snake_case.
std::string ToSnakeCase(absl::string_view name) {
  std::string out;
  for (char c : name) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c))) {
      out.push_back('_');
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool MapProtoJsonRecord(absl::string_view line, const MappingOptions& options,
                        MappedRow* out, std::vector<CellError>* errors) {
  google::protobuf::util::JsonParseOptions parse_options;
  parse_options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &out->record,
      parse_options);
  if (!status.ok()) {
    errors->push_back({"", absl::StrCat("JSON记录无法解析为Record：",
                                        status.ToString())});
    return false;
  }
  Record& record = out->record;
  const size_t errors_before = errors->size();
  if (std::string e = ApplyUnit(options, &record); !e.empty()) {
    errors->push_back({"unit_code", std::move(e)});
  }
  // Dates: the same leniency as the CSV columns.
  auto normalise = [&](std::string* date, absl::string_view path) {
    if (date->empty()) return;
    absl::StatusOr<absl::CivilDay> day = ParseCellDate(*date);
    if (!day.ok()) {
      errors->push_back({std::string(path),
                         absl::StrCat("日期无法识别：“", *date,
                                      "”，应为YYYY-MM-DD或YYYY/MM/DD格式的"
                                      "真实日期")});
      return;
    }
    *date = FormatDate(*day);
  };
  if (record.has_licensing()) {
    auto* l = record.mutable_licensing();
    normalise(l->mutable_decision_date(), "licensing.decision_date");
    normalise(l->mutable_valid_from(), "licensing.valid_from");
    normalise(l->mutable_valid_to(), "licensing.valid_to");
  } else {
    auto* p = record.mutable_penalty();
    normalise(p->mutable_decision_date(), "penalty.decision_date");
    normalise(p->mutable_valid_until(), "penalty.valid_until");
    normalise(p->mutable_publicity_deadline(), "penalty.publicity_deadline");
  }
  if (options.backfill) {
    if (record.has_receipt_time()) {
      out->receipt_time =
          absl::FromUnixSeconds(record.receipt_time().seconds()) +
          absl::Nanoseconds(record.receipt_time().nanos());
    } else {
      errors->push_back(
          {"receipt_time", "回填模式下必须提供归集时间（receiptTime）"});
    }
  }
  // Output-only fields are the server's to set; an exported record may
  // carry them, and a re-import must not look like it sets them.
  record.clear_name();
  record.clear_receipt_time();
  record.clear_receipt_date();
  record.clear_update_time();
  record.clear_version();
  record.clear_concealment_risk();
  record.clear_withdrawn();
  record.clear_withdraw_reason();
  return errors->size() == errors_before;
}

}  // namespace

std::string NormalizeColumnName(absl::string_view name) {
  return absl::AsciiStrToUpper(absl::StripAsciiWhitespace(name));
}

bool IsKnownColumn(absl::string_view code) {
  return ResolveColumn(code).has_value();
}

absl::Status CheckHeader(const std::vector<std::string>& columns,
                         const MappingOptions& options) {
  std::set<std::string> seen;
  std::vector<std::string> duplicates;
  std::vector<std::string> unknown;
  bool has_receipt = false;
  bool has_xk = false;
  bool has_cf = false;
  for (const std::string& column : columns) {
    if (column.empty()) continue;
    if (!seen.insert(column).second) duplicates.push_back(column);
    absl::optional<Column> resolved = ResolveColumn(column);
    if (!resolved.has_value()) {
      unknown.push_back(column);
      continue;
    }
    if (resolved->target == Target::kReceipt) has_receipt = true;
    if (resolved->kind == sgs::v1::LICENSING) has_xk = true;
    if (resolved->kind == sgs::v1::PENALTY) has_cf = true;
  }
  if (!duplicates.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "表头有重复的列：", absl::StrJoin(duplicates, "、")));
  }
  if (!unknown.empty() && !options.ignore_unknown_columns) {
    return absl::InvalidArgumentError(absl::StrCat(
        "表头有无法识别的列：", absl::StrJoin(unknown, "、"),
        "（列名应为国家双公示数据标准的字段代码，如XK_XDR_MC、CF_WSH，"
        "或DWDM、GKFW、GKYJ、GJSJ、BZ、KIND；如需忽略这些列，请使用"
        "--ignore-unknown-columns）"));
  }
  if (!has_xk && !has_cf) {
    return absl::InvalidArgumentError(
        "表头没有XK_或CF_开头的列，无法识别为行政许可或行政处罚数据");
  }
  if (options.backfill && !has_receipt) {
    return absl::InvalidArgumentError(
        "回填模式（--backfill）要求有归集时间列GJSJ");
  }
  if (!options.backfill && has_receipt) {
    return absl::InvalidArgumentError(
        "归集时间列GJSJ只能在回填模式（--backfill）下使用；普通报送的归集"
        "时间由平台在收到时记录");
  }
  return absl::OkStatus();
}

bool MapRow(const std::vector<std::pair<std::string, std::string>>& cells,
            const MappingOptions& options, MappedRow* out,
            std::vector<CellError>* errors) {
  out->record.Clear();
  out->receipt_time.reset();
  const size_t errors_before = errors->size();

  struct Cell {
    absl::string_view code;
    Column column;
    absl::string_view text;
  };
  std::vector<Cell> present;
  absl::optional<RecordKind> declared_kind;
  bool bad_kind = false;
  bool has_xk = false;
  bool has_cf = false;
  absl::string_view receipt_text;
  for (const auto& [code, raw] : cells) {
    if (code.empty()) {
      if (!absl::StripAsciiWhitespace(raw).empty()) {
        errors->push_back({"", absl::StrCat("没有列名的列中有内容：“", raw,
                                            "”")});
      }
      continue;
    }
    absl::optional<Column> column = ResolveColumn(code);
    if (!column.has_value()) {
      if (!options.ignore_unknown_columns) {
        errors->push_back({code, "无法识别的列"});
      }
      continue;
    }
    absl::string_view text = absl::StripAsciiWhitespace(raw);
    if (text.empty()) continue;
    if (column->target == Target::kKind) {
      declared_kind = ParseKindCell(text);
      if (!declared_kind.has_value()) {
        errors->push_back({code, absl::StrCat("记录种类无法识别：“", text,
                                              "”，应为XK（行政许可）或CF（"
                                              "行政处罚）")});
        bad_kind = true;
      }
      continue;
    }
    if (column->target == Target::kReceipt) {
      receipt_text = text;
      continue;
    }
    if (column->kind == sgs::v1::LICENSING) has_xk = true;
    if (column->kind == sgs::v1::PENALTY) has_cf = true;
    present.push_back({code, *column, text});
  }

  RecordKind kind;
  if (declared_kind.has_value()) {
    kind = *declared_kind;
  } else if (has_xk && !has_cf) {
    kind = sgs::v1::LICENSING;
  } else if (has_cf && !has_xk) {
    kind = sgs::v1::PENALTY;
  } else {
    if (!bad_kind) {
      errors->push_back(
        {std::string(kKindColumn),
         has_xk ? "本行同时填写了XK_和CF_字段，请用KIND列注明XK或CF"
                : "本行没有XK_或CF_字段的内容，无法判断是行政许可还是行政处罚"});
    }
    // Still pick up the 文书号s for the report.
    for (const Cell& cell : present) {
      if (cell.code == "XK_WSH" || cell.code == "CF_WSH") {
        *out->record.mutable_licensing()->mutable_document_number() =
            std::string(cell.text);
      }
    }
    kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
  }

  Record& record = out->record;
  if (kind != sgs::v1::RECORD_KIND_UNSPECIFIED) {
    Message* decision = kind == sgs::v1::LICENSING
                            ? static_cast<Message*>(record.mutable_licensing())
                            : static_cast<Message*>(record.mutable_penalty());
    const absl::string_view kind_label =
        kind == sgs::v1::LICENSING ? "行政许可" : "行政处罚";
    for (const Cell& cell : present) {
      if (cell.column.kind != sgs::v1::RECORD_KIND_UNSPECIFIED &&
          cell.column.kind != kind) {
        errors->push_back({std::string(cell.code),
                           absl::StrCat("本行是", kind_label,
                                        "记录，不应填写该列")});
        continue;
      }
      Message* target = nullptr;
      absl::string_view field = cell.column.field;
      switch (cell.column.target) {
        case Target::kSubject:
          target = record.mutable_subject();
          break;
        case Target::kLicensing:
        case Target::kPenalty:
        case Target::kRemarks:
          target = decision;
          if (cell.column.target == Target::kRemarks) field = "remarks";
          break;
        case Target::kRecord:
          target = &record;
          break;
        default:
          continue;
      }
      std::string error = SetCell(target, field, cell.column.type, cell.text);
      if (!error.empty()) errors->push_back({std::string(cell.code), error});
    }
  } else {
    for (const Cell& cell : present) {
      if (cell.code == kUnitColumn) record.set_unit_code(std::string(cell.text));
    }
  }

  if (std::string e = ApplyUnit(options, &record); !e.empty()) {
    errors->push_back({std::string(kUnitColumn), std::move(e)});
  }

  if (options.backfill) {
    if (receipt_text.empty()) {
      errors->push_back({std::string(kReceiptColumn),
                         "回填模式下必须填写归集时间"});
    } else {
      out->receipt_time = ParseReceiptTime(receipt_text);
      if (!out->receipt_time.has_value()) {
        errors->push_back(
            {std::string(kReceiptColumn),
             absl::StrCat("归集时间无法识别：“", receipt_text,
                          "”，应为“YYYY-MM-DD HH:MM:SS”（北京时间）或"
                          "RFC 3339格式")});
      }
    }
  } else if (!receipt_text.empty()) {
    errors->push_back({std::string(kReceiptColumn),
                       "归集时间只能在回填模式（--backfill）下填写"});
  }
  return errors->size() == errors_before;
}

bool MapJsonLine(absl::string_view line, const MappingOptions& options,
                 MappedRow* out, std::vector<CellError>* errors) {
  out->record.Clear();
  out->receipt_time.reset();
  if (!IsValidUtf8(line)) {
    errors->push_back(
        {"", "该行不是有效的UTF-8编码（文件可能是GBK编码，请另存为UTF-8）"});
    return false;
  }
  google::protobuf::Struct object;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &object);
  if (!status.ok()) {
    errors->push_back(
        {"", absl::StrCat("不是有效的JSON对象：", status.ToString())});
    return false;
  }
  if (object.fields().count("licensing") > 0 ||
      object.fields().count("penalty") > 0) {
    return MapProtoJsonRecord(line, options, out, errors);
  }
  // A flat object keyed by column codes. Map order is unspecified; sort by
  // key so errors come out in a stable order.
  std::vector<std::pair<std::string, std::string>> cells;
  bool ok = true;
  for (const auto& [key, value] : object.fields()) {
    const std::string code = NormalizeColumnName(key);
    switch (value.kind_case()) {
      case google::protobuf::Value::kStringValue:
        cells.emplace_back(code, value.string_value());
        break;
      case google::protobuf::Value::kNumberValue:
        cells.emplace_back(code, ShortestNumber(value.number_value()));
        break;
      case google::protobuf::Value::kNullValue:
        cells.emplace_back(code, "");
        break;
      case google::protobuf::Value::kListValue: {
        // Lists are natural for 处罚类别; join them as the CSV would.
        std::vector<std::string> items;
        bool scalar = true;
        for (const auto& item : value.list_value().values()) {
          if (item.kind_case() == google::protobuf::Value::kStringValue) {
            items.push_back(item.string_value());
          } else {
            scalar = false;
          }
        }
        if (!scalar) {
          errors->push_back({code, "数组中只能是字符串"});
          ok = false;
        } else {
          cells.emplace_back(code, absl::StrJoin(items, ";"));
        }
        break;
      }
      default:
        errors->push_back({code, "值应为字符串或数字"});
        ok = false;
        break;
    }
  }
  std::sort(cells.begin(), cells.end());
  const bool mapped = MapRow(cells, options, out, errors);
  return ok && mapped;
}

std::string ColumnForFieldPath(RecordKind kind, absl::string_view path) {
  std::string snake = ToSnakeCase(path);
  absl::string_view p = snake;
  absl::ConsumePrefix(&p, "record.");
  // Drop list indices: "penalty.categories[1]" is the CF_CFLB column.
  std::string clean;
  for (absl::string_view part : absl::StrSplit(p, '.')) {
    const size_t bracket = part.find('[');
    if (bracket != absl::string_view::npos) part = part.substr(0, bracket);
    if (!clean.empty()) clean.push_back('.');
    absl::StrAppend(&clean, part);
  }
  absl::string_view field = clean;
  if (absl::ConsumePrefix(&field, "subject.")) {
    if (kind == sgs::v1::RECORD_KIND_UNSPECIFIED) return std::string(path);
    for (const FieldDef& def : kSubjectFields) {
      if (field == def.field) {
        return absl::StrCat(kind == sgs::v1::LICENSING ? "XK_" : "CF_",
                            def.code);
      }
    }
    return std::string(path);
  }
  if (absl::ConsumePrefix(&field, "licensing.")) {
    if (field == "remarks") return std::string(kRemarksColumn);
    for (const FieldDef& def : kLicensingFields) {
      if (field == def.field) return std::string(def.code);
    }
    return std::string(path);
  }
  if (absl::ConsumePrefix(&field, "penalty.")) {
    if (field == "remarks") return std::string(kRemarksColumn);
    for (const FieldDef& def : kPenaltyFields) {
      if (field == def.field) return std::string(def.code);
    }
    return std::string(path);
  }
  for (const FieldDef& def : kRecordFields) {
    if (field == def.field) return std::string(def.code);
  }
  if (field == "receipt_time") return std::string(kReceiptColumn);
  return std::string(path);
}

RecordKind KindOf(const Record& record) {
  switch (record.decision_case()) {
    case Record::kLicensing:
      return sgs::v1::LICENSING;
    case Record::kPenalty:
      return sgs::v1::PENALTY;
    default:
      return sgs::v1::RECORD_KIND_UNSPECIFIED;
  }
}

const std::string& DocumentNumberOf(const Record& record) {
  return record.has_penalty() ? record.penalty().document_number()
                              : record.licensing().document_number();
}

}  // namespace sgs::importer
