#include "common/check_digits.h"

#include <string>

#include "gtest/gtest.h"

namespace sgs {
namespace {

// Vectors from GB 32100-2015 examples (docs/domain.md §5).
TEST(CreditCodeTest, AcceptsValidCodes) {
  for (const char* code : {"91350100M000100Y43", "91110000600037341L",
                           "91330000755918469E", "11230500001755309F"}) {
    EXPECT_EQ(CheckCreditCode(code), IdentifierError::kNone) << code;
    EXPECT_TRUE(IsValidCreditCode(code)) << code;
  }
}

TEST(CreditCodeTest, RejectsWrongCheckCharacter) {
  EXPECT_EQ(CheckCreditCode("91350100M000100Y44"),
            IdentifierError::kCheckDigit);
  EXPECT_EQ(CheckCreditCode("91110000600037341X"),
            IdentifierError::kCheckDigit);
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y44"));
}

TEST(CreditCodeTest, RejectsWrongLength) {
  EXPECT_EQ(CheckCreditCode(""), IdentifierError::kLength);
  EXPECT_EQ(CheckCreditCode("91350100M000100Y4"), IdentifierError::kLength);
  EXPECT_EQ(CheckCreditCode("91350100M000100Y433"), IdentifierError::kLength);
}

TEST(CreditCodeTest, RejectsCharactersOutsideTheCodeSet) {
  // Lower case is not in the set, even where the upper-case letter is.
  EXPECT_EQ(CheckCreditCode("91350100m000100Y43"), IdentifierError::kCharacter);
  EXPECT_EQ(CheckCreditCode("91110000600037341l"), IdentifierError::kCharacter);
  // I O Z S V are excluded to avoid confusion with 1 0 2 5 U.
  for (char forbidden : {'I', 'O', 'Z', 'S', 'V'}) {
    std::string code = "91350100M000100Y43";
    code[8] = forbidden;
    EXPECT_EQ(CheckCreditCode(code), IdentifierError::kCharacter) << code;
  }
  EXPECT_EQ(CheckCreditCode("91350100M000100Y4-"), IdentifierError::kCharacter);
}

TEST(CreditCodeTest, PlaceholderFailsTheChecksum) {
  // 个体工商户 without a code use it; callers must accept it explicitly.
  EXPECT_EQ(CheckCreditCode(kCreditCodePlaceholder),
            IdentifierError::kCheckDigit);
}

TEST(CreditCodeTest, EveryCheckCharacterIsReachable) {
  // Changing the check character of a valid code always invalidates it,
  // and exactly one check character fits any 17-character body.
  const std::string body = "91350100M000100Y4";
  int valid = 0;
  for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
    if (IsValidCreditCode(body + c)) ++valid;
  }
  EXPECT_EQ(valid, 1);
}

// Vectors from GB 11643-1999 (docs/domain.md §5).
TEST(ResidentIdTest, AcceptsValidNumbers) {
  EXPECT_EQ(CheckResidentIdNumber("11010519491231002X"),
            IdentifierError::kNone);
  EXPECT_EQ(CheckResidentIdNumber("440524188001010014"),
            IdentifierError::kNone);
  EXPECT_TRUE(IsValidResidentIdNumber("440524188001010014"));
}

TEST(ResidentIdTest, RejectsWrongCheckCharacter) {
  EXPECT_EQ(CheckResidentIdNumber("11010519491231002Y"),
            IdentifierError::kCharacter);
  EXPECT_EQ(CheckResidentIdNumber("110105194912310021"),
            IdentifierError::kCheckDigit);
  EXPECT_EQ(CheckResidentIdNumber("440524188001010015"),
            IdentifierError::kCheckDigit);
  EXPECT_FALSE(IsValidResidentIdNumber("11010519491231002Y"));
}

TEST(ResidentIdTest, RejectsImpossibleBirthDates) {
  // 30 February.
  EXPECT_EQ(CheckResidentIdNumber("110105194902300021"),
            IdentifierError::kBirthDate);
  // Month 13.
  EXPECT_EQ(CheckResidentIdNumber("110105194913010021"),
            IdentifierError::kBirthDate);
  // 29 February of a non-leap year (1900 is not a leap year).
  EXPECT_EQ(CheckResidentIdNumber("110105190002290021"),
            IdentifierError::kBirthDate);
}

TEST(ResidentIdTest, RejectsWrongLengthAndCharacters) {
  EXPECT_EQ(CheckResidentIdNumber(""), IdentifierError::kLength);
  EXPECT_EQ(CheckResidentIdNumber("11010519491231002"),
            IdentifierError::kLength);
  EXPECT_EQ(CheckResidentIdNumber("11010519491231002XX"),
            IdentifierError::kLength);
  EXPECT_EQ(CheckResidentIdNumber("1101051949123100AX"),
            IdentifierError::kCharacter);
  // The check character is an upper-case X.
  EXPECT_EQ(CheckResidentIdNumber("11010519491231002x"),
            IdentifierError::kCharacter);
}

TEST(MaskIdNumberTest, KeepsFirstSixAndLastFour) {
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110105********002X");
  EXPECT_EQ(MaskIdNumber("440524188001010014"), "440524********0014");
}

TEST(MaskIdNumberTest, ShortNumbersAreNotRevealed) {
  // A 9-character passport number would be shown whole by 6 + 4.
  EXPECT_EQ(MaskIdNumber("E12345678"), "E1*****78");
  EXPECT_EQ(MaskIdNumber("12345"), "*****");
  EXPECT_EQ(MaskIdNumber(""), "");
}

TEST(MaskIdNumberTest, MasksWholeCharactersNotBytes) {
  // Twelve characters, two of them three-byte UTF-8: masked per character.
  EXPECT_EQ(MaskIdNumber("证号1234567890"), "证号1234**7890");
}

}  // namespace
}  // namespace sgs
