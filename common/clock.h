// Clock: where services read the time now. Production passes nothing and
// gets absl::Now; tests inject a clock they move, so they need not sleep
// for time to pass.
#ifndef SGS_COMMON_CLOCK_H_
#define SGS_COMMON_CLOCK_H_

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sgs {

using Clock = std::function<absl::Time()>;

// `clock`, or absl::Now when it is empty.
inline Clock OrSystemClock(Clock clock) {
  if (clock) return clock;
  return [] { return absl::Now(); };
}

}  // namespace sgs

#endif  // SGS_COMMON_CLOCK_H_
