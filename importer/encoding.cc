#include "importer/encoding.h"

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "importer/csv_reader.h"

namespace sgs::importer {
namespace {

// `head` may end inside a multi-byte sequence: drops up to three trailing
// bytes of an incomplete UTF-8 sequence so the cut does not count against
// the file.
absl::string_view TrimIncompleteUtf8Tail(absl::string_view head) {
  for (size_t back = 1; back <= 3 && back <= head.size(); ++back) {
    const unsigned char c =
        static_cast<unsigned char>(head[head.size() - back]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: look further back
    if (c >= 0xC0) {
      const size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (need > back) return head.substr(0, head.size() - back);
    }
    break;
  }
  return head;
}

// Whether `head` converts cleanly from GB18030 (an incomplete final
// sequence, cut by the sample, is fine).
bool DecodesAsGb18030(absl::string_view head) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string out(head.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(head.data());
  size_t in_left = head.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const size_t r = iconv(cd, &in, &in_left, &out_ptr, &out_left);
  const int error = errno;
  iconv_close(cd);
  return r != static_cast<size_t>(-1) || error == EINVAL;
}

}  // namespace

absl::StatusOr<Encoding> ParseEncoding(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower.empty() || lower == "auto") return Encoding::kAuto;
  if (lower == "utf-8" || lower == "utf8") return Encoding::kUtf8;
  if (lower == "gbk" || lower == "gb18030" || lower == "gb2312" ||
      lower == "cp936") {
    return Encoding::kGb18030;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("未知的编码“", text, "”，应为auto、utf-8或gbk（gb18030）"));
}

absl::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kGb18030:
      return "GB18030";
    case Encoding::kUtf8:
      return "UTF-8";
    default:
      return "auto";
  }
}

Encoding DetectEncoding(absl::string_view head) {
  if (absl::StartsWith(head, "\xEF\xBB\xBF")) return Encoding::kUtf8;
  if (IsValidUtf8(TrimIncompleteUtf8Tail(head))) return Encoding::kUtf8;
  if (DecodesAsGb18030(head)) return Encoding::kGb18030;
  return Encoding::kUtf8;
}

Gb18030ToUtf8Buffer::Gb18030ToUtf8Buffer(std::istream* source)
    : source_(source), converter_(iconv_open("UTF-8", "GB18030")) {
  if (converter_ == reinterpret_cast<iconv_t>(-1)) {
    status_ = absl::InternalError(absl::StrCat(
        "无法创建GB18030到UTF-8的转换（iconv_open: ", std::strerror(errno),
        "）"));
  }
  setg(out_, out_, out_);
}

Gb18030ToUtf8Buffer::~Gb18030ToUtf8Buffer() {
  if (converter_ != reinterpret_cast<iconv_t>(-1)) iconv_close(converter_);
}

Gb18030ToUtf8Buffer::int_type Gb18030ToUtf8Buffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (!status_.ok()) return traits_type::eof();
  for (;;) {
    if (!source_done_ && in_size_ < kChunk) {
      source_->read(in_ + in_size_,
                    static_cast<std::streamsize>(kChunk - in_size_));
      const std::streamsize got = source_->gcount();
      in_size_ += static_cast<size_t>(got);
      if (got == 0 || !*source_) source_done_ = true;
      if (source_->bad()) {
        status_ = absl::DataLossError("读取输入文件失败");
        return traits_type::eof();
      }
    }
    if (in_size_ == 0) return traits_type::eof();
    char* in = in_;
    size_t in_left = in_size_;
    char* out = out_;
    size_t out_left = sizeof(out_);
    const size_t r = iconv(converter_, &in, &in_left, &out, &out_left);
    const int error = errno;
    const size_t used = in_size_ - in_left;
    std::memmove(in_, in, in_left);
    in_size_ = in_left;
    consumed_ += static_cast<int64_t>(used);
    const size_t produced = static_cast<size_t>(out - out_);
    if (r == static_cast<size_t>(-1) && produced == 0) {
      if (error == EILSEQ || (error == EINVAL && source_done_)) {
        status_ = absl::InvalidArgumentError(
            absl::StrCat("文件第", consumed_ + 1,
                         "字节起不是有效的GBK/GB18030编码；请确认文件编码，或用"
                         "--encoding=utf-8指定"));
        return traits_type::eof();
      }
      if (error == EINVAL) continue;  // sequence cut by the chunk: read more
    }
    if (produced > 0) {
      setg(out_, out_, out);
      return traits_type::to_int_type(*gptr());
    }
    if (source_done_ && in_size_ == 0) return traits_type::eof();
  }
}

}  // namespace sgs::importer
