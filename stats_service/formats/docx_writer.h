// Writes the bulletin as a Word document (DOCX) laid out by GB/T 9704-2012,
// filled into the office's .docx template: the template's own 发文机关标志
// paragraph, styles (Sgs*), footers (page numbers "— 1 —", odd right, even
// left) and page setup are kept; {{发文机关标志}} and {{发文字号}} are filled
// in, and the paragraph holding {{正文}} is replaced by the title, 主送机关,
// body, 附件说明, 署名, 成文日期, the attachments (each on a new page, in a
// landscape section when the table needs it) and the 版记 (抄送, 印发)
// between separator lines at the foot of the last page. Fonts, sizes and
// margins come from DocumentStyle; the package is read and written with
// libzip and the XML with pugixml.
//
// Contract: fails with INVALID_ARGUMENT when the template is not a DOCX or
// has no {{正文}} paragraph; never writes a half-built package.
#ifndef SGS_STATS_SERVICE_FORMATS_DOCX_WRITER_H_
#define SGS_STATS_SERVICE_FORMATS_DOCX_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "stats_service/document/bulletin_document.h"
#include "stats_service/formats/document_style.h"

namespace sgs::stats {

// `chart_png` is embedded when the document has a trend chart (may be
// empty otherwise).
absl::StatusOr<std::string> WriteBulletinDocx(const BulletinDocument& doc,
                                              const DocumentAssets& assets,
                                              const std::string& chart_png);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_DOCX_WRITER_H_
