// RunImport: the whole importer run behind the sgs_import command, as a
// library so tests drive it against a real server. It reads the input file
// (CSV or JSON Lines) row by row, maps each row to a Record, streams the
// good ones through the Uploader, writes every rejected row (local parse
// errors and server validation failures alike) to the rejection report, and
// prints progress to `progress` every `progress_interval` and at the end.
//
// Memory stays bounded by the chunk size whatever the file size.
#ifndef SGS_IMPORTER_IMPORTER_H_
#define SGS_IMPORTER_IMPORTER_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "importer/encoding.h"
#include "importer/row_mapping.h"
#include "importer/uploader.h"
#include "sgs/v1/ingest_service.grpc.pb.h"

namespace sgs::importer {

enum class InputFormat { kAuto, kCsv, kJsonl };

// "csv", "jsonl" or "auto".
absl::StatusOr<InputFormat> ParseInputFormat(absl::string_view text);
// kAuto resolved by the file's extension (.csv; .jsonl, .ndjson, .json).
absl::StatusOr<InputFormat> ResolveInputFormat(InputFormat format,
                                               const std::string& path);

struct ImportOptions {
  std::string input_path;
  InputFormat format = InputFormat::kAuto;
  // --encoding: kAuto judges UTF-8 (BOM or not) or GBK/GB18030 from the
  // file's first 64 KiB.
  Encoding encoding = Encoding::kAuto;
  // --summary_json: where to write the machine-readable summary ("" none).
  std::string summary_json_path;
  // Resolve the DWDM column's official names and aliases through
  // ListUnits (without the directory only registry codes are accepted).
  bool resolve_unit_names = true;
  // Default: <input_path>.rejected.csv.
  std::string report_path;
  // --unit, --backfill, --ignore-unknown-columns.
  MappingOptions mapping;
  // --chunk-size, --token; `backfill` is taken from mapping.backfill.
  UploadOptions upload;
  absl::Duration progress_interval = absl::Seconds(5);
  // Progress lines go here; nullptr for none.
  std::ostream* progress = nullptr;
};

// One unit's share of a run.
struct UnitImportCounts {
  int64_t read = 0;  // rows naming the unit (or --unit)
  int64_t sent = 0;
  int64_t accepted = 0;  // sent and stored (created or corrected)
  int64_t rejected = 0;  // refused locally or by the server
  int64_t rejected_by_server = 0;
  int64_t concealment_risks = 0;
};

// An accepted record the server flagged as a concealment risk.
struct ConcealmentRiskRow {
  int64_t line = 0;
  std::string unit_code;
  std::string document_number;
  std::string record_name;
  std::string reason;
};

struct ImportResult {
  // Not OK for usage errors (bad file, bad header) and connection or stream
  // failures: the run stopped early.
  absl::Status status;
  int64_t rows_read = 0;     // data rows (blank lines not counted)
  int64_t parse_failed = 0;  // rows refused locally, not sent
  int64_t sent = 0;
  int64_t acknowledged = 0;  // sent rows the server answered for
  int64_t created = 0;
  int64_t corrected = 0;
  int64_t rejected = 0;      // refused by the server
  int64_t report_lines = 0;  // lines in the rejection report
  std::string report_path;
  // Accepted, but flagged 瞒报风险 (non-public scope, no legal basis).
  int64_t concealment_risks = 0;
  std::vector<ConcealmentRiskRow> concealment_risk_rows;
  Encoding encoding = Encoding::kAuto;  // as detected or given
  std::map<std::string, UnitImportCounts> by_unit;
};

// The summary as JSON (what --summary_json writes), for pipelines.
std::string SummaryJson(const ImportOptions& options,
                        const ImportResult& result);

// Process exit code: 2 when the run failed (usage or connection), 1 when
// some rows were rejected (locally or by the server), 0 otherwise.
int ExitCode(const ImportResult& result);

ImportResult RunImport(const ImportOptions& options,
                       sgs::v1::IngestService::StubInterface* stub);

}  // namespace sgs::importer

#endif  // SGS_IMPORTER_IMPORTER_H_
