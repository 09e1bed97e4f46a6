// libFuzzer target: the importer's parsing (importer/csv_reader.h,
// importer/row_mapping.h).
//
// Every input is read two ways, as sgs_import would read a file:
//   1. CSV: CsvReader over the whole input; the first record is the header
//      (NormalizeColumnName, CheckHeader), every later record with as many
//      fields as the header goes through MapRow;
//   2. JSON Lines: each line (BOM stripped from the first, whitespace
//      trimmed) goes through MapJsonLine.
// Rows are mapped twice: with no options (plain import) and with --unit,
// --backfill and --ignore-unknown-columns, so both sides of each option's
// branches are reached. A row that maps is then validated, as the server
// would, and its violations are mapped back to columns (ColumnForFieldPath)
// as the rejection report does.
// Properties beyond "no crash, no sanitizer report":
//   - the reader always makes progress (no more records than bytes + 1);
//   - record_line() is >= 1 and never goes backwards;
//   - every field the reader returns is valid UTF-8;
//   - MapRow / MapJsonLine return true exactly when they add no error;
//   - a row that maps has a kind and a unit, and its dates are normalised
//     to YYYY-MM-DD.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/dates.h"
#include "fuzz/fuzz_records.h"
#include "importer/csv_reader.h"
#include "importer/row_mapping.h"
#include "ingest_service/validator.h"

namespace {

using sgs::importer::CellError;
using sgs::importer::MappedRow;
using sgs::importer::MappingOptions;

const MappingOptions& PlainOptions() {
  static const MappingOptions options;
  return options;
}

const MappingOptions& AllOptions() {
  static const MappingOptions options = [] {
    MappingOptions o;
    o.unit_code = "yd-jyj";
    o.backfill = true;
    o.ignore_unknown_columns = true;
    return o;
  }();
  return options;
}

void CheckDate(const std::string& date, const char* what) {
  if (date.empty()) return;
  SGS_FUZZ_CHECK(sgs::ParseDate(date).ok(), "%s not normalised: \"%s\"", what,
                 date.c_str());
}

// What must hold for a mapped row, and what the importer does next with it.
void CheckMapped(bool mapped, size_t errors_before, const MappedRow& row,
                 const std::vector<CellError>& errors) {
  SGS_FUZZ_CHECK(mapped == (errors.size() == errors_before),
                 "mapped=%d but %zu new errors", mapped ? 1 : 0,
                 errors.size() - errors_before);
  for (size_t i = errors_before; i < errors.size(); ++i) {
    SGS_FUZZ_CHECK(!errors[i].message.empty(), "error without a message (%s)",
                   errors[i].column.c_str());
  }
  if (!mapped) return;
  const sgs::v1::Record& record = row.record;
  const sgs::v1::RecordKind kind = sgs::importer::KindOf(record);
  SGS_FUZZ_CHECK(kind != sgs::v1::RECORD_KIND_UNSPECIFIED,
                 "mapped row without a kind");
  SGS_FUZZ_CHECK(!record.unit_code().empty(), "mapped row without a unit");
  if (record.has_licensing()) {
    CheckDate(record.licensing().decision_date(), "XK_JDRQ");
    CheckDate(record.licensing().valid_from(), "XK_YXQZ");
    CheckDate(record.licensing().valid_to(), "XK_YXQZI");
  } else {
    CheckDate(record.penalty().decision_date(), "CF_JDRQ");
    CheckDate(record.penalty().valid_until(), "CF_YXQ");
    CheckDate(record.penalty().publicity_deadline(), "CF_GSJZQ");
  }
  (void)sgs::importer::DocumentNumberOf(record);

  sgs::ingest::ValidationContext ctx;
  ctx.registry = &sgs::fuzz::Registry();
  ctx.now = sgs::fuzz::FuzzNow();
  ctx.receipt_time = row.receipt_time.value_or(ctx.now);
  for (const auto& violation : sgs::ingest::ValidateRecord(record, ctx)) {
    (void)sgs::importer::ColumnForFieldPath(kind, violation.field());
  }
}

void FuzzCsv(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  sgs::importer::CsvReader reader(&in);
  std::vector<std::string> fields;
  std::vector<std::string> header;
  bool have_header = false;
  absl::Status header_status;
  int64_t last_line = 0;
  size_t records = 0;
  std::vector<std::pair<std::string, std::string>> cells;
  std::vector<CellError> errors;
  MappedRow row;
  for (;;) {
    absl::StatusOr<bool> got = reader.Next(&fields);
    if (got.ok() && !*got) break;
    ++records;
    SGS_FUZZ_CHECK(records <= size + 1,
                   "reader makes no progress: %zu "
                   "records from %zu bytes",
                   records, size);
    SGS_FUZZ_CHECK(
        reader.record_line() >= 1 && reader.record_line() >= last_line,
        "record_line %lld after %lld",
        static_cast<long long>(reader.record_line()),
        static_cast<long long>(last_line));
    last_line = reader.record_line();
    if (!got.ok()) {
      SGS_FUZZ_CHECK(got.status().code() == absl::StatusCode::kInvalidArgument,
                     "reader error is not INVALID_ARGUMENT: %s",
                     got.status().ToString().c_str());
      continue;
    }
    for (const std::string& field : fields) {
      SGS_FUZZ_CHECK(sgs::importer::IsValidUtf8(field),
                     "reader returned a field that is not UTF-8 (line %lld)",
                     static_cast<long long>(reader.record_line()));
    }
    if (!have_header) {
      have_header = true;
      for (const std::string& f : fields) {
        header.push_back(sgs::importer::NormalizeColumnName(f));
      }
      // The importer stops at a bad header; the fuzzer maps the rows anyway
      // (MapRow must cope with any header) but checks the call itself.
      header_status = sgs::importer::CheckHeader(header, PlainOptions());
      (void)sgs::importer::CheckHeader(header, AllOptions());
      continue;
    }
    if (fields.size() != header.size()) continue;  // reported, not mapped
    cells.clear();
    for (size_t i = 0; i < fields.size(); ++i) {
      cells.emplace_back(header[i], fields[i]);
    }
    for (const MappingOptions* options : {&PlainOptions(), &AllOptions()}) {
      const size_t before = errors.size();
      const bool mapped = sgs::importer::MapRow(cells, *options, &row, &errors);
      CheckMapped(mapped, before, row, errors);
    }
    errors.clear();
  }
}

void FuzzJsonLines(const uint8_t* data, size_t size) {
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<CellError> errors;
  MappedRow row;
  bool first = true;
  while (!input.empty()) {
    const size_t end = input.find('\n');
    absl::string_view line = input.substr(0, end);
    input.remove_prefix(end == absl::string_view::npos ? input.size()
                                                       : end + 1);
    if (first) absl::ConsumePrefix(&line, "\xEF\xBB\xBF");
    first = false;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    for (const MappingOptions* options : {&PlainOptions(), &AllOptions()}) {
      errors.clear();
      const bool mapped =
          sgs::importer::MapJsonLine(line, *options, &row, &errors);
      CheckMapped(mapped, 0, row, errors);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  sgs::fuzz::QuietProtobufLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzCsv(data, size);
  FuzzJsonLines(data, size);
  return 0;
}
