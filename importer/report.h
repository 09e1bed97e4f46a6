// RejectionReport: the CSV file of rejected rows an importer run leaves for
// the official who must fix the data. One line per violation:
//   行号,单位,文书号,字段,规则与说明
// (行号 the physical line of the row in the input file, 字段 the column
// code, or "" for the whole row). The file starts with a UTF-8 byte order
// mark so that Excel, which officials open it with, reads it as UTF-8.
// Lines are buffered per chunk and written in line order.
#ifndef SGS_IMPORTER_REPORT_H_
#define SGS_IMPORTER_REPORT_H_

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sgs::importer {

struct ReportLine {
  int64_t line = 0;
  std::string unit_code;
  std::string document_number;
  std::string column;
  std::string message;
};

class RejectionReport {
 public:
  // Creates (truncates) the file and writes the header.
  absl::Status Open(const std::string& path);
  // Buffers a line; Flush() writes the buffered lines sorted by line
  // number (stable, so a row's violations keep their order).
  void Add(ReportLine line);
  absl::Status Flush();
  absl::Status Close();
  // Lines written or buffered so far.
  int64_t line_count() const { return count_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ofstream out_;
  std::vector<ReportLine> pending_;
  int64_t count_ = 0;
};

// One CSV field, quoted per RFC 4180 when it holds a comma, quote or line
// break.
std::string CsvField(absl::string_view text);

}  // namespace sgs::importer

#endif  // SGS_IMPORTER_REPORT_H_
