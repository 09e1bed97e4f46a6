// Writes the bulletin's attachments as a print-ready Excel workbook with
// libxlsxwriter: one sheet per attachment (named by its label, "附件1") and
// a third sheet 督办清单 with the escalations. Each sheet prints on A4
// landscape, one page wide, with the label and the merged, centred title
// on top, the heading row repeated on every page, column widths that fit
// the unit names, the configured CJK font, and the total row as formulas
// (SUM, ratios) that carry their computed values for readers that do not
// recalculate.
//
// Contract: pure apart from a scratch directory libxlsxwriter needs.
#ifndef SGS_STATS_SERVICE_FORMATS_XLSX_WRITER_H_
#define SGS_STATS_SERVICE_FORMATS_XLSX_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "stats_service/document/bulletin_document.h"
#include "stats_service/formats/document_style.h"

namespace sgs::stats {

absl::StatusOr<std::string> WriteBulletinXlsx(const BulletinDocument& doc,
                                              const DocumentAssets& assets);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_XLSX_WRITER_H_
