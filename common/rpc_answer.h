// The services' one error boundary: every RPC body of the ingest, admin and
// stats services runs inside Answer and speaks absl::Status
// (RETURN_IF_ERROR / ASSIGN_OR_RETURN from common/status_macros.h); Answer
// converts it to the grpc::Status on the wire once, at the edge
// (common/grpc_status.h: field violations become the BadRequest trailer).
#ifndef SGS_COMMON_RPC_ANSWER_H_
#define SGS_COMMON_RPC_ANSWER_H_

#include <functional>

#include "absl/status/status.h"
#include "common/grpc_status.h"
#include "grpcpp/support/status.h"

namespace sgs {

inline grpc::Status Answer(const std::function<absl::Status()>& body) {
  return ToGrpcStatus(body());
}

}  // namespace sgs

#endif  // SGS_COMMON_RPC_ANSWER_H_
