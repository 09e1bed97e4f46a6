// Renders the 双公示 bulletin (月通报 / 季通报 / 年度通报) from computed
// figures: plain text laid out like the paper bulletin, Markdown and a CSV
// per attachment (all from the BulletinDocument of
// bulletin_document_builder.h; ATTACHMENT_2_CSV is kNotFound when the
// bulletin has fewer attachments, e.g. a region without townships); DOCX, PDF,
// the print-ready XLSX, the trend chart and the escalation CSV through
// stats_service/formats/ (input.document_assets and input.trend_reports). Pure:
// no I/O besides building bytes, so it is tested without servers. Every format
// refuses an unfinished or empty period unless input.draft
// (CheckBulletinPeriodReady).
#ifndef SGS_STATS_SERVICE_BULLETIN_RENDERER_H_
#define SGS_STATS_SERVICE_BULLETIN_RENDERER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sgs/config/v1/config.pb.h"
#include "sgs/v1/stats_service.pb.h"
#include "stats_service/bulletin_document_builder.h"

namespace sgs::stats {

absl::StatusOr<sgs::v1::RenderBulletinResponse> RenderBulletin(
    const BulletinInput& input, sgs::v1::BulletinFormat format);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_BULLETIN_RENDERER_H_
