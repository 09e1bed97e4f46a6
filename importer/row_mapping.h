// Row mapping: turns one row of an import file (column code -> cell text)
// into an sgs::v1::Record.
//
// Columns are the national 双公示 standard's field codes (XK_XDR_MC,
// CF_JDRQ, ...; see record.proto) plus the importer's own columns:
//   KIND  XK or CF (also 行政许可/行政处罚, LICENSING/PENALTY): the record's
//         kind; without it the kind follows the prefix (XK_ or CF_) of the
//         row's non-empty cells.
//   DWDM  报送单位代码, the registry unit code (the CLI's --unit fills it for
//         every row).
//   GKFW  公开范围: 社会公开 / 政务共享 / 授权查询 (XK_SYFW / CF_SYFW are
//         accepted as the older standard's names for it).
//   GKYJ  非社会公开的法律依据.
//   GJSJ  归集时间 (back-fill only): "YYYY-MM-DD HH:MM:SS" in UTC+8, or
//         RFC 3339 with an offset.
//   BZ    备注.
// Enum cells accept the standard's Chinese text and the proto enum names;
// dates accept YYYY-MM-DD and YYYY/MM/DD (a one-digit month or day, as
// Excel writes "2024/7/1", is zero-padded) and are normalised to YYYY-MM-DD.
//
// This layer only checks what it must to build the message (enum texts,
// dates, the kind, the unit); the ingest service validates the record
// itself, so the rules live in one place. Every error names its column.
#ifndef SGS_IMPORTER_ROW_MAPPING_H_
#define SGS_IMPORTER_ROW_MAPPING_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "sgs/v1/record.pb.h"

namespace sgs::importer {

struct MappingOptions {
  // --unit: the unit code for rows without a DWDM cell. A DWDM cell that
  // differs from it is an error (a file of another unit).
  std::string unit_code;
  // --backfill: GJSJ is required on every row (and allowed at all).
  bool backfill = false;
  // --ignore-unknown-columns: skip columns this mapping does not know.
  bool ignore_unknown_columns = false;
};

// One problem with a row. `column` is the column code ("" for the whole
// row); `message` is in Chinese, for the official who fixes the file.
struct CellError {
  std::string column;
  std::string message;
};

struct MappedRow {
  sgs::v1::Record record;
  // 归集时间, set in back-fill mode.
  absl::optional<absl::Time> receipt_time;
};

// Header cell -> column code: trims spaces, upper-cases ASCII.
std::string NormalizeColumnName(absl::string_view name);

// True for a column this mapping reads (in any mode).
bool IsKnownColumn(absl::string_view code);

// Checks a CSV header (normalised names): duplicate columns, unknown columns
// (all listed in one message, unless ignore_unknown_columns), GJSJ without
// --backfill or missing with it. INVALID_ARGUMENT otherwise.
absl::Status CheckHeader(const std::vector<std::string>& columns,
                         const MappingOptions& options);

// Maps one row given as (normalised column code, cell text) pairs. Returns
// true when the row mapped cleanly. Otherwise `errors` gets one entry per
// problem and `out` holds what could be mapped (the unit and 文书号, for the
// report); the row must not be sent.
bool MapRow(const std::vector<std::pair<std::string, std::string>>& cells,
            const MappingOptions& options, MappedRow* out,
            std::vector<CellError>* errors);

// Maps one JSON Lines line: either a flat object keyed by the same column
// codes (string, number or null values; an array of strings for CF_CFLB),
// or a proto-JSON Record (an object with a "licensing" or "penalty" key;
// in back-fill mode its receiptTime is the 归集时间).
bool MapJsonLine(absl::string_view line, const MappingOptions& options,
                 MappedRow* out, std::vector<CellError>* errors);

// The column code of a field path in a server violation, for the report:
// "subject.credit_code" of a penalty is "CF_XDR_SHXYM", "unit_code" is
// "DWDM". Accepts a leading "record." and lowerCamel names; returns the
// path unchanged when no column matches.
std::string ColumnForFieldPath(sgs::v1::RecordKind kind,
                               absl::string_view path);

// The record's kind (from the set decision), and its 文书号.
sgs::v1::RecordKind KindOf(const sgs::v1::Record& record);
const std::string& DocumentNumberOf(const sgs::v1::Record& record);

}  // namespace sgs::importer

#endif  // SGS_IMPORTER_ROW_MAPPING_H_
