// The bulletin formats laid out from the finished document alone: DOCX,
// PDF, the XLSX attachments, the trend chart (PNG, SVG) and the escalation
// CSV. RenderBulletin builds the document, then hands it here.
//
// Contract: `base_filename` has no extension ("殷都区双公示通报-2024-07");
// fails with INVALID_ARGUMENT for a format this does not lay out.
#ifndef SGS_STATS_SERVICE_FORMATS_FORMAT_DISPATCH_H_
#define SGS_STATS_SERVICE_FORMATS_FORMAT_DISPATCH_H_

#include <string>

#include "absl/status/statusor.h"
#include "sgs/v1/stats_service.pb.h"
#include "stats_service/document/bulletin_document.h"
#include "stats_service/formats/document_style.h"

namespace sgs::stats {

bool IsDocumentFormat(sgs::v1::BulletinFormat format);

// Whether the format shows the trend chart (so the 12 months' figures must
// be gathered first): DOCX, PDF and the chart itself.
bool NeedsTrendChart(sgs::v1::BulletinFormat format);

absl::StatusOr<sgs::v1::RenderBulletinResponse> RenderDocumentFormat(
    const BulletinDocument& doc, const DocumentAssets& assets,
    sgs::v1::BulletinFormat format, const std::string& base_filename);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_FORMAT_DISPATCH_H_
