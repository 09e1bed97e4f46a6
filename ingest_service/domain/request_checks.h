// Domain checks of what a caller files, beyond record validation
// (validator.h): spot-check findings, historical receipt times, and the
// times of objections. Pure functions of the request, the registry and
// "now"; violations are field errors (common/field_error.h), never gRPC.
#ifndef SGS_INGEST_SERVICE_DOMAIN_REQUEST_CHECKS_H_
#define SGS_INGEST_SERVICE_DOMAIN_REQUEST_CHECKS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/field_error.h"
#include "common/registry.h"
#include "google/protobuf/timestamp.pb.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest {

// A finding names a known unit, a source (国家 or 省级), a found date and
// an optional decision date, neither after `today` (UTC+8). Every
// violation at once, as "抽查发现未通过校验".
absl::Status CheckFinding(const sgs::v1::SpotCheckFinding& finding,
                          const UnitRegistry& registry, absl::CivilDay today);

// The receipt time of a back-filled record: required, and not after `now`
// (the server sets receipt times; only a back-fill may name a past one,
// docs/adr/0003). Returns the time to use; on a violation, adds it to
// `violations` and returns `now`.
absl::Time BackfillReceiptTime(const google::protobuf::Timestamp* receipt,
                               absl::Time now, FieldViolations* violations);

// `time` when given and not after `now`, else `now`; a time after `now` is
// a date_in_future violation of `field` saying `message`.
absl::StatusOr<absl::Time> TimeNotInFuture(
    const google::protobuf::Timestamp* time, absl::Time now,
    absl::string_view field, absl::string_view message);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_DOMAIN_REQUEST_CHECKS_H_
