// Length limits of the free texts the credit office and the units write
// outside a record (a record's own fields are bounded by the validator):
// an objection's description (异议内容) and resolution note (处理说明), a
// spot-check finding's description (说明) and 文书号, a withdrawal reason
// (撤销原因). Lengths are in characters (Unicode code points), so a pasted
// letter is refused at the door instead of breaking every report that
// reads it. The limits are named here and in ingest_service.proto's
// comments; README's "Proof" section lists them.
#ifndef SGS_INGEST_SERVICE_DOMAIN_TEXT_LIMITS_H_
#define SGS_INGEST_SERVICE_DOMAIN_TEXT_LIMITS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/field_error.h"

namespace sgs::ingest {

// 异议内容, 处理说明, 抽查发现说明: about two pages of text.
inline constexpr int kMaxNoteChars = 2000;
// 撤销原因.
inline constexpr int kMaxReasonChars = 500;
// 抽查发现的文书号 (as a record's 文书号).
inline constexpr int kMaxDocumentNumberChars = 128;

// Adds a too_long (or invalid_utf8) violation of `field` when `value` has
// more than `max_chars` characters; returns whether it fits.
bool CheckTextLength(absl::string_view value, absl::string_view field,
                     int max_chars, FieldViolations* violations);

// The same, as a status (OK, or kInvalidArgument naming the field).
absl::Status TextLengthStatus(absl::string_view value, absl::string_view field,
                              int max_chars);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_DOMAIN_TEXT_LIMITS_H_
