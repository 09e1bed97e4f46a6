#include "common/identity_normalizer.h"

#include <cstdlib>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/types/optional.h"
#include "utf8proc.h"

namespace sgs {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

const utf8proc_uint8_t* Bytes(absl::string_view text) {
  return reinterpret_cast<const utf8proc_uint8_t*>(text.data());
}

bool IsSpace(utf8proc_int32_t cp) {
  return cp == ' ' || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

// The code point at `text[i]` and its length; -1 length when malformed.
utf8proc_ssize_t Next(absl::string_view text, size_t i, utf8proc_int32_t* cp) {
  return utf8proc_iterate(Bytes(text.substr(i)),
                          static_cast<utf8proc_ssize_t>(text.size() - i), cp);
}

// Code points NFKC leaves alone whatever surrounds them, that are neither
// control nor format characters, and that no normalisation composes with a
// neighbour: printable ASCII, the CJK Unified Ideographs block (assigned
// through Unicode 11) and 〔〕 (U+3014, U+3015, the brackets of 文书号).
// Unit codes, credit codes, ID numbers and most document numbers consist
// of nothing else (identity_normalizer_test checks each one against
// utf8proc).
bool IsPlainIdentityCodePoint(uint32_t cp) {
  return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0x4E00 && cp <= 0x9FEF) ||
         cp == 0x3014 || cp == 0x3015;
}

// The normal form of a value made only of plain code points: the value
// without the ASCII spaces at its ends. Nothing when any other code point
// (or a byte that is not UTF-8 of one) is in it.
absl::optional<absl::string_view> PlainIdentity(absl::string_view value) {
  const auto* p = reinterpret_cast<const unsigned char*>(value.data());
  const auto* end = p + value.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) return absl::nullopt;
      ++p;
      continue;
    }
    // Only three-byte sequences can be plain (U+3014 .. U+9FEF).
    if ((c & 0xF0) != 0xE0 || end - p < 3 || (p[1] & 0xC0) != 0x80 ||
        (p[2] & 0xC0) != 0x80) {
      return absl::nullopt;
    }
    const uint32_t cp = (static_cast<uint32_t>(c & 0x0F) << 12) |
                        (static_cast<uint32_t>(p[1] & 0x3F) << 6) |
                        static_cast<uint32_t>(p[2] & 0x3F);
    if (!IsPlainIdentityCodePoint(cp)) return absl::nullopt;
    p += 3;
  }
  size_t begin = 0;
  size_t stop = value.size();
  while (begin < stop && value[begin] == ' ') ++begin;
  while (stop > begin && value[stop - 1] == ' ') --stop;
  return value.substr(begin, stop - begin);
}

}  // namespace

absl::StatusOr<std::string> NormalizeIdentityValue(absl::string_view value) {
  // The common case, without utf8proc's allocation and tables.
  if (const absl::optional<absl::string_view> plain = PlainIdentity(value)) {
    return std::string(*plain);
  }
  // Refuse before normalising: NFKC would keep these, and a person could
  // not see them anyway.
  for (size_t i = 0; i < value.size();) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = Next(value, i, &cp);
    if (len <= 0) {
      return absl::InvalidArgumentError("不是有效的 UTF-8 文本");
    }
    const utf8proc_category_t category = utf8proc_category(cp);
    if (category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CF) {
      return absl::InvalidArgumentError(
          absl::StrFormat("含有不可见字符或控制字符 U+%04X（位于第 %d "
                          "个字节），请删除后重新报送",
                          static_cast<unsigned>(cp), static_cast<int>(i + 1)));
    }
    i += static_cast<size_t>(len);
  }
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t size = utf8proc_map(
      Bytes(value), static_cast<utf8proc_ssize_t>(value.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                     UTF8PROC_COMPAT));
  if (size < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("无法规范化: ", utf8proc_errmsg(size)));
  }
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owner(mapped);
  const absl::string_view normal(reinterpret_cast<const char*>(mapped),
                                 static_cast<size_t>(size));
  // Trim white space at both ends (after NFKC U+3000 is already ' ', but
  // other separators such as U+00A0 and U+2003 map to ' ' too).
  size_t begin = 0;
  size_t end = normal.size();
  while (begin < end) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = Next(normal, begin, &cp);
    if (len <= 0 || !IsSpace(cp)) break;
    begin += static_cast<size_t>(len);
  }
  // Backwards: find the start of the last code point each time.
  while (end > begin) {
    size_t start = end - 1;
    while (start > begin &&
           (static_cast<unsigned char>(normal[start]) & 0xC0) == 0x80) {
      --start;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = Next(normal.substr(0, end), start, &cp);
    if (len <= 0 || !IsSpace(cp)) break;
    end = start;
  }
  return std::string(normal.substr(begin, end - begin));
}

std::vector<google::rpc::BadRequest::FieldViolation> NormalizeIdentityFields(
    sgs::v1::Record* record) {
  std::vector<google::rpc::BadRequest::FieldViolation> violations;
  auto apply = [&violations](std::string* value, absl::string_view path) {
    if (value->empty()) return;
    absl::StatusOr<std::string> normal = NormalizeIdentityValue(*value);
    if (!normal.ok()) {
      google::rpc::BadRequest::FieldViolation* v = &violations.emplace_back();
      v->set_field(std::string(path));
      v->set_description(absl::StrCat(kInvisibleCharacterRule, ": ",
                                      normal.status().message()));
      return;
    }
    *value = *std::move(normal);
  };
  apply(record->mutable_unit_code(), "unit_code");
  if (record->has_licensing()) {
    apply(record->mutable_licensing()->mutable_document_number(),
          "licensing.document_number");
  }
  if (record->has_penalty()) {
    apply(record->mutable_penalty()->mutable_document_number(),
          "penalty.document_number");
  }
  if (record->has_subject()) {
    apply(record->mutable_subject()->mutable_credit_code(),
          "subject.credit_code");
    apply(record->mutable_subject()->mutable_id_number(), "subject.id_number");
  }
  return violations;
}

}  // namespace sgs
