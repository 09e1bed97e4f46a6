#include "importer/csv_reader.h"

#include <cstddef>
#include <streambuf>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace sgs::importer {
namespace {

constexpr int kEof = -1;
// Bytes read from the stream at once.
constexpr size_t kBlockBytes = size_t{64} * 1024;

}  // namespace

CsvReader::CsvReader(std::istream* in, char delimiter)
    : buf_(in->rdbuf()), delimiter_(delimiter) {}

bool CsvReader::Fill() {
  if (buf_ == nullptr) return false;
  block_.resize(kBlockBytes);
  const std::streamsize got =
      buf_->sgetn(block_.data(), static_cast<std::streamsize>(block_.size()));
  block_.resize(got > 0 ? static_cast<size_t>(got) : 0);
  pos_ = 0;
  return !block_.empty();
}

int CsvReader::Peek() {
  if (!pending_.empty()) return static_cast<unsigned char>(pending_.front());
  if (pos_ == block_.size() && !Fill()) return kEof;
  return static_cast<unsigned char>(block_[pos_]);
}

void CsvReader::AppendPlainRun(std::string* field) {
  if (!pending_.empty()) return;
  for (;;) {
    const char* const begin = block_.data() + pos_;
    const char* const end = block_.data() + block_.size();
    const char* p = begin;
    while (p < end && *p != delimiter_ && *p != '"' && *p != '\n' &&
           *p != '\r') {
      ++p;
    }
    field->append(begin, static_cast<size_t>(p - begin));
    pos_ = static_cast<size_t>(p - block_.data());
    // Stopped at a character that ends the run, or the block ran out.
    if (p < end || !Fill()) return;
  }
}

int CsvReader::Get() {
  int c;
  if (!pending_.empty()) {
    c = static_cast<unsigned char>(pending_.front());
    pending_.erase(0, 1);
  } else {
    if (pos_ == block_.size() && !Fill()) return kEof;
    c = static_cast<unsigned char>(block_[pos_++]);
  }
  // A line ends at LF, at CR LF (counted on the LF) and at a lone CR.
  if (c == '\n' || (c == '\r' && Peek() != '\n')) ++line_;
  return c;
}

void CsvReader::SkipRestOfLine() {
  for (;;) {
    const int c = Get();
    if (c == kEof) {
      at_end_ = true;
      return;
    }
    if (c == '\n') return;
    if (c == '\r') {
      if (Peek() == '\n') Get();
      return;
    }
  }
}

absl::Status CsvReader::Malformed(absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("CSV格式错误（第", record_line_, "行）：", what));
}

absl::StatusOr<bool> CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (at_end_) return false;
  if (!started_) {
    started_ = true;
    // Skip a UTF-8 byte order mark (Excel writes one with "CSV UTF-8").
    std::string head;
    for (int i = 0; i < 3 && Peek() != kEof; ++i) {
      head.push_back(block_[pos_++]);
    }
    if (head != "\xEF\xBB\xBF") pending_ = head;
  }

  record_line_ = line_;
  int c = Get();
  if (c == kEof) {
    at_end_ = true;
    return false;
  }
  std::string field;
  for (;;) {
    if (c == '"') {
      // Quoted field: runs to the next quote not doubled, across lines.
      for (;;) {
        c = Get();
        if (c == kEof) {
          at_end_ = true;
          return Malformed("带引号的字段直到文件末尾仍未闭合（缺少右引号）");
        }
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            field.push_back('"');
            continue;
          }
          break;
        }
        field.push_back(static_cast<char>(c));
      }
      c = Get();
      if (c != delimiter_ && c != '\r' && c != '\n' && c != kEof) {
        SkipRestOfLine();
        return Malformed(absl::StrCat("第", fields->size() + 1,
                                      "个字段的右引号后还有其他字符"));
      }
    } else {
      while (c != delimiter_ && c != '\r' && c != '\n' && c != kEof) {
        if (c == '"') {
          SkipRestOfLine();
          return Malformed(
              absl::StrCat("第", fields->size() + 1,
                           "个字段未加引号却含有引号（含引号的字段须整体加"
                           "双引号，字段内的引号写作两个引号）"));
        }
        field.push_back(static_cast<char>(c));
        // The rest of the plain run at once (no line end in it, so the
        // line count is unchanged).
        AppendPlainRun(&field);
        c = Get();
      }
    }
    fields->push_back(std::move(field));
    field.clear();
    if (c == delimiter_) {
      c = Get();
      continue;
    }
    // End of record: c is CR, LF or end of input.
    if (c == '\r' && Peek() == '\n') Get();
    if (c == kEof) at_end_ = true;
    break;
  }
  for (size_t i = 0; i < fields->size(); ++i) {
    if (!IsValidUtf8((*fields)[i])) {
      return Malformed(absl::StrCat(
          "第", i + 1,
          "个字段不是有效的UTF-8编码（文件可能是GBK编码，请另存为UTF-8）"));
    }
  }
  return true;
}

bool IsValidUtf8(absl::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    uint32_t code;
    uint32_t min;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
      min = 0x10000;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    p += extra + 1;
  }
  return true;
}

}  // namespace sgs::importer
