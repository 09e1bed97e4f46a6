// The national 双公示 data standard as the code reads it: every column of a
// licensing or penalty record (standard code, Chinese name, value type,
// requirement, proto path) and every code list with its Chinese texts,
// built once from the (standard) and (text) options of sgs/v1/record.proto.
// The validator's messages, the importer's header mapping and the generated
// docs/field-reference.md all come from here; nothing else spells the table.
#ifndef SGS_COMMON_STANDARD_SCHEMA_H_
#define SGS_COMMON_STANDARD_SCHEMA_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "google/protobuf/descriptor.h"
#include "sgs/v1/record.pb.h"
#include "sgs/v1/standard.pb.h"

namespace sgs {

// One column of a record of a given kind.
struct StandardColumn {
  // Full code for the kind: "XK_XDR_MC", "CF_WSH", "BZ", "DWDM".
  std::string code;
  // 中文名称.
  std::string name;
  // Proto path from the Record: "subject.name", "licensing.decision_date",
  // "unit_code".
  std::string path;
  const google::protobuf::FieldDescriptor* field = nullptr;
  const sgs::v1::StandardField* spec = nullptr;
};

// Every standard column of a record of `kind` (LICENSING or PENALTY), in
// proto order: record level, subject, decision. Empty for other kinds.
const std::vector<StandardColumn>& StandardColumns(sgs::v1::RecordKind kind);

// The column at `path` ("subject.credit_code", "penalty.categories") for
// `kind`; nullptr when the path is not a standard column.
const StandardColumn* FindStandardColumn(sgs::v1::RecordKind kind,
                                         absl::string_view path);

// The Chinese texts of a code-list value, the standard's wording first;
// empty for the unspecified (0) value.
std::vector<std::string> CodeTexts(
    const google::protobuf::EnumValueDescriptor* value);
// The standard's wording of a value ("法人及非法人组织"), or its proto name.
std::string CodeText(const google::protobuf::EnumDescriptor* list, int number);
// "法人及非法人组织、自然人、个体工商户": every value's first text.
std::string CodeListText(const google::protobuf::EnumDescriptor* list);
// The value a cell names: any of its Chinese texts, its numeric code
// (value_code) or its proto name (any case). Never the unspecified value.
absl::optional<int> ParseCodeText(const google::protobuf::EnumDescriptor* list,
                                  absl::string_view text);

// Chinese of the schema's enums, for the generated reference.
absl::string_view ValueTypeText(sgs::v1::ValueType type);
absl::string_view RequirementText(sgs::v1::Requirement requirement);

}  // namespace sgs

#endif  // SGS_COMMON_STANDARD_SCHEMA_H_
