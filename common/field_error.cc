#include "common/field_error.h"

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

void FieldViolations::Add(absl::string_view field, absl::string_view rule,
                          absl::string_view message) {
  google::rpc::BadRequest::FieldViolation violation;
  violation.set_field(std::string(field));
  violation.set_description(absl::StrCat(rule, ": ", message));
  violations_.push_back(std::move(violation));
}

absl::Status FieldViolations::ToStatus(absl::string_view message) const {
  if (violations_.empty()) return absl::OkStatus();
  return InvalidArgumentWithViolations(message, violations_);
}

}  // namespace sgs
