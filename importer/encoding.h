// Input encodings of import files. Excel in a Chinese locale saves CSV as
// GBK (GB18030 is its superset); others save UTF-8 with or without a BOM.
// The importer reads everything as UTF-8: a GB18030 file is converted while
// it is read, in bounded chunks, by glibc's iconv — never by hand.
#ifndef SGS_IMPORTER_ENCODING_H_
#define SGS_IMPORTER_ENCODING_H_

#include <iconv.h>

#include <cstdint>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sgs::importer {

enum class Encoding { kAuto, kUtf8, kGb18030 };

// "auto", "utf-8"/"utf8", "gbk"/"gb18030"/"gb2312"/"cp936" (any case).
absl::StatusOr<Encoding> ParseEncoding(absl::string_view text);
// "UTF-8" or "GB18030", for messages and the summary.
absl::string_view EncodingName(Encoding encoding);

// Judges the encoding from the file's first bytes: a UTF-8 BOM or valid
// UTF-8 is UTF-8; otherwise text that decodes as GB18030 is GB18030; else
// UTF-8 (its invalid rows are then refused one by one, each named).
Encoding DetectEncoding(absl::string_view head);

// A streambuf reading `source` (which must outlive it) converted from
// GB18030 to UTF-8 with iconv, a chunk at a time. Reading stops at the
// first byte sequence that is not GB18030; status() then says where.
class Gb18030ToUtf8Buffer : public std::streambuf {
 public:
  explicit Gb18030ToUtf8Buffer(std::istream* source);
  ~Gb18030ToUtf8Buffer() override;
  Gb18030ToUtf8Buffer(const Gb18030ToUtf8Buffer&) = delete;
  Gb18030ToUtf8Buffer& operator=(const Gb18030ToUtf8Buffer&) = delete;

  // OK, or why conversion stopped before the end of the file.
  const absl::Status& status() const { return status_; }

 protected:
  int_type underflow() override;

 private:
  static constexpr size_t kChunk = 64 * 1024;
  std::istream* source_;
  iconv_t converter_;
  char in_[kChunk];
  size_t in_size_ = 0;
  // Input bytes converted so far, to say where a bad sequence is.
  int64_t consumed_ = 0;
  bool source_done_ = false;
  // Worst case: a GB18030 byte becomes at most 2 UTF-8 bytes (4 → 4).
  char out_[2 * kChunk];
  absl::Status status_;
};

}  // namespace sgs::importer

#endif  // SGS_IMPORTER_ENCODING_H_
