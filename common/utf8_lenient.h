// Lenient UTF-8 decoding, for measuring and re-spacing text that is
// already UTF-8 (protobuf strings, the shipped template and texts): it never
// fails. A byte that cannot start a sequence (a stray continuation byte, or
// F8..FF), or a sequence cut short by the end of the text, counts as one
// code point of its own value; continuation bytes are not checked.
// Validating input is not its job: the validator and the importer refuse
// invalid UTF-8 with a named field.
#ifndef SGS_COMMON_UTF8_LENIENT_H_
#define SGS_COMMON_UTF8_LENIENT_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace sgs {

// The code point that starts at text[*i] (*i < text.size()); advances *i
// past it (by 1 to 4 bytes).
char32_t NextCodePointLenient(absl::string_view text, size_t* i);

}  // namespace sgs

#endif  // SGS_COMMON_UTF8_LENIENT_H_
