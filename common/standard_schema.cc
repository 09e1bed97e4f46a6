#include "common/standard_schema.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sgs {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::EnumDescriptor;
using ::google::protobuf::EnumValueDescriptor;
using ::google::protobuf::FieldDescriptor;
using ::sgs::v1::RecordKind;

struct KindSchema {
  std::vector<StandardColumn> columns;
  std::map<std::string, size_t, std::less<>> by_path;
};

// Adds the annotated fields of `message` under `prefix` ("subject.");
// Subject codes are suffixes and get `code_prefix` ("XK_").
void AddColumns(const Descriptor* message, absl::string_view path_prefix,
                absl::string_view code_prefix, KindSchema* out) {
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (!field->options().HasExtension(sgs::v1::standard)) continue;
    const sgs::v1::StandardField& spec =
        field->options().GetExtension(sgs::v1::standard);
    StandardColumn column;
    column.code = absl::StrCat(code_prefix, spec.code());
    column.name = spec.name();
    column.path = absl::StrCat(path_prefix, field->name());
    column.field = field;
    column.spec = &spec;
    out->by_path.emplace(column.path, out->columns.size());
    out->columns.push_back(std::move(column));
  }
}

KindSchema Build(RecordKind kind) {
  KindSchema schema;
  const bool licensing = kind == sgs::v1::LICENSING;
  AddColumns(sgs::v1::Record::descriptor(), "", "", &schema);
  // Subject codes other than FRDB are XDR_*; all take the kind's prefix.
  AddColumns(sgs::v1::Subject::descriptor(), "subject.",
             licensing ? "XK_" : "CF_", &schema);
  if (licensing) {
    AddColumns(sgs::v1::LicensingDecision::descriptor(), "licensing.", "",
               &schema);
  } else {
    AddColumns(sgs::v1::PenaltyDecision::descriptor(), "penalty.", "", &schema);
  }
  return schema;
}

const KindSchema* SchemaFor(RecordKind kind) {
  static const KindSchema* const kLicensing =
      new KindSchema(Build(sgs::v1::LICENSING));
  static const KindSchema* const kPenalty =
      new KindSchema(Build(sgs::v1::PENALTY));
  if (kind == sgs::v1::LICENSING) return kLicensing;
  if (kind == sgs::v1::PENALTY) return kPenalty;
  return nullptr;
}

}  // namespace

const std::vector<StandardColumn>& StandardColumns(RecordKind kind) {
  static const std::vector<StandardColumn>* const kEmpty =
      new std::vector<StandardColumn>();
  const KindSchema* schema = SchemaFor(kind);
  return schema == nullptr ? *kEmpty : schema->columns;
}

const StandardColumn* FindStandardColumn(RecordKind kind,
                                         absl::string_view path) {
  const KindSchema* schema = SchemaFor(kind);
  if (schema == nullptr) return nullptr;
  auto it = schema->by_path.find(path);
  return it == schema->by_path.end() ? nullptr : &schema->columns[it->second];
}

std::vector<std::string> CodeTexts(const EnumValueDescriptor* value) {
  std::vector<std::string> texts;
  if (value == nullptr || value->number() == 0) return texts;
  const auto& options = value->options();
  for (int i = 0; i < options.ExtensionSize(sgs::v1::text); ++i) {
    texts.push_back(options.GetExtension(sgs::v1::text, i));
  }
  return texts;
}

std::string CodeText(const EnumDescriptor* list, int number) {
  const EnumValueDescriptor* value = list->FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  std::vector<std::string> texts = CodeTexts(value);
  return texts.empty() ? value->name() : texts.front();
}

std::string CodeListText(const EnumDescriptor* list) {
  std::vector<std::string> texts;
  for (int i = 0; i < list->value_count(); ++i) {
    const EnumValueDescriptor* value = list->value(i);
    if (value->number() == 0) continue;
    texts.push_back(CodeText(list, value->number()));
  }
  return absl::StrJoin(texts, "、");
}

absl::optional<int> ParseCodeText(const EnumDescriptor* list,
                                  absl::string_view text) {
  for (int i = 0; i < list->value_count(); ++i) {
    const EnumValueDescriptor* value = list->value(i);
    if (value->number() == 0) continue;
    for (const std::string& t : CodeTexts(value)) {
      if (text == t) return value->number();
    }
    const std::string& code =
        value->options().GetExtension(sgs::v1::value_code);
    if (!code.empty() && absl::EqualsIgnoreCase(text, code)) {
      return value->number();
    }
  }
  const EnumValueDescriptor* by_name =
      list->FindValueByName(absl::AsciiStrToUpper(text));
  if (by_name != nullptr && by_name->number() != 0) return by_name->number();
  return absl::nullopt;
}

absl::string_view ValueTypeText(sgs::v1::ValueType type) {
  switch (type) {
    case sgs::v1::VALUE_TEXT:
      return "字符型";
    case sgs::v1::VALUE_DATE:
      return "日期型（YYYY-MM-DD）";
    case sgs::v1::VALUE_DECIMAL:
      return "数值型（万元，最多6位小数）";
    case sgs::v1::VALUE_CODE:
      return "代码型";
    case sgs::v1::VALUE_CODE_LIST:
      return "代码型（可多选）";
    case sgs::v1::VALUE_DATE_TIME:
      return "日期时间型";
    default:
      return "未定义";
  }
}

absl::string_view RequirementText(sgs::v1::Requirement requirement) {
  switch (requirement) {
    case sgs::v1::FILL_REQUIRED:
      return "必填";
    case sgs::v1::FILL_CONDITIONAL:
      return "条件必填";
    case sgs::v1::FILL_OPTIONAL:
      return "选填";
    case sgs::v1::FILL_OUTPUT_ONLY:
      return "平台生成";
    default:
      return "未定义";
  }
}

}  // namespace sgs
