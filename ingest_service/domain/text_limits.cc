#include "ingest_service/domain/text_limits.h"

#include <cstddef>

#include "absl/strings/str_cat.h"

namespace sgs::ingest {
namespace {

// Code points of well-formed UTF-8 text; -1 when malformed. (Text that
// reached a handler was parsed by protobuf, which checks UTF-8; text from
// other callers is checked here.)
int64_t CodePoints(absl::string_view text) {
  int64_t count = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > text.size()) return -1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return -1;
    }
    i += len;
    ++count;
  }
  return count;
}

}  // namespace

bool CheckTextLength(absl::string_view value, absl::string_view field,
                     int max_chars, FieldViolations* violations) {
  // Cheap bound first: a character is at most 4 bytes.
  if (value.size() <= static_cast<size_t>(max_chars)) return true;
  const int64_t chars = CodePoints(value);
  if (chars < 0) {
    violations->Add(field, "invalid_utf8", "不是有效的 UTF-8 文本");
    return false;
  }
  if (chars > max_chars) {
    violations->Add(field, "too_long",
                    absl::StrCat("长度为 ", chars, " 个字符，超过上限 ",
                                 max_chars, " 个字符"));
    return false;
  }
  return true;
}

absl::Status TextLengthStatus(absl::string_view value, absl::string_view field,
                              int max_chars) {
  FieldViolations violations;
  if (CheckTextLength(value, field, max_chars, &violations)) {
    return absl::OkStatus();
  }
  const auto& v = violations.violations().front();
  return InvalidArgumentWithViolations(
      absl::StrCat(v.field(), ": ", v.description()), violations.violations());
}

}  // namespace sgs::ingest
