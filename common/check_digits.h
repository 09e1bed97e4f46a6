// Check digits of Chinese identifiers:
// - 统一社会信用代码 (GB 32100-2015): 18 characters over
//   "0123456789ABCDEFGHJKLMNPQRTUWXY", weights 1 3 9 27 19 26 16 17 20 29 25
//   13 8 24 10 30 28, check = 31 - (sum mod 31), 31 -> 0.
// - 公民身份号码 (GB 11643-1999): 17 digits, weights 7 9 10 5 8 4 2 1 6 3 7 9
//   10 5 8 4 2, check = "10X98765432"[sum mod 11]; positions 7-14 a real
//   birth date.
#ifndef SGS_COMMON_CHECK_DIGITS_H_
#define SGS_COMMON_CHECK_DIGITS_H_

#include "absl/strings/string_view.h"

namespace sgs {

// The placeholder 个体工商户 without a credit code use. It fails the
// checksum; callers accept it explicitly where the standard allows it.
inline constexpr absl::string_view kCreditCodePlaceholder =
    "00000000000000000X";

// Why an identifier is invalid, for messages.
enum class IdentifierError {
  kNone,
  kLength,      // wrong length
  kCharacter,   // a character outside the allowed set
  kCheckDigit,  // checksum mismatch
  kBirthDate,   // 身份证: positions 7-14 not a real date
};

IdentifierError CheckCreditCode(absl::string_view code);
IdentifierError CheckResidentIdNumber(absl::string_view number);

inline bool IsValidCreditCode(absl::string_view code) {
  return CheckCreditCode(code) == IdentifierError::kNone;
}
inline bool IsValidResidentIdNumber(absl::string_view number) {
  return CheckResidentIdNumber(number) == IdentifierError::kNone;
}

// Masks a personal identity number for public output: keeps the first 6
// and last 4 characters ("110105********002X").
std::string MaskIdNumber(absl::string_view number);

}  // namespace sgs

#endif  // SGS_COMMON_CHECK_DIGITS_H_
