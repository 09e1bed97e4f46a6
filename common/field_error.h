// Field violations without gRPC: validation failures are an absl::Status
// of code kInvalidArgument carrying a google.rpc.BadRequest (every field
// violation) as a payload under kBadRequestTypeUrl. Storage and domain code
// build them here; only the RPC edge (common/grpc_status.h) turns them into
// the grpc-status-details-bin trailer.
#ifndef SGS_COMMON_FIELD_ERROR_H_
#define SGS_COMMON_FIELD_ERROR_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

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

// Gathers every violation of one request, then gives one status: a check
// reports all problems at once rather than only the first.
class FieldViolations {
 public:
  // Adds a violation of `field`; description is "rule: 说明".
  void Add(absl::string_view field, absl::string_view rule,
           absl::string_view message);
  bool empty() const { return violations_.empty(); }
  const std::vector<google::rpc::BadRequest::FieldViolation>& violations()
      const {
    return violations_;
  }
  // OK when empty; else kInvalidArgument with `message` and every
  // violation attached.
  absl::Status ToStatus(absl::string_view message) const;

 private:
  std::vector<google::rpc::BadRequest::FieldViolation> violations_;
};

}  // namespace sgs

#endif  // SGS_COMMON_FIELD_ERROR_H_
