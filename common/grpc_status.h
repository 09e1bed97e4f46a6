// The one place where absl::Status becomes grpc::Status. Validation
// failures carry a google.rpc.BadRequest with every field violation
// (common/field_error.h, no gRPC there); here they become the
// grpc-status-details-bin trailer (a google.rpc.Status) on the wire.
#ifndef SGS_COMMON_GRPC_STATUS_H_
#define SGS_COMMON_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "common/field_error.h"
#include "grpcpp/support/status.h"

namespace sgs {

// Status for the wire; details are serialized into the trailer.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients of our own services (details dropped except the
// message).
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace sgs

#endif  // SGS_COMMON_GRPC_STATUS_H_
