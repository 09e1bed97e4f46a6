// Bounds on what an error puts in the response trailer. A default gRPC
// client refuses trailers above 8 KiB ("metadata size exceeds limit"), and
// grpc-message is percent-encoded (a Chinese character takes 9 bytes) and
// grpc-status-details-bin base64-encoded (4/3), so an error must stay well
// inside: the message is cut at kMaxErrorMessageBytes (on a character
// boundary, with "…"), and the serialized google.rpc.Status at
// kMaxErrorDetailsBytes, keeping the first violations and ending with one
// that says "…及其他 K 项" for those left out.
#ifndef SGS_COMMON_ERROR_BUDGET_H_
#define SGS_COMMON_ERROR_BUDGET_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"

namespace sgs {

inline constexpr size_t kMaxErrorMessageBytes = 512;
inline constexpr size_t kMaxErrorDetailsBytes = 3072;

// `text` cut to at most `max_bytes` bytes on a UTF-8 character boundary,
// ending with "…" when cut.
std::string TruncateUtf8(absl::string_view text, size_t max_bytes);

// Fits `status` (message and BadRequest details) into the budget above.
void FitErrorBudget(google::rpc::Status* status);

}  // namespace sgs

#endif  // SGS_COMMON_ERROR_BUDGET_H_
