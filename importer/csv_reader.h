// CsvReader: a streaming RFC 4180 reader for the importer's input files.
// It reads one record at a time from an std::istream (the file is never
// loaded whole), skips a leading UTF-8 byte order mark, accepts CRLF, LF and
// lone CR line ends, quoted fields with doubled quotes and embedded line
// breaks, and checks that every field is valid UTF-8 (exports from Excel are
// often GBK; those must be refused, not sent as garbage).
//
// Every record reports the physical line (1-based) on which it starts, so a
// rejected row can be found in the file even when an earlier field spans
// several lines. A malformed record (a stray quote, text after a closing
// quote, invalid UTF-8) is an INVALID_ARGUMENT error for that record only:
// the reader skips to the end of the record's line and goes on. An
// unterminated quoted field swallows the rest of the file, so it ends the
// input after its error.
#ifndef SGS_IMPORTER_CSV_READER_H_
#define SGS_IMPORTER_CSV_READER_H_

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sgs::importer {

class CsvReader {
 public:
  // `in` must outlive the reader.
  explicit CsvReader(std::istream* in, char delimiter = ',');

  // Reads the next record into `fields`. Returns true when a record was
  // read, false at the end of input, or INVALID_ARGUMENT (with the line
  // number in the message) for a malformed record; reading may continue
  // after an error. An empty line is a record with one empty field.
  absl::StatusOr<bool> Next(std::vector<std::string>* fields);

  // The physical line (1-based) on which the record last returned by Next()
  // (or the malformed one) starts.
  int64_t record_line() const { return record_line_; }

 private:
  // Next character, or -1 at end of input; counts line ends.
  int Get();
  int Peek();
  // Reads the next block of the stream; false at its end.
  bool Fill();
  // Appends the characters from the read position up to the next
  // delimiter, quote, CR or LF (not consumed) to `field`, a block at a
  // time: most of a file is such runs, and a character at a time was a
  // quarter of the importer's CPU (issue 11).
  void AppendPlainRun(std::string* field);
  // Consumes the rest of the current physical line after a malformed
  // record, so the next record starts on a fresh line.
  void SkipRestOfLine();
  absl::Status Malformed(absl::string_view what);

  std::streambuf* buf_;
  char delimiter_;
  // What was read from `buf_` and not yet consumed: block_[pos_..].
  std::string block_;
  size_t pos_ = 0;
  // Bytes read ahead while looking for the byte order mark.
  std::string pending_;
  bool started_ = false;
  bool at_end_ = false;
  int64_t line_ = 1;  // line of the next character
  int64_t record_line_ = 0;
};

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(absl::string_view text);

}  // namespace sgs::importer

#endif  // SGS_IMPORTER_CSV_READER_H_
