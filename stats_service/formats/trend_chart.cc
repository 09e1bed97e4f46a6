#include "stats_service/formats/trend_chart.h"

#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stats_service/formats/document_style.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::DocumentStyle;
using ::sgs::config::v1::FontRole;

struct Rgb {
  double r, g, b;
};
// Late red, missed orange, pass blue: red is what the office acts on.
constexpr Rgb kLate = {0.80, 0.10, 0.10};
constexpr Rgb kMissed = {0.93, 0.55, 0.05};
constexpr Rgb kPass = {0.12, 0.35, 0.70};
constexpr Rgb kGrid = {0.82, 0.82, 0.82};
constexpr Rgb kInk = {0.10, 0.10, 0.10};
constexpr Rgb kDraftMark = {0.75, 0.0, 0.0};

void SetColor(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

// Draws `text` with its top-left (align 0), centre (0.5) or right (1) at
// (x, y); returns the text's height.
double DrawText(cairo_t* cr, const std::string& text, const FontRole& font,
                double size, double x, double y, double align,
                bool bold = false) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* desc = pango_font_description_new();
  pango_font_description_set_family(desc, FontFamilyList(font).c_str());
  pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
  if (bold) pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout, desc);
  pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  const double width = static_cast<double>(w) / PANGO_SCALE;
  const double height = static_cast<double>(h) / PANGO_SCALE;
  cairo_move_to(cr, x - width * align, y);
  pango_cairo_show_layout(cr, layout);
  pango_font_description_free(desc);
  g_object_unref(layout);
  return height;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data,
                              unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void DrawRatesPanel(cairo_t* cr, double x0, double y0, double w, double h,
                    const TrendChart& chart, const FontRole& font, double fs) {
  const double left = x0 + fs * 3.2;
  const double right = x0 + w - fs * 1.0;
  const double top = y0 + fs * 2.6;
  const double bottom = y0 + h - fs * 2.4;
  DrawText(cr, "月度迟报率、漏报率、合格率（%）", font, fs, x0 + w / 2, y0, 0.5,
           true);
  // Grid and axis labels every 20%.
  cairo_set_line_width(cr, std::max(0.5, fs * 0.06));
  for (int p = 0; p <= 100; p += 20) {
    const double y = bottom - (bottom - top) * p / 100.0;
    SetColor(cr, kGrid);
    cairo_move_to(cr, left, y);
    cairo_line_to(cr, right, y);
    cairo_stroke(cr);
    SetColor(cr, kInk);
    DrawText(cr, absl::StrCat(p), font, fs * 0.85, left - fs * 0.4,
             y - fs * 0.6, 1);
  }
  const size_t n = chart.months.size();
  if (n == 0) {
    DrawText(cr, "无数据", font, fs, (left + right) / 2, (top + bottom) / 2,
             0.5);
    return;
  }
  auto x_of = [&](size_t i) {
    return n == 1 ? (left + right) / 2
                  : left + fs + (right - left - 2 * fs) * i / (n - 1.0);
  };
  auto y_of = [&](double percent) {
    return bottom - (bottom - top) * std::clamp(percent, 0.0, 100.0) / 100.0;
  };
  SetColor(cr, kInk);
  for (size_t i = 0; i < n; ++i) {
    DrawText(cr, chart.months[i].label, font, fs * 0.68, x_of(i),
             bottom + fs * 0.4, 0.5);
  }
  struct Series {
    double TrendPoint::*field;
    Rgb color;
    const char* name;
  };
  const Series series[] = {
      {&TrendPoint::pass_rate_percent, kPass, "合格率"},
      {&TrendPoint::late_rate_percent, kLate, "迟报率"},
      {&TrendPoint::missed_rate_percent, kMissed, "漏报率"}};
  for (const Series& s : series) {
    SetColor(cr, s.color);
    cairo_set_line_width(cr, fs * 0.18);
    bool drawing = false;
    for (size_t i = 0; i < n; ++i) {
      const TrendPoint& point = chart.months[i];
      if (!point.has_records) {
        if (drawing) cairo_stroke(cr);
        drawing = false;
        continue;
      }
      const double x = x_of(i);
      const double y = y_of(point.*s.field);
      if (drawing) {
        cairo_line_to(cr, x, y);
      } else {
        cairo_move_to(cr, x, y);
        drawing = true;
      }
    }
    if (drawing) cairo_stroke(cr);
    for (size_t i = 0; i < n; ++i) {
      if (!chart.months[i].has_records) continue;
      cairo_arc(cr, x_of(i), y_of(chart.months[i].*s.field), fs * 0.22, 0,
                6.2832);
      cairo_fill(cr);
    }
  }
  // Legend along the bottom, with the latest month's figure.
  const TrendPoint* latest = nullptr;
  for (const TrendPoint& point : chart.months) {
    if (point.has_records) latest = &point;
  }
  double lx = left;
  for (const Series& s : series) {
    SetColor(cr, s.color);
    cairo_rectangle(cr, lx, bottom + fs * 1.85, fs * 1.2, fs * 0.5);
    cairo_fill(cr);
    SetColor(cr, kInk);
    const std::string label =
        latest == nullptr ? std::string(s.name)
                          : absl::StrFormat("%s（最近%s）%.2f", s.name,
                                            latest->label, latest->*s.field);
    DrawText(cr, label, font, fs * 0.75, lx + fs * 1.5, bottom + fs * 1.55, 0);
    lx += fs * 11;
  }
}

void DrawTopUnitsPanel(cairo_t* cr, double x0, double y0, double w, double h,
                       const TrendChart& chart, const FontRole& font,
                       double fs) {
  SetColor(cr, kInk);
  DrawText(cr, "本期迟报率最高的单位（%）", font, fs, x0 + w / 2, y0, 0.5,
           true);
  const double top = y0 + fs * 2.6;
  const double bottom = y0 + h - fs * 1.0;
  const size_t n = chart.top_late_units.size();
  if (n == 0) {
    DrawText(cr, "本期无迟报", font, fs, x0 + w / 2, (top + bottom) / 2, 0.5);
    return;
  }
  double max_rate = 0;
  for (const UnitRate& u : chart.top_late_units) {
    max_rate = std::max(max_rate, u.late_rate_percent);
  }
  if (max_rate <= 0) max_rate = 1;
  const double slot = (bottom - top) / static_cast<double>(n);
  const double bar_left = x0 + fs * 0.5;
  const double bar_span = w - fs * 4.5;
  for (size_t i = 0; i < n; ++i) {
    const UnitRate& unit = chart.top_late_units[i];
    const double y = top + slot * i;
    SetColor(cr, kInk);
    DrawText(cr, unit.unit_name, font, fs * 0.85, bar_left, y, 0);
    const double bar_w = bar_span * unit.late_rate_percent / max_rate;
    SetColor(cr, kLate);
    cairo_rectangle(cr, bar_left, y + fs * 1.3, std::max(bar_w, 1.0),
                    std::min(slot - fs * 1.6, fs * 1.1));
    cairo_fill(cr);
    SetColor(cr, kInk);
    DrawText(cr, absl::StrFormat("%.2f", unit.late_rate_percent), font,
             fs * 0.8, bar_left + bar_w + fs * 0.3, y + fs * 1.2, 0);
  }
}

}  // namespace

void DrawTrendChart(cairo_t* cr, double width, double height,
                    const TrendChart& chart, const FontRole& font,
                    double font_scale) {
  const double fs = font.size_pt() * font_scale;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, width, height);
  cairo_fill(cr);
  SetColor(cr, kInk);
  double title_h = DrawText(cr, chart.title.empty() ? "趋势图" : chart.title,
                            font, fs * 1.25, width / 2, fs * 0.4, 0.5, true);
  if (!chart.subtitle.empty()) {
    // The draft mark, in red under the title, so a chart copied out of a
    // draft is never taken for the final figures.
    SetColor(cr, kDraftMark);
    title_h += DrawText(cr, chart.subtitle, font, fs, width / 2,
                        fs * 0.5 + title_h, 0.5, true);
    SetColor(cr, kInk);
  }
  const double panel_top = fs * 0.8 + title_h;
  const double panel_h = height - panel_top - fs * 0.4;
  const double split = width * 0.62;
  DrawRatesPanel(cr, 0, panel_top, split, panel_h, chart, font, fs);
  DrawTopUnitsPanel(cr, split + fs, panel_top, width - split - fs * 1.5,
                    panel_h, chart, font, fs);
  cairo_restore(cr);
}

absl::StatusOr<std::string> RenderTrendChartPng(const TrendChart& chart,
                                                const DocumentStyle& style) {
  const int w = style.chart_width_px();
  const int h = style.chart_height_px();
  cairo_surface_t* surface =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(surface);
  // Font sizes are points at 16:9 / 160 mm wide; scale them to pixels.
  const double px_per_pt = w / MmToPt(160);
  DrawTrendChart(cr, w, h, chart, style.chart(), px_per_pt);
  cairo_destroy(cr);
  std::string png;
  const cairo_status_t status =
      cairo_surface_write_to_png_stream(surface, AppendToString, &png);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("趋势图 PNG 生成失败: ", cairo_status_to_string(status)));
  }
  return png;
}

absl::StatusOr<std::string> RenderTrendChartSvg(const TrendChart& chart,
                                                const DocumentStyle& style) {
  std::string svg;
  const double w = MmToPt(160);
  const double h = w * style.chart_height_px() / style.chart_width_px();
  cairo_surface_t* surface =
      cairo_svg_surface_create_for_stream(AppendToString, &svg, w, h);
  cairo_t* cr = cairo_create(surface);
  DrawTrendChart(cr, w, h, chart, style.chart(), 1.0);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("趋势图 SVG 生成失败: ", cairo_status_to_string(status)));
  }
  return svg;
}

}  // namespace sgs::stats
