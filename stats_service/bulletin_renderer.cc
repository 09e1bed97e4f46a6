#include "stats_service/bulletin_renderer.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "stats_service/bulletin_text_writer.h"
#include "stats_service/formats/csv_writer.h"
#include "stats_service/formats/format_dispatch.h"
#include "stats_service/formats/trend_data.h"

namespace sgs::stats {
namespace {

using ::sgs::v1::RenderBulletinResponse;

// ATTACHMENT_1_CSV / ATTACHMENT_2_CSV: the document's attachment 1 or 2 as
// numbered after the tables with no units are left out (a province has no
// 乡镇 table, so its quarter's per-month table is its 附件2).
absl::StatusOr<RenderBulletinResponse> RenderAttachmentCsv(
    const BulletinDocument& doc, size_t index, const std::string& base) {
  if (index >= doc.attachments.size()) {
    return absl::NotFoundError(absl::StrCat(
        "本期通报没有附件", index + 1, "（共", doc.attachments.size(),
        "个附件；没有单位的表格不列为附件） (the bulletin has no attachment ",
        index + 1, ")"));
  }
  const Attachment& attachment = doc.attachments[index];
  RenderBulletinResponse response;
  response.set_content(WriteAttachmentCsv(doc, attachment));
  response.set_filename(absl::StrCat(base, "-", attachment.label, ".csv"));
  response.set_content_type("text/csv; charset=utf-8");
  return response;
}

}  // namespace

absl::StatusOr<RenderBulletinResponse> RenderBulletin(
    const BulletinInput& input, sgs::v1::BulletinFormat format) {
  absl::StatusOr<std::string> file_key = BulletinFileKey(input.report);
  if (!file_key.ok()) return file_key.status();
  const std::string base =
      absl::StrCat(input.district_name, "双公示通报-", *file_key);

  // An unfinished or empty period is refused in every format.
  if (absl::Status ready = CheckBulletinPeriodReady(input); !ready.ok()) {
    return ready;
  }

  // DOCX, PDF, XLSX, the chart and the escalation CSV are laid out from
  // the finished document by stats_service/formats/.
  if (IsDocumentFormat(format)) {
    if (input.document_assets == nullptr) {
      return absl::FailedPreconditionError(
          "未配置文档版式 (no document style configured: --document_style)");
    }
    absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
    if (!doc.ok()) return doc.status();
    if (!input.trend_reports.empty()) {
      doc->trend_chart = BuildTrendChart(input.trend_reports, input.report,
                                         input.district_name, /*top_units=*/5);
      doc->trend_chart.subtitle = doc->draft_mark;
      doc->has_trend_chart = true;
    }
    return RenderDocumentFormat(*doc, *input.document_assets, format, base);
  }

  RenderBulletinResponse response;
  switch (format) {
    case sgs::v1::TEXT:
    case sgs::v1::MARKDOWN:
    case sgs::v1::ATTACHMENT_1_CSV:
    case sgs::v1::ATTACHMENT_2_CSV:
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("不支持的通报格式 (unsupported bulletin format): ",
                       static_cast<int>(format)));
  }
  absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
  if (!doc.ok()) return doc.status();
  switch (format) {
    case sgs::v1::TEXT:
      response.set_content(WriteBulletinText(*doc));
      response.set_filename(base + ".txt");
      response.set_content_type("text/plain; charset=utf-8");
      break;
    case sgs::v1::MARKDOWN:
      response.set_content(WriteBulletinMarkdown(*doc));
      response.set_filename(base + ".md");
      response.set_content_type("text/markdown; charset=utf-8");
      break;
    case sgs::v1::ATTACHMENT_1_CSV:
      return RenderAttachmentCsv(*doc, 0, base);
    default:  // ATTACHMENT_2_CSV
      return RenderAttachmentCsv(*doc, 1, base);
  }
  return response;
}

}  // namespace sgs::stats
