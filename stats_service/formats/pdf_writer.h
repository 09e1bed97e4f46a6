// Writes the bulletin as PDF for printing and archiving, with cairo and
// pango (fonts embedded by cairo as subsets): the same GB/T 9704 layout as
// the DOCX — A4, the configured margins and type sizes, the body on a fixed
// line pitch (22 lines), red issuer mark and separator line, signature
// centred over the date, attachments on new pages (landscape when the table
// needs it, heading row repeated when a table runs over), the 版记 at the
// foot of the last page and page numbers "— 1 —" odd right / even left.
//
// Contract: pure (bytes in memory); fails only when cairo reports an error.
#ifndef SGS_STATS_SERVICE_FORMATS_PDF_WRITER_H_
#define SGS_STATS_SERVICE_FORMATS_PDF_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "stats_service/document/bulletin_document.h"
#include "stats_service/formats/document_style.h"

namespace sgs::stats {

absl::StatusOr<std::string> WriteBulletinPdf(const BulletinDocument& doc,
                                             const DocumentAssets& assets);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_PDF_WRITER_H_
