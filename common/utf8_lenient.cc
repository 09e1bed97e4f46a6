#include "common/utf8_lenient.h"

namespace sgs {

char32_t NextCodePointLenient(absl::string_view text, size_t* i) {
  const unsigned char lead = static_cast<unsigned char>(text[*i]);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x06 ? 2
                  : (lead >> 4) == 0x0E ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 1;
  if (*i + length > text.size()) length = 1;
  char32_t code_point = length == 1 ? lead : (lead & (0xFF >> (length + 1)));
  for (size_t k = 1; k < length; ++k) {
    code_point =
        (code_point << 6) | (static_cast<unsigned char>(text[*i + k]) & 0x3F);
  }
  *i += length;
  return code_point;
}

}  // namespace sgs
