// The stats service's one error boundary: every RPC body runs inside
// Answer and speaks absl::Status (RETURN_IF_ERROR / ASSIGN_OR_RETURN from
// common/status_macros.h); Answer converts it to the grpc::Status on the
// wire once, at the edge, as the ingest service's handlers do.
#ifndef SGS_STATS_SERVICE_RPC_ANSWER_H_
#define SGS_STATS_SERVICE_RPC_ANSWER_H_

#include <functional>

#include "absl/status/status.h"
#include "common/grpc_status.h"
#include "grpcpp/support/status.h"

namespace sgs::stats {

inline grpc::Status Answer(const std::function<absl::Status()>& body) {
  return ToGrpcStatus(body());
}

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_RPC_ANSWER_H_
