// Reconciliation (核对) of a published Attachment 1 against the records:
// parses the table as the office publishes it (CSV or TSV, detected; title
// lines before the header row are skipped; a UTF-8 byte order mark is
// ignored), matches each row's unit by official name or alias through the
// registry, compares the 部门总计 row with the department total, and lists
// every cell that disagrees. Counts compare as integers; a rate compares at
// the precision it was printed with (the exact rate rounded half-up to as
// many decimals): "3.6%" agrees with 3.62%, "3.5%" does not, "100%" agrees
// with 100.00% and "1.07%" does not agree with 1.06%. Besides the overall
// rates, the licensing / penalty late, missed and pass rate columns
// (行政许可迟报率 …) are read. 序号 is compared with the unit's position in
// the computed table. The unit column's heading and the total row's name
// may come from the bulletin template (ReconcileNames).
#ifndef SGS_STATS_SERVICE_RECONCILE_H_
#define SGS_STATS_SERVICE_RECONCILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/registry.h"
#include "sgs/v1/stats_service.pb.h"

namespace sgs::stats {

// Splits delimited text into rows of cells (RFC 4180 quoting: a field that
// starts with '"' may hold the delimiter, doubled quotes and line breaks).
// Accepts CRLF, LF and CR line ends and drops a leading UTF-8 BOM.
std::vector<std::vector<std::string>> ParseDelimitedText(absl::string_view text,
                                                         char delimiter);

// '\t' when the header row (the first line naming 部门) holds a tab,
// else ','.
char DetectDelimiter(absl::string_view text);

// Words of the region's table besides the built-in ones (部门/单位 and
// 部门总计/部门合计/总计/合计), e.g. "县（市、区）" and "全省合计".
struct ReconcileNames {
  std::vector<std::string> unit_headings;
  std::vector<std::string> total_row_names;
};

// kInvalidArgument when no header row with a unit column is found.
absl::StatusOr<sgs::v1::ReconcileTableResponse> ReconcileTable(
    absl::string_view table, const sgs::v1::PeriodReport& report,
    const UnitRegistry& registry, const ReconcileNames& names = {});

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_RECONCILE_H_
