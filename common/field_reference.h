// The field reference of the 双公示 standard (docs/field-reference.md),
// generated from the schema in record.proto (common/standard_schema.h): one
// table per kind with each column's code, Chinese name, type, requirement
// and code list. tests/common/field_reference_test.cc fails when the file
// in docs/ differs from what this renders; regenerate it with
//   build/sgs_field_reference > docs/field-reference.md
#ifndef SGS_COMMON_FIELD_REFERENCE_H_
#define SGS_COMMON_FIELD_REFERENCE_H_

#include <string>

namespace sgs {

// The whole Markdown document, UTF-8.
std::string RenderFieldReference();

}  // namespace sgs

#endif  // SGS_COMMON_FIELD_REFERENCE_H_
