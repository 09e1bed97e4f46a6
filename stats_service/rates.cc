#include "stats_service/rates.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace sgs::stats {

int64_t HundredthsOfPercent(int64_t numerator, int64_t denominator) {
  if (denominator <= 0 || numerator < 0) return 0;
  // round_half_up(n × 10000 / d) = floor((2 × n × 10000 + d) / (2 × d)).
  // 128-bit intermediates: no overflow for any int64 count.
  const __int128 n = numerator;
  const __int128 d = denominator;
  return static_cast<int64_t>((n * 20000 + d) / (2 * d));
}

std::string FormatHundredths(int64_t hundredths_of_percent) {
  const bool negative = hundredths_of_percent < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(hundredths_of_percent)
               : static_cast<uint64_t>(hundredths_of_percent);
  return absl::StrFormat("%s%d.%02d%%", negative ? "-" : "", magnitude / 100,
                         magnitude % 100);
}

sgs::v1::Rate MakeRate(int64_t numerator, int64_t denominator) {
  sgs::v1::Rate rate;
  rate.set_numerator(numerator);
  rate.set_denominator(denominator);
  const int64_t hundredths = HundredthsOfPercent(numerator, denominator);
  rate.set_hundredths_of_percent(hundredths);
  rate.set_percent(FormatHundredths(hundredths));
  return rate;
}

absl::optional<int64_t> ParsePercentHundredths(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (!text.empty() && text.back() == '%') {
    text.remove_suffix(1);
    text = absl::StripAsciiWhitespace(text);
  }
  if (text.empty()) return absl::nullopt;
  int64_t whole = 0;
  size_t i = 0;
  int whole_digits = 0;
  for (; i < text.size() && absl::ascii_isdigit(text[i]); ++i) {
    if (++whole_digits > 12) return absl::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  int64_t fraction = 0;  // Hundredths.
  bool round_up = false;
  if (i < text.size()) {
    if (text[i] != '.') return absl::nullopt;
    ++i;
    int fraction_digits = 0;
    for (; i < text.size(); ++i) {
      if (!absl::ascii_isdigit(text[i])) return absl::nullopt;
      const int digit = text[i] - '0';
      if (fraction_digits < 2) {
        fraction = fraction * 10 + digit;
      } else if (fraction_digits == 2) {
        round_up = digit >= 5;
      }
      ++fraction_digits;
    }
    if (fraction_digits == 1) fraction *= 10;
    if (fraction_digits == 0 && whole_digits == 0) return absl::nullopt;
  }
  return whole * 100 + fraction + (round_up ? 1 : 0);
}

int CompareRateToPercent(int64_t numerator, int64_t denominator,
                         double threshold_percent) {
  // The threshold as an integer number of millionths of a percent, so a
  // configured 33.3 means exactly 33.3 and not the nearest binary double.
  const __int128 threshold_micro =
      static_cast<__int128>(std::llround(threshold_percent * 1e6));
  if (denominator <= 0) {
    return threshold_micro > 0 ? -1 : (threshold_micro < 0 ? 1 : 0);
  }
  const __int128 lhs = static_cast<__int128>(numerator) * 100 * 1000000;
  const __int128 rhs = threshold_micro * denominator;
  return lhs < rhs ? -1 : (lhs > rhs ? 1 : 0);
}

}  // namespace sgs::stats
