// Exact percentages as the bulletin prints them: count ÷ total as a
// percentage, rounded half-up to two decimals, computed with integers only
// (no floating point, so 8/756 is always "1.06%" and never 1.0582… rounded
// the wrong way). A zero total gives "0.00%", the bulletin's convention for
// units without records.
#ifndef SGS_STATS_SERVICE_RATES_H_
#define SGS_STATS_SERVICE_RATES_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "sgs/v1/stats_service.pb.h"

namespace sgs::stats {

// round_half_up(numerator × 10000 ÷ denominator): hundredths of a percent
// (400 for 4.00%). 0 when denominator is 0. Requires 0 <= numerator and
// 0 <= denominator.
int64_t HundredthsOfPercent(int64_t numerator, int64_t denominator);

// 10000 → "100.00%", 106 → "1.06%", 0 → "0.00%".
std::string FormatHundredths(int64_t hundredths_of_percent);

// The Rate message: numerator, denominator, percent text and hundredths.
sgs::v1::Rate MakeRate(int64_t numerator, int64_t denominator);

// Parses a published percentage ("1.07%", "100%", "0%", "98.8%", "4.00 %")
// into hundredths of a percent, rounding half-up any digits beyond two
// decimals. nullopt for anything else (empty, negative, not a number).
absl::optional<int64_t> ParsePercentHundredths(absl::string_view text);

// Exact comparison of numerator ÷ denominator × 100 against a configured
// percentage threshold (a double such as 20 or 99.5): -1, 0 or +1.
// A zero denominator compares as a rate of 0.
int CompareRateToPercent(int64_t numerator, int64_t denominator,
                         double threshold_percent);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_RATES_H_
