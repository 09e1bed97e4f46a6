// NormalizeIdentityValue: NFKC, refused invisible characters, trimmed
// spaces; its fast path for plain values (ASCII, CJK ideographs, 〔〕) must
// give exactly what utf8proc gives.
#include "common/identity_normalizer.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "utf8proc.h"

namespace sgs {
namespace {

std::string Utf8(utf8proc_int32_t cp) {
  utf8proc_uint8_t buffer[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(cp, buffer);
  return std::string(reinterpret_cast<const char*>(buffer),
                     static_cast<size_t>(n));
}

// utf8proc's NFKC of `text` (what the slow path maps with).
std::string Nfkc(const std::string& text) {
  utf8proc_uint8_t* mapped =
      utf8proc_NFKC(reinterpret_cast<const utf8proc_uint8_t*>(text.c_str()));
  std::string out(reinterpret_cast<const char*>(mapped));
  std::free(mapped);
  return out;
}

TEST(IdentityNormalizerTest,
     EveryPlainCodePointIsStableVisibleAndNotComposing) {
  std::vector<utf8proc_int32_t> plain = {0x3014, 0x3015};
  for (utf8proc_int32_t cp = 0x20; cp <= 0x7E; ++cp) plain.push_back(cp);
  for (utf8proc_int32_t cp = 0x4E00; cp <= 0x9FEF; ++cp) plain.push_back(cp);
  for (const utf8proc_int32_t cp : plain) {
    const std::string text = Utf8(cp);
    ASSERT_EQ(Nfkc(text), text) << std::hex << cp;
    const utf8proc_category_t category = utf8proc_category(cp);
    ASSERT_NE(category, UTF8PROC_CATEGORY_CC) << std::hex << cp;
    ASSERT_NE(category, UTF8PROC_CATEGORY_CF) << std::hex << cp;
    ASSERT_EQ(utf8proc_get_property(cp)->combining_class, 0) << std::hex << cp;
    // Next to any ASCII character and to an ideograph it stays as it is.
    for (utf8proc_int32_t other = 0x20; other <= 0x7E; ++other) {
      const std::string pair = text + Utf8(other);
      ASSERT_EQ(Nfkc(pair), pair) << std::hex << cp << " " << other;
    }
    const std::string pair = Utf8(0x57FA) + text + Utf8(0x3015);
    ASSERT_EQ(Nfkc(pair), pair) << std::hex << cp;
    // And NormalizeIdentityValue returns it unchanged (spaces trimmed).
    if (cp != ' ') {
      absl::StatusOr<std::string> normal =
          NormalizeIdentityValue(" " + text + "  ");
      ASSERT_TRUE(normal.ok()) << std::hex << cp;
      ASSERT_EQ(*normal, text) << std::hex << cp;
    }
  }
}

TEST(IdentityNormalizerTest, PlainAndOtherValuesNormaliseAsNfkc) {
  const std::pair<std::string, std::string> cases[] = {
      {"基许〔2024〕10000001号", "基许〔2024〕10000001号"},
      {"  b-d0001 ", "b-d0001"},
      {"91410505E9NB0YBP1W", "91410505E9NB0YBP1W"},
      // Full-width forms and the ideographic space: the utf8proc path.
      {"\xE3\x80\x80ＡＢ１２３\xE3\x80\x80", "AB123"},
      {"殷教罚〔2024〕１号", "殷教罚〔2024〕1号"},
      // A combining accent composes (not plain: utf8proc path).
      {"e\xCC\x81", "\xC3\xA9"},
      {"", ""},
      {"   ", ""},
  };
  for (const auto& [value, expected] : cases) {
    absl::StatusOr<std::string> normal = NormalizeIdentityValue(value);
    ASSERT_TRUE(normal.ok()) << value;
    EXPECT_EQ(*normal, expected) << value;
  }
}

TEST(IdentityNormalizerTest, InvisibleAndInvalidValuesAreRefused) {
  EXPECT_FALSE(NormalizeIdentityValue("b-d\x01"
                                      "0001")
                   .ok());
  EXPECT_FALSE(NormalizeIdentityValue("b-d0001\x7F").ok());
  EXPECT_FALSE(NormalizeIdentityValue("基许\xE2\x80\x8B〔2024〕1号").ok());
  EXPECT_FALSE(NormalizeIdentityValue("\xE5\x9F").ok());  // cut sequence
  EXPECT_FALSE(NormalizeIdentityValue("\xFF").ok());
}

}  // namespace
}  // namespace sgs
