// The one place where absl::Status becomes grpc::Status. Validation
// failures carry a google.rpc.BadRequest with every field violation; they
// travel as an absl::Status payload (kBadRequestPayloadUrl) and become the
// grpc-status-details-bin trailer (a google.rpc.Status) on the wire.
#ifndef SGS_COMMON_GRPC_STATUS_H_
#define SGS_COMMON_GRPC_STATUS_H_

#include <vector>

#include "absl/status/status.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace sgs {

inline constexpr char kBadRequestTypeUrl[] =
    "type.googleapis.com/google.rpc.BadRequest";

// kInvalidArgument with `message` and the violations attached.
absl::Status InvalidArgumentWithViolations(
    absl::string_view message,
    const std::vector<google::rpc::BadRequest::FieldViolation>& violations);

// A single-field violation; description is "rule: 说明".
absl::Status FieldError(absl::string_view field, absl::string_view rule,
                        absl::string_view message);

// The violations attached to a status (empty when none).
std::vector<google::rpc::BadRequest::FieldViolation> ViolationsOf(
    const absl::Status& status);

// Status as a google.rpc.Status (code, message, BadRequest details).
google::rpc::Status ToRpcStatus(const absl::Status& status);

// Status for the wire; details are serialized into the trailer.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients of our own services (details dropped except the
// message).
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace sgs

#endif  // SGS_COMMON_GRPC_STATUS_H_
