#include "common/error_budget.h"

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace sgs {
namespace {

constexpr char kEllipsis[] = "…";  // 3 bytes in UTF-8

}  // namespace

std::string TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  const size_t room = max_bytes > 3 ? max_bytes - 3 : 0;
  size_t end = room;
  // Back up to the start of a character.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return absl::StrCat(text.substr(0, end), kEllipsis);
}

void FitErrorBudget(google::rpc::Status* status) {
  status->set_message(TruncateUtf8(status->message(), kMaxErrorMessageBytes));
  if (status->ByteSizeLong() <= kMaxErrorDetailsBytes) return;
  google::rpc::Status fitted;
  fitted.set_code(status->code());
  fitted.set_message(status->message());
  for (const google::protobuf::Any& detail : status->details()) {
    google::rpc::BadRequest all;
    if (!detail.UnpackTo(&all)) continue;  // Other details are dropped.
    google::rpc::BadRequest kept;
    const int total = all.field_violations_size();
    // Room for the closing "…及其他 K 项" entry.
    const size_t budget = kMaxErrorDetailsBytes - 256;
    for (int i = 0; i < total; ++i) {
      google::rpc::BadRequest::FieldViolation violation =
          all.field_violations(i);
      violation.set_field(TruncateUtf8(violation.field(), 128));
      violation.set_description(TruncateUtf8(violation.description(), 600));
      *kept.add_field_violations() = std::move(violation);
      if (fitted.ByteSizeLong() + kept.ByteSizeLong() + 64 > budget) {
        kept.mutable_field_violations()->RemoveLast();
        break;
      }
    }
    const int left_out = total - kept.field_violations_size();
    if (left_out > 0) {
      google::rpc::BadRequest::FieldViolation* more =
          kept.add_field_violations();
      more->set_field("request");
      more->set_description(
          absl::StrCat("more_violations: …及其他 ", left_out,
                       " 项问题未在错误详情中列出（错误详情限于 ",
                       kMaxErrorDetailsBytes, " 字节）"));
    }
    fitted.add_details()->PackFrom(kept);
    break;
  }
  *status = std::move(fitted);
}

}  // namespace sgs
