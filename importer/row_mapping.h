// Row mapping: turns one row of an import file (column code -> cell text)
// into an sgs::v1::Record.
//
// Columns are the national 双公示 standard's field codes (XK_XDR_MC,
// CF_JDRQ, ...) or its Chinese names (行政相对人名称, 处罚决定日期), in any
// order and with surrounding spaces, as common/standard_schema.h reads them
// from record.proto (docs/field-reference.md lists them), plus:
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
// dates accept YYYY-MM-DD, YYYY/M/D, YYYY.M.D and YYYY年M月D日 and are
// normalised to YYYY-MM-DD.
//
// This layer only checks what it must to build the message (enum texts,
// dates, the kind, the unit); the ingest service validates the record
// itself, so the rules live in one place. Every error names its column.
#ifndef SGS_IMPORTER_ROW_MAPPING_H_
#define SGS_IMPORTER_ROW_MAPPING_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "common/record_accessors.h"
#include "sgs/v1/record.pb.h"

namespace sgs::importer {

// The unit directory (ListUnits): registry code, official name and every
// alias, each to the registry code.
struct UnitDirectory {
  std::map<std::string, std::string, std::less<>> by_name;
  // "官方名称（代码）" of every unit, in registry order.
  std::vector<std::string> names;

  void Add(const std::string& code, const std::string& official_name,
           const std::vector<std::string>& aliases);
  // Up to `n` known names closest to `name`, as "名称（代码）".
  std::vector<std::string> NearestNames(absl::string_view name, size_t n) const;
};

struct MappingOptions {
  // --unit: the unit code for rows without a DWDM cell. A DWDM cell that
  // differs from it is an error (a file of another unit).
  std::string unit_code;
  // --backfill: GJSJ is required on every row (and allowed at all).
  bool backfill = false;
  // --ignore-unknown-columns: skip columns this mapping does not know.
  bool ignore_unknown_columns = false;
  // When set, a DWDM cell may be the unit's code, official name or alias
  // and is replaced by the code. An unknown one is sent as written for the
  // server to refuse (the importer then names the nearest known units).
  const UnitDirectory* units = nullptr;
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

// Header cell -> column key: trims spaces (also U+3000), upper-cases ASCII,
// and maps a Chinese name to its code (or, for a name both kinds share such
// as 行政相对人名称, to the kind-neutral column of that name).
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

// The record's kind and 文书号: sgs::KindOf and sgs::DocumentNumberOf
// (common/record_accessors.h), visible here unqualified.
using ::sgs::DocumentNumberOf;
using ::sgs::KindOf;

}  // namespace sgs::importer

#endif  // SGS_IMPORTER_ROW_MAPPING_H_
