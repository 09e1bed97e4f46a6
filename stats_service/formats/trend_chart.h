// The trend chart (趋势图) drawn with cairo and pango: the region's monthly
// late, missed and pass rates over the last 12 months as lines (months
// without records leave a gap), and the units with the highest late rates
// of the period as bars. One drawing routine serves the PNG, the SVG and
// the PDF (which draws it as vectors on its own page surface).
//
// Contract: Draw* never fails; an empty chart draws its title and "无数据";
// a non-empty subtitle (a draft's 征求意见稿 mark) is drawn under the title.
#ifndef SGS_STATS_SERVICE_FORMATS_TREND_CHART_H_
#define SGS_STATS_SERVICE_FORMATS_TREND_CHART_H_

#include <cairo.h>

#include <string>

#include "absl/status/statusor.h"
#include "sgs/config/v1/document_style.pb.h"
#include "stats_service/document/bulletin_document.h"

namespace sgs::stats {

// Draws into the rectangle (0, 0, width, height) of `cr`'s user space;
// `font_scale` multiplies the style's chart font size (1 for points).
void DrawTrendChart(cairo_t* cr, double width, double height,
                    const TrendChart& chart,
                    const sgs::config::v1::FontRole& font, double font_scale);

absl::StatusOr<std::string> RenderTrendChartPng(
    const TrendChart& chart, const sgs::config::v1::DocumentStyle& style);
absl::StatusOr<std::string> RenderTrendChartSvg(
    const TrendChart& chart, const sgs::config::v1::DocumentStyle& style);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_TREND_CHART_H_
