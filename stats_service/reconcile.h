// Reconciliation (核对) of a published Attachment 1 against the records:
// parses the table as the office publishes it (CSV or TSV, detected; title
// lines before the header row are skipped; a UTF-8 byte order mark is
// ignored), matches each row's unit by official name or alias through the
// registry, compares the 部门总计 row with the department total, and lists
// every cell that disagrees. Counts compare as integers; rates compare as
// values at two decimals, so "100%" agrees with 100.00% but "1.07%" does
// not agree with 1.06%. 序号 is compared with the unit's position in the
// computed table.
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

// kInvalidArgument when no header row with a 部门 column is found.
absl::StatusOr<sgs::v1::ReconcileTableResponse> ReconcileTable(
    absl::string_view table, const sgs::v1::PeriodReport& report,
    const UnitRegistry& registry);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_RECONCILE_H_
