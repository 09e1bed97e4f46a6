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
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
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
};

// Process exit code: 2 when the run failed (usage or connection), 1 when
// some rows were rejected (locally or by the server), 0 otherwise.
int ExitCode(const ImportResult& result);

ImportResult RunImport(const ImportOptions& options,
                       sgs::v1::IngestService::StubInterface* stub);

}  // namespace sgs::importer

#endif  // SGS_IMPORTER_IMPORTER_H_
