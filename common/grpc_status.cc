#include "common/grpc_status.h"

#include <string>

#include "common/error_budget.h"

namespace sgs {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  auto code = static_cast<grpc::StatusCode>(status.code());
  // The trailer must stay readable by a default client (error_budget.h).
  google::rpc::Status rpc_status = ToRpcStatus(status);
  FitErrorBudget(&rpc_status);
  if (rpc_status.details_size() == 0) {
    return grpc::Status(code, rpc_status.message());
  }
  return grpc::Status(code, rpc_status.message(),
                      rpc_status.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

}  // namespace sgs
