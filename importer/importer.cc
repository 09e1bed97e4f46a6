#include "importer/importer.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "importer/csv_reader.h"
#include "importer/report.h"

namespace sgs::importer {
namespace {

// Prints a progress line every `interval` on its own thread, so progress
// keeps coming while the main thread blocks in a stream write.
class ProgressPrinter {
 public:
  ProgressPrinter(std::ostream* out, absl::Duration interval,
                  std::function<std::string()> line)
      : out_(out), interval_(interval), line_(std::move(line)) {
    if (out_ != nullptr && interval_ > absl::ZeroDuration()) {
      thread_ = std::thread([this] { Loop(); });
    }
  }
  ~ProgressPrinter() { Stop(); }

  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stop_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Loop() {
    absl::MutexLock lock(&mu_);
    for (;;) {
      mu_.AwaitWithTimeout(absl::Condition(&stop_), interval_);
      if (stop_) return;
      *out_ << line_() << std::endl;
    }
  }

  std::ostream* out_;
  absl::Duration interval_;
  std::function<std::string()> line_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

class ImportRun {
 public:
  ImportRun(const ImportOptions& options,
            sgs::v1::IngestService::StubInterface* stub)
      : options_(options), stub_(stub) {
    upload_options_ = options.upload;
    upload_options_.backfill = options.mapping.backfill;
  }

  ImportResult Run();

 private:
  absl::Status ReadCsv(std::istream& in);
  absl::Status ReadJsonl(std::istream& in);
  // Sends a mapped row, or reports why it could not be mapped.
  absl::Status HandleRow(int64_t line, bool mapped, MappedRow& row,
                         const std::vector<CellError>& errors);
  void ReportLocal(int64_t line, const std::string& unit,
                   const std::string& document_number,
                   const std::string& column, const std::string& message);
  std::string ProgressLine(absl::string_view label) const;
  // The unit a row counts under in the summary.
  UnitImportCounts& UnitCounts(const std::string& unit_code);
  // Reads the unit directory (codes, official names, aliases) through
  // ListUnits; a failure is reported and the run goes on with codes only.
  void LoadUnitDirectory();
  // Opens the input converted to UTF-8; `in` stays the stream to read.
  absl::Status OpenInput(std::ifstream* file, std::istream** in);

  const ImportOptions& options_;
  sgs::v1::IngestService::StubInterface* stub_;
  UploadOptions upload_options_;
  RejectionReport report_;
  std::unique_ptr<Uploader> uploader_;
  absl::Time start_;
  std::atomic<int64_t> rows_read_{0};
  std::atomic<int64_t> parse_failed_{0};
  MappingOptions mapping_;
  UnitDirectory units_;
  Encoding encoding_ = Encoding::kAuto;
  std::unique_ptr<Gb18030ToUtf8Buffer> converter_;
  std::unique_ptr<std::istream> converted_;
  // Written on the main thread only (rows and stream summaries).
  std::map<std::string, UnitImportCounts> by_unit_;
  std::vector<ConcealmentRiskRow> concealment_rows_;
};

UnitImportCounts& ImportRun::UnitCounts(const std::string& unit_code) {
  return by_unit_[unit_code.empty() ? options_.mapping.unit_code : unit_code];
}

void ImportRun::LoadUnitDirectory() {
  if (!options_.resolve_unit_names) return;
  grpc::ClientContext context;
  if (!upload_options_.token.empty()) {
    context.AddMetadata("authorization",
                        absl::StrCat("Bearer ", upload_options_.token));
  }
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(30));
  sgs::v1::ListUnitsResponse response;
  const grpc::Status status =
      stub_->ListUnits(&context, sgs::v1::ListUnitsRequest(), &response);
  if (!status.ok()) {
    if (options_.progress != nullptr) {
      *options_.progress << "提示：无法读取单位名录（" << status.error_message()
                         << "），报送单位列只能填写单位代码" << std::endl;
    }
    return;
  }
  for (const sgs::v1::Unit& unit : response.units()) {
    units_.Add(unit.code(), unit.official_name(),
               {unit.aliases().begin(), unit.aliases().end()});
  }
  mapping_.units = &units_;
}

absl::Status ImportRun::OpenInput(std::ifstream* file, std::istream** in) {
  *in = file;
  encoding_ = options_.encoding;
  if (encoding_ == Encoding::kAuto) {
    std::string head(64 * 1024, '\0');
    file->read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(file->gcount()));
    file->clear();
    file->seekg(0);
    if (!*file) return absl::DataLossError("读取输入文件失败");
    encoding_ = DetectEncoding(head);
  }
  if (encoding_ == Encoding::kGb18030) {
    converter_ = std::make_unique<Gb18030ToUtf8Buffer>(file);
    if (!converter_->status().ok()) return converter_->status();
    converted_ = std::make_unique<std::istream>(converter_.get());
    *in = converted_.get();
  }
  if (options_.progress != nullptr && options_.encoding == Encoding::kAuto) {
    *options_.progress << "文件编码：" << EncodingName(encoding_)
                       << "（自动识别；"
                       << "如有误请用--encoding指定）" << std::endl;
  }
  return absl::OkStatus();
}

std::string ImportRun::ProgressLine(absl::string_view label) const {
  const double seconds =
      std::max(absl::ToDoubleSeconds(absl::Now() - start_), 1e-3);
  const int64_t sent = uploader_ ? uploader_->sent() : 0;
  const int64_t created = uploader_ ? uploader_->created() : 0;
  const int64_t corrected = uploader_ ? uploader_->corrected() : 0;
  // "已答复" counts every record the server answered for; only the
  // accepted ones (new or corrected) are "已接收" — a refused record is
  // never called confirmed.
  return absl::StrFormat(
      "%s：已读取 %d 行，本地解析失败 %d 行，已发送 %d 条，服务器已答复 %d "
      "条（已接收 %d 条：新增 %d、更正 %d；被退回 %d 条；其中瞒报风险 %d "
      "条），读取速率 %.0f 行/秒，发送速率 %.0f 条/秒，用时 %.1f 秒",
      label, rows_read_.load(), parse_failed_.load(), sent,
      uploader_ ? uploader_->acknowledged() : 0, created + corrected, created,
      corrected, uploader_ ? uploader_->rejected() : 0,
      uploader_ ? uploader_->concealment_risks() : 0,
      rows_read_.load() / seconds, sent / seconds, seconds);
}

void ImportRun::ReportLocal(int64_t line, const std::string& unit,
                            const std::string& document_number,
                            const std::string& column,
                            const std::string& message) {
  report_.Add({line, unit, document_number, column, message});
}

absl::Status ImportRun::HandleRow(int64_t line, bool mapped, MappedRow& row,
                                  const std::vector<CellError>& errors) {
  const sgs::v1::Record& record = row.record;
  UnitImportCounts& counts = UnitCounts(record.unit_code());
  ++counts.read;
  if (!mapped) {
    ++parse_failed_;
    ++counts.rejected;
    const std::string& unit = record.unit_code().empty()
                                  ? options_.mapping.unit_code
                                  : record.unit_code();
    for (const CellError& e : errors) {
      ReportLocal(line, unit, DocumentNumberOf(record), e.column, e.message);
    }
    return absl::OkStatus();
  }
  RowRef ref;
  ref.line = line;
  ref.unit_code = record.unit_code();
  ref.document_number = DocumentNumberOf(record);
  ref.kind = KindOf(record);
  ++counts.sent;
  return uploader_->Send(&row.record, row.receipt_time, std::move(ref));
}

absl::Status ImportRun::ReadCsv(std::istream& in) {
  CsvReader reader(&in);
  std::vector<std::string> fields;
  absl::StatusOr<bool> got = reader.Next(&fields);
  if (!got.ok()) return got.status();
  if (!*got) return absl::InvalidArgumentError("输入文件为空，没有表头");
  std::vector<std::string> header;
  for (const std::string& f : fields) header.push_back(NormalizeColumnName(f));
  if (absl::Status s = CheckHeader(header, mapping_); !s.ok()) {
    return s;
  }
  if (absl::Status s = report_.Open(options_.report_path); !s.ok()) return s;
  // Where the 文书号 and unit are, to name rows that cannot be mapped.
  auto index_of = [&](absl::string_view code) -> int {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == code) return static_cast<int>(i);
    }
    return -1;
  };
  const int xk_wsh = index_of("XK_WSH");
  const int cf_wsh = index_of("CF_WSH");
  const int dwdm = index_of("DWDM");

  std::vector<std::pair<std::string, std::string>> cells;
  std::vector<CellError> errors;
  MappedRow row;
  for (;;) {
    got = reader.Next(&fields);
    if (!got.ok()) {
      ++rows_read_;
      ++parse_failed_;
      ++UnitCounts("").read;
      ++UnitCounts("").rejected;
      ReportLocal(reader.record_line(), options_.mapping.unit_code, "", "",
                  std::string(got.status().message()));
      continue;
    }
    if (!*got) break;
    bool blank = true;
    for (const std::string& f : fields) {
      if (!absl::StripAsciiWhitespace(f).empty()) blank = false;
    }
    if (blank) continue;
    ++rows_read_;
    const int64_t line = reader.record_line();
    if (fields.size() != header.size()) {
      ++parse_failed_;
      auto cell = [&](int i) -> std::string {
        return i >= 0 && i < static_cast<int>(fields.size())
                   ? std::string(absl::StripAsciiWhitespace(fields[i]))
                   : std::string();
      };
      std::string unit = cell(dwdm);
      if (unit.empty()) unit = options_.mapping.unit_code;
      ++UnitCounts(unit).read;
      ++UnitCounts(unit).rejected;
      std::string doc = cell(xk_wsh);
      if (doc.empty()) doc = cell(cf_wsh);
      ReportLocal(line, unit, doc, "",
                  absl::StrCat("本行有", fields.size(), "列，表头有",
                               header.size(), "列（含逗号的内容须加双引号）"));
      continue;
    }
    cells.clear();
    for (size_t i = 0; i < fields.size(); ++i) {
      cells.emplace_back(header[i], std::move(fields[i]));
    }
    errors.clear();
    const bool mapped = MapRow(cells, mapping_, &row, &errors);
    if (absl::Status s = HandleRow(line, mapped, row, errors); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ImportRun::ReadJsonl(std::istream& in) {
  if (absl::Status s = report_.Open(options_.report_path); !s.ok()) return s;
  std::string text;
  int64_t line = 0;
  std::vector<CellError> errors;
  MappedRow row;
  while (std::getline(in, text)) {
    ++line;
    absl::string_view view = text;
    if (line == 1) absl::ConsumePrefix(&view, "\xEF\xBB\xBF");
    view = absl::StripAsciiWhitespace(view);
    if (view.empty()) continue;
    ++rows_read_;
    errors.clear();
    const bool mapped = MapJsonLine(view, mapping_, &row, &errors);
    if (absl::Status s = HandleRow(line, mapped, row, errors); !s.ok()) {
      return s;
    }
  }
  if (in.bad()) return absl::DataLossError("读取输入文件失败");
  return absl::OkStatus();
}

ImportResult ImportRun::Run() {
  ImportResult result;
  start_ = absl::Now();
  result.report_path = options_.report_path;

  absl::StatusOr<InputFormat> format =
      ResolveInputFormat(options_.format, options_.input_path);
  if (!format.ok()) {
    result.status = format.status();
    return result;
  }
  std::ifstream file(options_.input_path, std::ios::binary);
  if (!file) {
    result.status = absl::NotFoundError(
        absl::StrCat("无法打开输入文件：", options_.input_path));
    return result;
  }
  std::istream* input = nullptr;
  if (absl::Status s = OpenInput(&file, &input); !s.ok()) {
    result.status = s;
    return result;
  }
  std::istream& in = *input;
  result.encoding = encoding_;
  mapping_ = options_.mapping;
  LoadUnitDirectory();

  uploader_ = std::make_unique<Uploader>(
      stub_, upload_options_,
      [this](const RowRef& ref, const sgs::v1::RecordResult& r) {
        UnitImportCounts& counts = UnitCounts(ref.unit_code);
        ++counts.rejected;
        ++counts.rejected_by_server;
        if (r.violations().empty()) {
          ReportLocal(
              ref.line, ref.unit_code, ref.document_number, "",
              r.status().message().empty()
                  ? absl::StrCat("服务器拒收（状态码 ", r.status().code(), "）")
                  : r.status().message());
          return;
        }
        for (const auto& v : r.violations()) {
          std::string message = v.description();
          if (v.field() == "unit_code" && mapping_.units != nullptr) {
            absl::StrAppend(
                &message, "；报送单位可填写单位代码、官方名称或别称，如：",
                absl::StrJoin(units_.NearestNames(ref.unit_code, 5), "、"));
          }
          ReportLocal(ref.line, ref.unit_code, ref.document_number,
                      ColumnForFieldPath(ref.kind, v.field()), message);
        }
      },
      // After each chunk every report line up to its last row is known:
      // write them out in line order.
      [this] { report_.Flush().IgnoreError(); });

  uploader_->set_on_concealment_risk([this](const RowRef& ref,
                                            const sgs::v1::RecordResult& r) {
    ++UnitCounts(ref.unit_code).concealment_risks;
    concealment_rows_.push_back({ref.line, ref.unit_code, ref.document_number,
                                 r.name(), r.concealment_reason()});
  });

  absl::Status status;
  {
    ProgressPrinter printer(options_.progress, options_.progress_interval,
                            [this] { return ProgressLine("进度"); });
    status = *format == InputFormat::kCsv ? ReadCsv(in) : ReadJsonl(in);
    // A GBK file that stops converting is an error, not a short file.
    if (status.ok() && converter_ != nullptr) status = converter_->status();
    if (status.ok()) status = uploader_->Finish();
    printer.Stop();
  }
  if (!status.ok() && uploader_->first_unacknowledged_line() > 0) {
    status = absl::Status(
        status.code(),
        absl::StrCat(status.message(), "；第",
                     uploader_->first_unacknowledged_line(),
                     "行起已发送的记录结果未知，可重新导入（重复报送按更正"
                     "处理）"));
  }
  if (!report_.path().empty()) {
    absl::Status closed = report_.Close();
    if (status.ok()) status = closed;
  }

  result.status = status;
  result.rows_read = rows_read_.load();
  result.parse_failed = parse_failed_.load();
  result.sent = uploader_->sent();
  result.acknowledged = uploader_->acknowledged();
  result.created = uploader_->created();
  result.corrected = uploader_->corrected();
  result.rejected = uploader_->rejected();
  result.report_lines = report_.line_count();
  result.concealment_risks = uploader_->concealment_risks();
  result.concealment_risk_rows = concealment_rows_;
  for (auto& [unit, counts] : by_unit_) {
    counts.accepted = counts.sent - counts.rejected_by_server;
  }
  result.by_unit = by_unit_;
  if (options_.progress != nullptr) {
    *options_.progress << ProgressLine("完成") << std::endl;
    for (const ConcealmentRiskRow& row : concealment_rows_) {
      *options_.progress << "瞒报风险：第" << row.line << "行 "
                         << row.document_number << "（" << row.unit_code
                         << "）：" << row.reason << std::endl;
    }
    if (!report_.path().empty()) {
      *options_.progress << "退回报告：" << report_.path() << "（"
                         << result.report_lines << " 条问题）" << std::endl;
    }
  }
  return result;
}

}  // namespace

absl::StatusOr<InputFormat> ParseInputFormat(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "auto" || lower.empty()) return InputFormat::kAuto;
  if (lower == "csv") return InputFormat::kCsv;
  if (lower == "jsonl" || lower == "ndjson") return InputFormat::kJsonl;
  return absl::InvalidArgumentError(
      absl::StrCat("未知的格式“", text, "”，应为csv、jsonl或auto"));
}

absl::StatusOr<InputFormat> ResolveInputFormat(InputFormat format,
                                               const std::string& path) {
  if (format != InputFormat::kAuto) return format;
  const std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".csv")) return InputFormat::kCsv;
  if (absl::EndsWith(lower, ".jsonl") || absl::EndsWith(lower, ".ndjson") ||
      absl::EndsWith(lower, ".json")) {
    return InputFormat::kJsonl;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "无法从扩展名判断文件格式：", path, "；请使用--format=csv或jsonl"));
}

std::string SummaryJson(const ImportOptions& options,
                        const ImportResult& result) {
  using google::protobuf::Struct;
  using google::protobuf::Value;
  auto number = [](int64_t n) {
    Value v;
    v.set_number_value(static_cast<double>(n));
    return v;
  };
  auto text = [](absl::string_view t) {
    Value v;
    v.set_string_value(std::string(t));
    return v;
  };
  Struct summary;
  auto& f = *summary.mutable_fields();
  f["input"] = text(options.input_path);
  f["encoding"] = text(EncodingName(result.encoding));
  f["ok"].set_bool_value(result.status.ok());
  f["error"] = text(result.status.message());
  f["exit_code"] = number(ExitCode(result));
  f["read"] = number(result.rows_read);
  f["rejected_locally"] = number(result.parse_failed);
  f["sent"] = number(result.sent);
  f["acknowledged"] = number(result.acknowledged);
  f["created"] = number(result.created);
  f["corrected"] = number(result.corrected);
  f["rejected_by_server"] = number(result.rejected);
  f["rejected"] = number(result.parse_failed + result.rejected);
  f["concealment_risks"] = number(result.concealment_risks);
  f["report"] = text(result.report_path);
  f["report_lines"] = number(result.report_lines);
  auto* units = f["by_unit"].mutable_list_value();
  for (const auto& [unit, counts] : result.by_unit) {
    Struct u;
    auto& uf = *u.mutable_fields();
    uf["unit_code"] = text(unit);
    uf["read"] = number(counts.read);
    uf["sent"] = number(counts.sent);
    uf["accepted"] = number(counts.accepted);
    uf["rejected"] = number(counts.rejected);
    uf["rejected_by_server"] = number(counts.rejected_by_server);
    uf["concealment_risks"] = number(counts.concealment_risks);
    *units->add_values()->mutable_struct_value() = std::move(u);
  }
  auto* risks = f["concealment_risk_records"].mutable_list_value();
  for (const ConcealmentRiskRow& row : result.concealment_risk_rows) {
    Struct r;
    auto& rf = *r.mutable_fields();
    rf["line"] = number(row.line);
    rf["unit_code"] = text(row.unit_code);
    rf["document_number"] = text(row.document_number);
    rf["name"] = text(row.record_name);
    rf["reason"] = text(row.reason);
    *risks->add_values()->mutable_struct_value() = std::move(r);
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = true;
  print.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(summary, &json, print)
           .ok()) {
    return "{}";
  }
  return json;
}

int ExitCode(const ImportResult& result) {
  if (!result.status.ok()) return 2;
  return result.parse_failed + result.rejected > 0 ? 1 : 0;
}

ImportResult RunImport(const ImportOptions& options,
                       sgs::v1::IngestService::StubInterface* stub) {
  ImportOptions resolved = options;
  if (resolved.report_path.empty()) {
    resolved.report_path = resolved.input_path + ".rejected.csv";
  }
  ImportRun run(resolved, stub);
  ImportResult result = run.Run();
  if (!resolved.summary_json_path.empty()) {
    std::ofstream out(resolved.summary_json_path,
                      std::ios::binary | std::ios::trunc);
    out << SummaryJson(resolved, result);
    out.close();
    if (!out && result.status.ok()) {
      result.status = absl::DataLossError(absl::StrCat(
          "无法写入--summary_json文件：", resolved.summary_json_path));
    }
  }
  return result;
}

}  // namespace sgs::importer
