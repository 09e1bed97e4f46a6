#include "common/check_digits.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace sgs {
namespace {

// GB 32100-2015 code set: digits and upper-case letters without I O Z S V.
// A symbol's value is its index.
constexpr absl::string_view kCreditCodeChars =
    "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kCreditCodeWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                        29, 25, 13, 8,  24, 10, 30, 28};

// GB 11643-1999.
constexpr int kResidentIdWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                        3, 7, 9,  10, 5, 8, 4, 2};
constexpr absl::string_view kResidentIdCheckChars = "10X98765432";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Positions 7-14 (yyyymmdd) must name a real day. absl::CivilDay normalises
// out-of-range fields (30 February becomes 2 March), so a round trip tells a
// real date from an impossible one.
bool IsRealBirthDate(absl::string_view yyyymmdd) {
  const int year = (yyyymmdd[0] - '0') * 1000 + (yyyymmdd[1] - '0') * 100 +
                   (yyyymmdd[2] - '0') * 10 + (yyyymmdd[3] - '0');
  const int month = (yyyymmdd[4] - '0') * 10 + (yyyymmdd[5] - '0');
  const int day = (yyyymmdd[6] - '0') * 10 + (yyyymmdd[7] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const absl::CivilDay civil(year, month, day);
  return civil.year() == year && civil.month() == month && civil.day() == day;
}

// Splits UTF-8 text into code points: MaskIdNumber works on characters so
// that it never cuts a multi-byte sequence in half.
std::vector<absl::string_view> SplitCodePoints(absl::string_view text) {
  std::vector<absl::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t len = 1;
    if (lead >= 0xF0) {
      len = 4;
    } else if (lead >= 0xE0) {
      len = 3;
    } else if (lead >= 0xC0) {
      len = 2;
    }
    if (i + len > text.size()) len = text.size() - i;
    out.push_back(text.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace

IdentifierError CheckCreditCode(absl::string_view code) {
  if (code.size() != 18) return IdentifierError::kLength;
  int sum = 0;
  for (size_t i = 0; i < 18; ++i) {
    const size_t value = kCreditCodeChars.find(code[i]);
    if (value == absl::string_view::npos) return IdentifierError::kCharacter;
    if (i < 17) sum += static_cast<int>(value) * kCreditCodeWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  if (code[17] != kCreditCodeChars[check]) return IdentifierError::kCheckDigit;
  return IdentifierError::kNone;
}

IdentifierError CheckResidentIdNumber(absl::string_view number) {
  if (number.size() != 18) return IdentifierError::kLength;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (!IsDigit(number[i])) return IdentifierError::kCharacter;
    sum += (number[i] - '0') * kResidentIdWeights[i];
  }
  // The standard's check character is an upper-case X; a lower-case x is a
  // transcription error the sender must fix, not something to guess at.
  if (!IsDigit(number[17]) && number[17] != 'X') {
    return IdentifierError::kCharacter;
  }
  if (!IsRealBirthDate(number.substr(6, 8))) {
    return IdentifierError::kBirthDate;
  }
  if (number[17] != kResidentIdCheckChars[sum % 11]) {
    return IdentifierError::kCheckDigit;
  }
  return IdentifierError::kNone;
}

std::string MaskIdNumber(absl::string_view number) {
  const std::vector<absl::string_view> chars = SplitCodePoints(number);
  const size_t n = chars.size();
  // Long numbers (身份证) keep 6 + 4 as the platforms publish them. Shorter
  // ones (passports, permits) would be fully revealed by 6 + 4, so they keep
  // only the first and last two characters, and very short ones nothing.
  size_t keep_head = 6;
  size_t keep_tail = 4;
  if (n <= keep_head + keep_tail) {
    keep_head = n >= 6 ? 2 : 0;
    keep_tail = n >= 6 ? 2 : 0;
  }
  std::string out;
  out.reserve(number.size());
  for (size_t i = 0; i < n; ++i) {
    if (i < keep_head || i >= n - keep_tail) {
      out.append(chars[i].data(), chars[i].size());
    } else {
      out.push_back('*');
    }
  }
  return out;
}

}  // namespace sgs
