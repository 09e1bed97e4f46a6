// Builds the bulletin (通报) as a BulletinDocument from a period's figures,
// its escalations, the region's facts, the template and the policy: every
// word the office signs, with no format in mind (the writers in
// stats_service/bulletin_*_writer.cc and the DOCX/PDF/XLSX writers lay it
// out). Sections come in the template's order; a section with nothing to
// say is left out and the 一、二、… numbering follows the ones present.
// Attachments whose unit kind has no units are left out and renumber.
//
// Dates are 中文 civil dates ("2024年8月5日"); 成文日期 follows the
// template's date_source, the accountability deadline counts the policy's
// response_working_days on the working-day calendar from it. Prose is
// written with full-width punctuation and no spaces between Chinese and
// figures (the escalation figures from ListEscalations are tidied so).
//
// A period that has not ended yet (UTC+8, `today` inside or before it) or
// that has no records at all is refused with kFailedPrecondition unless
// `draft` is set; a draft carries draft_mark (征求意见稿（数据截至X月X日）).
#ifndef SGS_STATS_SERVICE_BULLETIN_DOCUMENT_BUILDER_H_
#define SGS_STATS_SERVICE_BULLETIN_DOCUMENT_BUILDER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/calendar.h"
#include "sgs/config/v1/config.pb.h"
#include "sgs/v1/stats_service.pb.h"
#include "stats_service/document/bulletin_document.h"
#include "stats_service/formats/document_style.h"

namespace sgs::stats {

struct BulletinInput {
  // Figures for the period (MONTH, QUARTER or YEAR).
  sgs::v1::PeriodReport report;
  // From ListEscalations for the same period.
  std::vector<sgs::v1::Escalation> escalations;
  // 文号, e.g. "殷信用办〔2024〕14号".
  std::string document_number;
  // Region name from the registry ("殷都区").
  std::string district_name;
  sgs::config::v1::BulletinTemplate bulletin_template;
  // Policy facts quoted in the text (on-time limit, thresholds, deadline).
  sgs::config::v1::PolicyFile policy;
  // The working-day calendar (成文日期 and the response deadline); must
  // outlive the call. Null: neither can be computed (kFailedPrecondition
  // when the template or policy needs one).
  const WorkingCalendar* calendar = nullptr;
  // Today in UTC+8; unset: the period is not checked for completeness and
  // a RENDER_DAY date cannot be given.
  std::optional<absl::CivilDay> today;
  // Render an unfinished or empty period as a draft.
  bool draft = false;
  // QUARTER: its months; YEAR: its quarters; oldest first. Empty: no
  // per-month table.
  std::vector<sgs::v1::PeriodReport> sub_reports;
  // The period before (环比), for QUARTER and YEAR.
  std::optional<sgs::v1::PeriodReport> previous_report;
  // The layout of the DOCX/PDF/XLSX/chart formats (must outlive the call);
  // null: those formats are refused with kFailedPrecondition.
  const DocumentAssets* document_assets = nullptr;
  // The 12 months ending with the period, oldest first, for the trend
  // chart (GatherTrendReports); empty: no chart.
  std::vector<sgs::v1::PeriodReport> trend_reports;
};

// kFailedPrecondition (Chinese + English message) when the period has not
// ended or has no records and input.draft is false; OK otherwise.
absl::Status CheckBulletinPeriodReady(const BulletinInput& input);

absl::StatusOr<BulletinDocument> BuildBulletinDocument(
    const BulletinInput& input);

// The period's key in file names: "2024-07", "2024-Q3", "2024";
// kInvalidArgument for a period a bulletin cannot cover.
absl::StatusOr<std::string> BulletinFileKey(
    const sgs::v1::PeriodReport& report);

// "2024年8月5日".
std::string ChineseDate(absl::CivilDay day);

// 1 → "一", 10 → "十", 12 → "十二", 21 → "二十一" (1..99).
std::string ChineseNumber(int n);

// Removes ASCII spaces next to a CJK character or full-width punctuation
// ("迟报率 25.00%（迟报 5 条）" → "迟报率25.00%（迟报5条）").
std::string TidyChineseSpacing(absl::string_view text);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_BULLETIN_DOCUMENT_BUILDER_H_
