// The one normalisation of identity fields (报送单位代码, 文书号,
// 统一社会信用代码, 证件号码), used by the ingest API and the importer alike,
// so the channel never decides whether a resend is a correction or a second
// record.
//
// A value is brought to Unicode NFKC (utf8proc, Debian's libutf8proc: full-
// width digits and letters become ASCII, U+3000 becomes a space), then
// leading and trailing white space (every Unicode space separator) is
// trimmed. Invisible and control characters — C0/C1 controls such as NUL,
// tab and newline, and format characters such as the zero-width space,
// U+FEFF and the bidi controls (Unicode categories Cc and Cf) — are refused,
// as is malformed UTF-8: such a value cannot be told apart from another by
// a person reading it.
#ifndef SGS_COMMON_IDENTITY_NORMALIZER_H_
#define SGS_COMMON_IDENTITY_NORMALIZER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "sgs/v1/record.pb.h"

namespace sgs {

// Rule id of a refused identity value ("invisible_character: ...").
inline constexpr char kInvisibleCharacterRule[] = "invisible_character";

// `value` normalised; kInvalidArgument saying which character (U+200B) is
// refused, or that the text is not valid UTF-8.
absl::StatusOr<std::string> NormalizeIdentityValue(absl::string_view value);

// Normalises the record's identity fields in place: unit_code, the
// decision's document_number, subject.credit_code and subject.id_number.
// One violation (field path, "invisible_character: ...") per refused value;
// a refused value is left as sent.
std::vector<google::rpc::BadRequest::FieldViolation> NormalizeIdentityFields(
    sgs::v1::Record* record);

}  // namespace sgs

#endif  // SGS_COMMON_IDENTITY_NORMALIZER_H_
