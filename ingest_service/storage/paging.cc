#include "ingest_service/storage/paging.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "common/field_error.h"
#include "common/keys.h"

namespace sgs::ingest::storage {

KeyRange UnitRange(const std::string& unit_code) {
  if (unit_code.empty()) return {};
  std::string lower = keys::UnitPrefix(unit_code);
  std::string upper = keys::PrefixSuccessor(lower);
  return {std::move(lower), std::move(upper)};
}

std::string EncodePageToken(absl::string_view key) {
  return absl::WebSafeBase64Escape(key);
}

absl::StatusOr<std::string> DecodePageToken(const std::string& page_token,
                                            const KeyRange& range) {
  if (page_token.empty()) return range.lower;
  std::string key;
  if (!absl::WebSafeBase64Unescape(page_token, &key) || key < range.lower ||
      (!range.upper.empty() && key >= range.upper)) {
    return FieldError("page_token", "invalid_page_token",
                      "分页令牌无效或与本次查询条件不符，请使用上一页返回的 "
                      "next_page_token 并保持其他查询条件不变");
  }
  return key;
}

int ClampPageSize(int requested, int default_size, int max_size) {
  if (requested <= 0) return default_size;
  return std::min(requested, max_size);
}

}  // namespace sgs::ingest::storage
