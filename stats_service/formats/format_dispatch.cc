#include "stats_service/formats/format_dispatch.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "stats_service/formats/csv_writer.h"
#include "stats_service/formats/docx_writer.h"
#include "stats_service/formats/pdf_writer.h"
#include "stats_service/formats/trend_chart.h"
#include "stats_service/formats/xlsx_writer.h"

namespace sgs::stats {

bool IsDocumentFormat(sgs::v1::BulletinFormat format) {
  switch (format) {
    case sgs::v1::ATTACHMENTS_XLSX:
    case sgs::v1::DOCX:
    case sgs::v1::PDF:
    case sgs::v1::TREND_CHART_PNG:
    case sgs::v1::TREND_CHART_SVG:
    case sgs::v1::ESCALATIONS_CSV:
      return true;
    default:
      return false;
  }
}

bool NeedsTrendChart(sgs::v1::BulletinFormat format) {
  return format == sgs::v1::DOCX || format == sgs::v1::PDF ||
         format == sgs::v1::TREND_CHART_PNG ||
         format == sgs::v1::TREND_CHART_SVG;
}

absl::StatusOr<sgs::v1::RenderBulletinResponse> RenderDocumentFormat(
    const BulletinDocument& doc, const DocumentAssets& assets,
    sgs::v1::BulletinFormat format, const std::string& base_filename) {
  sgs::v1::RenderBulletinResponse response;
  absl::StatusOr<std::string> bytes;
  switch (format) {
    case sgs::v1::ATTACHMENTS_XLSX:
      bytes = WriteBulletinXlsx(doc, assets);
      response.set_filename(base_filename + "-附件.xlsx");
      response.set_content_type(
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      break;
    case sgs::v1::DOCX: {
      std::string png;
      if (doc.has_trend_chart) {
        absl::StatusOr<std::string> chart =
            RenderTrendChartPng(doc.trend_chart, assets.style);
        if (!chart.ok()) return chart.status();
        png = *std::move(chart);
      }
      bytes = WriteBulletinDocx(doc, assets, png);
      response.set_filename(base_filename + ".docx");
      response.set_content_type(
          "application/"
          "vnd.openxmlformats-officedocument.wordprocessingml.document");
      break;
    }
    case sgs::v1::PDF:
      bytes = WriteBulletinPdf(doc, assets);
      response.set_filename(base_filename + ".pdf");
      response.set_content_type("application/pdf");
      break;
    case sgs::v1::TREND_CHART_PNG:
      bytes = RenderTrendChartPng(doc.trend_chart, assets.style);
      response.set_filename(base_filename + "-趋势图.png");
      response.set_content_type("image/png");
      break;
    case sgs::v1::TREND_CHART_SVG:
      bytes = RenderTrendChartSvg(doc.trend_chart, assets.style);
      response.set_filename(base_filename + "-趋势图.svg");
      response.set_content_type("image/svg+xml");
      break;
    case sgs::v1::ESCALATIONS_CSV:
      bytes = WriteEscalationCsv(doc);
      response.set_filename(base_filename + "-督办清单.csv");
      response.set_content_type("text/csv; charset=utf-8");
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("不支持的通报格式 (unsupported document format): ",
                       static_cast<int>(format)));
  }
  if (!bytes.ok()) return bytes.status();
  response.set_content(*std::move(bytes));
  return response;
}

}  // namespace sgs::stats
