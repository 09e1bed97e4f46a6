// Renders the 双公示 bulletin (月通报 / 季通报) from computed figures: plain
// text laid out like the paper bulletin, Markdown, CSV per attachment and an
// XLSX workbook of both attachments. Pure: no I/O besides building bytes, so
// it is tested without servers.
#ifndef SGS_STATS_SERVICE_BULLETIN_RENDERER_H_
#define SGS_STATS_SERVICE_BULLETIN_RENDERER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sgs/config/v1/config.pb.h"
#include "sgs/v1/stats_service.pb.h"

namespace sgs::stats {

struct BulletinInput {
  // Figures for the period (MONTH or QUARTER).
  sgs::v1::PeriodReport report;
  // From ListEscalations for the same period: COMMENDED and
  // NAMED_IN_BULLETIN entries drive the body text.
  std::vector<sgs::v1::Escalation> escalations;
  // 文号, e.g. "殷信用办〔2024〕14号".
  std::string document_number;
  // District name from the registry ("殷都区").
  std::string district_name;
  sgs::config::v1::BulletinTemplate bulletin_template;
  // Policy facts quoted in the text (on-time limit, thresholds).
  sgs::config::v1::PolicyFile policy;
};

absl::StatusOr<sgs::v1::RenderBulletinResponse> RenderBulletin(
    const BulletinInput& input, sgs::v1::BulletinFormat format);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_BULLETIN_RENDERER_H_
