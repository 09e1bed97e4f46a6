#include "importer/report.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace sgs::importer {

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(text);
  }
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

absl::Status RejectionReport::Open(const std::string& path) {
  path_ = path;
  out_.open(path, std::ios::binary | std::ios::trunc);
  if (!out_) {
    return absl::FailedPreconditionError(
        absl::StrCat("无法写入退回报告文件：", path));
  }
  out_ << "\xEF\xBB\xBF"
       << "行号,单位,文书号,字段,规则与说明\r\n";
  return out_ ? absl::OkStatus()
              : absl::DataLossError(absl::StrCat("写入失败：", path));
}

void RejectionReport::Add(ReportLine line) {
  pending_.push_back(std::move(line));
  ++count_;
}

absl::Status RejectionReport::Flush() {
  std::stable_sort(
      pending_.begin(), pending_.end(),
      [](const ReportLine& a, const ReportLine& b) { return a.line < b.line; });
  for (const ReportLine& l : pending_) {
    out_ << (l.line > 0 ? absl::StrCat(l.line) : std::string()) << ','
         << CsvField(l.unit_code) << ',' << CsvField(l.document_number) << ','
         << CsvField(l.column) << ',' << CsvField(l.message) << "\r\n";
  }
  pending_.clear();
  out_.flush();
  return out_ ? absl::OkStatus()
              : absl::DataLossError(absl::StrCat("写入失败：", path_));
}

absl::Status RejectionReport::Close() {
  absl::Status status = Flush();
  out_.close();
  return status;
}

}  // namespace sgs::importer
