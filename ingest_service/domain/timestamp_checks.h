// Timestamps a caller sends (an objection's file_time, a resolution's
// resolve_time, a back-fill's receipt_time) are checked before anything
// converts them: seconds within protobuf's Timestamp range (0001-01-01 to
// 9999-12-31 UTC), nanos in [0, 999999999], and the instant within the
// plausible range of the domain: not before kEarliestPlausibleTime
// (2000-01-01 00:00 UTC+8; 双公示 began in 2015, so nothing filed earlier is
// real data) and not after now. A violation is kInvalidArgument naming the
// field (rule "timestamp_range", "timestamp_nanos" or "date_in_future").
#ifndef SGS_INGEST_SERVICE_DOMAIN_TIMESTAMP_CHECKS_H_
#define SGS_INGEST_SERVICE_DOMAIN_TIMESTAMP_CHECKS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "common/field_error.h"
#include "google/protobuf/timestamp.pb.h"

namespace sgs::ingest {

// 2000-01-01T00:00:00+08:00, as Unix seconds.
inline constexpr int64_t kEarliestPlausibleUnixSeconds = 946656000;

// The instant `time` stands for, or the violation of `field` (added to
// `violations`, which must not be null). `future_message` is the
// date_in_future message.
absl::optional<absl::Time> CheckTimestamp(
    const google::protobuf::Timestamp& time, absl::Time now,
    absl::string_view field, absl::string_view future_message,
    FieldViolations* violations);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_DOMAIN_TIMESTAMP_CHECKS_H_
