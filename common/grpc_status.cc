#include "common/grpc_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace sgs {

absl::Status InvalidArgumentWithViolations(
    absl::string_view message,
    const std::vector<google::rpc::BadRequest::FieldViolation>& violations) {
  absl::Status status = absl::InvalidArgumentError(message);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& violation : violations) {
      *bad_request.add_field_violations() = violation;
    }
    status.SetPayload(kBadRequestTypeUrl,
                      absl::Cord(bad_request.SerializeAsString()));
  }
  return status;
}

absl::Status FieldError(absl::string_view field, absl::string_view rule,
                        absl::string_view message) {
  google::rpc::BadRequest::FieldViolation violation;
  violation.set_field(std::string(field));
  violation.set_description(absl::StrCat(rule, ": ", message));
  return InvalidArgumentWithViolations(
      absl::StrCat(field, ": ", violation.description()), {violation});
}

std::vector<google::rpc::BadRequest::FieldViolation> ViolationsOf(
    const absl::Status& status) {
  std::vector<google::rpc::BadRequest::FieldViolation> violations;
  absl::optional<absl::Cord> payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) return violations;
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) return violations;
  violations.assign(bad_request.field_violations().begin(),
                    bad_request.field_violations().end());
  return violations;
}

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(std::string(status.message()));
  std::vector<google::rpc::BadRequest::FieldViolation> violations =
      ViolationsOf(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& violation : violations) {
      *bad_request.add_field_violations() = violation;
    }
    rpc_status.add_details()->PackFrom(bad_request);
  }
  return rpc_status;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  google::rpc::Status rpc_status = ToRpcStatus(status);
  if (rpc_status.details_size() == 0) return grpc::Status(code, message);
  return grpc::Status(code, message, rpc_status.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

}  // namespace sgs
