// Test helper: finds half-width punctuation in Chinese prose, and spaces
// between Chinese characters and figures, in any rendered text (plain text,
// Markdown, CSV, or text extracted from DOCX/PDF/XLSX). Header-only so every
// format's test can run it on its own extraction.
//
// The text is cut into segments at line ends, tabs and Markdown's '|'; a
// segment holding a Chinese character is prose, and in prose each of
// , : ; ( ) " ? ! is reported, except ':' between digits (12:30) and text
// inside a URL. A space with a Chinese character on one side and an ASCII
// digit on the other ("数据 25条") is reported too.
#ifndef SGS_TESTS_STATS_SERVICE_TYPOGRAPHY_H_
#define SGS_TESTS_STATS_SERVICE_TYPOGRAPHY_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/utf8_lenient.h"

namespace sgs::testing {

namespace typography_internal {

inline std::vector<std::pair<char32_t, size_t>> Decode(absl::string_view s) {
  std::vector<std::pair<char32_t, size_t>> out;  // Code point, byte offset.
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const char32_t c = NextCodePointLenient(s, &i);
    out.emplace_back(c, start);
  }
  return out;
}

inline bool IsHan(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
}

inline bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

}  // namespace typography_internal

// Each finding: "<mark> in: <segment>".
inline std::vector<std::string> FindHalfWidthPunctuation(
    absl::string_view text) {
  using namespace typography_internal;  // NOLINT(build/namespaces)
  std::vector<std::string> findings;
  const auto points = Decode(text);
  size_t begin = 0;
  while (begin <= points.size()) {
    size_t end = begin;
    while (end < points.size() && points[end].first != '\n' &&
           points[end].first != '\t' && points[end].first != '|' &&
           points[end].first != '\r') {
      ++end;
    }
    bool prose = false;
    for (size_t i = begin; i < end; ++i)
      prose = prose || IsHan(points[i].first);
    if (prose) {
      const size_t from = begin < points.size() ? points[begin].second : 0;
      const size_t to = end < points.size() ? points[end].second : text.size();
      const std::string segment(text.substr(from, to - from));
      const bool has_url = segment.find("://") != std::string::npos;
      for (size_t i = begin; i < end && !has_url; ++i) {
        const char32_t c = points[i].first;
        const bool digit_before = i > begin && IsDigit(points[i - 1].first);
        const bool digit_after = i + 1 < end && IsDigit(points[i + 1].first);
        if (c == ',' || c == ';' || c == '(' || c == ')' || c == '"' ||
            c == '?' || c == '!' ||
            (c == ':' && !(digit_before && digit_after))) {
          findings.push_back(absl::StrCat(
              "'", std::string(1, static_cast<char>(c)), "' in: ", segment));
        }
        if (c == ' ' && i > begin && i + 1 < end) {
          const char32_t l = points[i - 1].first;
          const char32_t r = points[i + 1].first;
          if ((IsHan(l) && IsDigit(r)) || (IsDigit(l) && IsHan(r))) {
            findings.push_back(absl::StrCat("space in: ", segment));
          }
        }
      }
    }
    begin = end + 1;
  }
  return findings;
}

}  // namespace sgs::testing

#endif  // SGS_TESTS_STATS_SERVICE_TYPOGRAPHY_H_
