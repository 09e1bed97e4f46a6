#include "stats_service/formats/pdf_writer.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "stats_service/formats/table_layout.h"
#include "stats_service/formats/trend_chart.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::DocumentStyle;
using ::sgs::config::v1::FontRole;
using ::sgs::config::v1::PageMargins;

cairo_status_t AppendToString(void* closure, const unsigned char* data,
                              unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void SetHexColor(cairo_t* cr, const std::string& hex) {
  const uint32_t value = ParseHexColor(hex);
  cairo_set_source_rgb(cr, ((value >> 16) & 0xFF) / 255.0,
                       ((value >> 8) & 0xFF) / 255.0, (value & 0xFF) / 255.0);
}

enum class Align { kLeft, kCentre, kRight, kJustify };

struct ParagraphFormat {
  const FontRole* font;
  Align align = Align::kLeft;
  double first_indent_em = 0;
  double left_indent_em = 0;
  double right_indent_em = 0;
  bool bold = false;
};

class PdfComposer {
 public:
  PdfComposer(const DocumentStyle& style, std::string* out) : style_(style) {
    surface_ = cairo_pdf_surface_create_for_stream(
        AppendToString, out, MmToPt(style.page_width_mm()),
        MmToPt(style.page_height_mm()));
    cr_ = cairo_create(surface_);
  }
  ~PdfComposer() {
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  PdfComposer(const PdfComposer&) = delete;
  PdfComposer& operator=(const PdfComposer&) = delete;

  cairo_status_t Finish() {
    FinishPage();
    cairo_surface_finish(surface_);
    return cairo_surface_status(surface_);
  }

  // Starts a new page, portrait or landscape.
  void NewPage(bool landscape) {
    if (page_open_) FinishPage();
    landscape_ = landscape;
    const double w = MmToPt(style_.page_width_mm());
    const double h = MmToPt(style_.page_height_mm());
    cairo_pdf_surface_set_size(surface_, landscape ? h : w, landscape ? w : h);
    ++page_;
    page_open_ = true;
    y_ = 0;
  }

  bool landscape() const { return landscape_; }
  const PageMargins& margins() const {
    return landscape_ ? style_.landscape_margins() : style_.margins();
  }
  double PageWidth() const {
    return MmToPt(landscape_ ? style_.page_height_mm()
                             : style_.page_width_mm());
  }
  double PageHeight() const {
    return MmToPt(landscape_ ? style_.page_width_mm()
                             : style_.page_height_mm());
  }
  double Left() const { return MmToPt(margins().left_mm()); }
  double Top() const { return MmToPt(margins().top_mm()); }
  double Width() const {
    return PageWidth() - Left() - MmToPt(margins().right_mm());
  }
  double Height() const {
    return PageHeight() - Top() - MmToPt(margins().bottom_mm());
  }
  // The body's line pitch: the type area's height over 22 lines.
  double Pitch() const {
    return MmToPt(style_.page_height_mm() - style_.margins().top_mm() -
                  style_.margins().bottom_mm()) /
           std::max(1, style_.lines_per_page());
  }
  double y() const { return y_; }
  void Skip(double pt) { y_ += pt; }
  void BlankLine() { y_ += Pitch(); }

  PangoLayout* Layout(const std::string& text, const FontRole& font,
                      double width, bool bold = false) {
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    PangoFontDescription* desc = pango_font_description_new();
    pango_font_description_set_family(desc, FontFamilyList(font).c_str());
    pango_font_description_set_absolute_size(desc,
                                             font.size_pt() * PANGO_SCALE);
    if (bold || font.bold()) {
      pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
    }
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    if (width > 0) {
      pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    }
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    return layout;
  }

  double TextWidth(const std::string& text, const FontRole& font) {
    PangoLayout* layout = Layout(text, font, -1);
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    g_object_unref(layout);
    return static_cast<double>(w) / PANGO_SCALE;
  }

  // Lays a paragraph out line by line on the pitch, breaking pages.
  void Paragraph(const std::string& text, const ParagraphFormat& format) {
    const FontRole& font = *format.font;
    const double em = font.size_pt();
    const double width =
        Width() - (format.left_indent_em + format.right_indent_em) * em;
    PangoLayout* layout = Layout(text, font, width, format.bold);
    pango_layout_set_indent(
        layout, static_cast<int>(format.first_indent_em * em * PANGO_SCALE));
    switch (format.align) {
      case Align::kCentre:
        pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
        break;
      case Align::kRight:
        pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
        break;
      case Align::kJustify:
        pango_layout_set_justify(layout, TRUE);
        break;
      case Align::kLeft:
        break;
    }
    const double pitch = std::max(Pitch(), em * 1.35);
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      if (y_ + pitch > Height() + 0.5) NewPage(landscape_);
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
      SetHexColor(cr_, font.color());
      // Baseline at about three quarters of the pitch, as Word places it.
      cairo_move_to(cr_,
                    Left() + format.left_indent_em * em +
                        static_cast<double>(logical.x) / PANGO_SCALE,
                    Top() + y_ + pitch * 0.5 + em * 0.38);
      pango_cairo_show_layout_line(cr_, line);
      y_ += pitch;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    g_object_unref(layout);
  }

  // The red header, narrowed horizontally to stay on one line.
  void IssuerMark(const std::string& text, int min_scale_percent) {
    const FontRole& font = style_.issuer_mark();
    const double natural = TextWidth(text, font);
    double scale = 1;
    if (natural > Width()) {
      scale =
          std::max(Width() / natural,
                   (min_scale_percent > 0 ? min_scale_percent : 50) / 100.0);
    }
    PangoLayout* layout = Layout(text, font, -1);
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    cairo_save(cr_);
    cairo_translate(cr_, Left() + Width() / 2, Top() + y_);
    cairo_scale(cr_, scale, 1);
    cairo_move_to(cr_, -static_cast<double>(w) / PANGO_SCALE / 2, 0);
    SetHexColor(cr_, font.color());
    pango_cairo_show_layout(cr_, layout);
    cairo_restore(cr_);
    y_ += static_cast<double>(h) / PANGO_SCALE;
    g_object_unref(layout);
  }

  void Rule(double width_pt, const std::string& color) {
    SetHexColor(cr_, color);
    cairo_set_line_width(cr_, width_pt);
    cairo_move_to(cr_, Left(), Top() + y_);
    cairo_line_to(cr_, Left() + Width(), Top() + y_);
    cairo_stroke(cr_);
  }

  void Chart(const TrendChart& chart) {
    const double w = Width();
    const double h = w * style_.chart_height_px() / style_.chart_width_px();
    if (y_ + h > Height()) NewPage(landscape_);
    cairo_save(cr_);
    cairo_translate(cr_, Left(), Top() + y_);
    DrawTrendChart(cr_, w, h, chart, style_.chart(), 1.0);
    cairo_restore(cr_);
    y_ += h + Pitch() * 0.3;
  }

  void DrawTable(const Table& table) {
    const FontRole& font = style_.table();
    const double em = font.size_pt();
    const std::vector<double> widths_em = ColumnWidthsEm(table, Width() / em);
    const double pad = em * 0.22;
    auto row_height = [&](const std::vector<std::string>& texts,
                          const FontRole& f) {
      double h = 0;
      for (size_t c = 0; c < texts.size() && c < widths_em.size(); ++c) {
        PangoLayout* layout = Layout(texts[c], f, widths_em[c] * em - 2 * pad);
        int lw = 0;
        int lh = 0;
        pango_layout_get_size(layout, &lw, &lh);
        h = std::max(h, static_cast<double>(lh) / PANGO_SCALE);
        g_object_unref(layout);
      }
      return h + 2 * pad;
    };
    auto draw_row = [&](const std::vector<std::string>& texts,
                        const std::vector<const TableCell*>& cells,
                        const FontRole& f, bool bold, double h) {
      double x = Left();
      for (size_t c = 0; c < texts.size() && c < widths_em.size(); ++c) {
        const double w = widths_em[c] * em;
        cairo_set_source_rgb(cr_, 0, 0, 0);
        cairo_set_line_width(cr_, 0.5);
        cairo_rectangle(cr_, x, Top() + y_, w, h);
        cairo_stroke(cr_);
        PangoLayout* layout = Layout(texts[c], f, w - 2 * pad, bold);
        const bool centred = cells[c] == nullptr || IsCentredCell(*cells[c]);
        pango_layout_set_alignment(
            layout, centred ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
        int lw = 0;
        int lh = 0;
        pango_layout_get_size(layout, &lw, &lh);
        cairo_move_to(
            cr_, x + pad,
            Top() + y_ + (h - static_cast<double>(lh) / PANGO_SCALE) / 2);
        SetHexColor(cr_, f.color());
        pango_cairo_show_layout(cr_, layout);
        g_object_unref(layout);
        x += w;
      }
      y_ += h;
    };
    const std::vector<const TableCell*> no_cells(table.column_headings.size(),
                                                 nullptr);
    const double heading_h =
        row_height(table.column_headings, style_.table_heading());
    auto heading = [&]() {
      draw_row(table.column_headings, no_cells, style_.table_heading(), false,
               heading_h);
    };
    if (y_ + heading_h * 2 > Height()) NewPage(landscape_);
    heading();
    for (size_t r = 0; r < table.rows.size(); ++r) {
      std::vector<std::string> texts;
      std::vector<const TableCell*> cells;
      for (const TableCell& cell : table.rows[r]) {
        texts.push_back(cell.text);
        cells.push_back(&cell);
      }
      const double h = row_height(texts, font);
      if (y_ + h > Height()) {
        NewPage(landscape_);
        heading();  // repeated on every page the table runs onto
      }
      const bool total = table.last_row_is_total && r + 1 == table.rows.size();
      draw_row(texts, cells, font, total, h);
    }
  }

  // 版记 at the foot of the type area: thick line, 抄送, thin line, 印发,
  // thick line.
  void Imprint(const BulletinDocument& doc) {
    const FontRole& font = style_.imprint();
    const double pitch = Pitch();
    const int lines = (doc.copy_to.empty() ? 0 : 1) + 1;
    const double h = pitch * lines;
    if (y_ + h > Height()) NewPage(false);
    y_ = Height() - h;
    const double em = font.size_pt();
    Rule(1.0, "000000");
    if (!doc.copy_to.empty()) {
      Paragraph(doc.copy_to, {&font, Align::kLeft, 0, 1, 1});
      Rule(0.7, "000000");
    }
    std::string date = doc.print_date_text;
    if (!date.empty() && !absl::EndsWith(date, "印发")) date += "印发";
    const double y_line = y_;
    Paragraph(doc.printer, {&font, Align::kLeft, 0, 1, 1});
    y_ = y_line;
    Paragraph(date, {&font, Align::kRight, 0, 1, 1});
    (void)em;
    Rule(1.0, "000000");
  }

 private:
  void FinishPage() {
    if (!page_open_) return;
    // "— 1 —": odd pages right, even pages left, one character in.
    const FontRole& font = style_.page_number();
    const std::string text = absl::StrCat("— ", page_, " —");
    const double w = TextWidth(text, font);
    const double em = font.size_pt();
    const double x = page_ % 2 == 1 ? Left() + Width() - em - w : Left() + em;
    const double y = Top() + Height() + MmToPt(7);
    PangoLayout* layout = Layout(text, font, -1);
    cairo_move_to(cr_, x, y);
    SetHexColor(cr_, font.color());
    pango_cairo_show_layout(cr_, layout);
    g_object_unref(layout);
    cairo_show_page(cr_);
    page_open_ = false;
  }

  const DocumentStyle& style_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  int page_ = 0;
  bool page_open_ = false;
  bool landscape_ = false;
  double y_ = 0;
};

ParagraphFormat FormatOf(const DocumentStyle& style, ParagraphStyle p) {
  switch (p) {
    case ParagraphStyle::kHeading1:
      return {&style.heading1(), Align::kJustify, 2};
    case ParagraphStyle::kHeading2:
      return {&style.heading2(), Align::kJustify, 2};
    case ParagraphStyle::kHeading3:
      return {&style.heading3(), Align::kJustify, 2};
    case ParagraphStyle::kHeading4:
      return {&style.heading4(), Align::kJustify, 2};
    case ParagraphStyle::kBody:
      break;
  }
  return {&style.body(), Align::kJustify, 2};
}

}  // namespace

absl::StatusOr<std::string> WriteBulletinPdf(const BulletinDocument& doc,
                                             const DocumentAssets& assets) {
  const DocumentStyle& style = assets.style;
  std::string out;
  cairo_status_t status;
  {
    PdfComposer pdf(style, &out);
    pdf.NewPage(false);
    if (!doc.draft_mark.empty()) {
      pdf.Paragraph(doc.draft_mark, {&style.draft_mark(), Align::kRight});
    }
    pdf.IssuerMark(doc.issuer_mark, style.issuer_mark_min_scale_percent());
    pdf.BlankLine();
    pdf.Paragraph(doc.document_number,
                  {&style.document_number(), Align::kCentre});
    pdf.Skip(MmToPt(4) - pdf.Pitch() * 0.25);
    pdf.Rule(1.5, style.separator_color());
    pdf.Skip(pdf.Pitch() * 0.25);
    pdf.BlankLine();
    pdf.Paragraph(doc.title, {&style.title(), Align::kCentre});
    pdf.BlankLine();
    pdf.Paragraph(doc.addressee, {&style.body(), Align::kLeft});
    const int chart_after = TrendChartPosition(doc);
    for (int i = 0; i < static_cast<int>(doc.body.size()); ++i) {
      pdf.Paragraph(doc.body[i].text, FormatOf(style, doc.body[i].style));
      if (doc.has_trend_chart && i == chart_after) pdf.Chart(doc.trend_chart);
    }
    if (!doc.attachment_notes.empty()) {
      pdf.BlankLine();
      for (const std::string& note : doc.attachment_notes) {
        // Continuation lines hang under the name, after "附件：".
        pdf.Paragraph(note, {&style.body(), Align::kLeft, -3, 2});
      }
    }
    pdf.BlankLine();
    pdf.BlankLine();
    const double date_w = pdf.TextWidth(doc.date_text, style.body());
    const double sig_w = pdf.TextWidth(doc.signature, style.body());
    const double em = style.body().size_pt();
    pdf.Paragraph(doc.signature,
                  {&style.body(), Align::kRight, 0, 0,
                   std::max(0.0, 4 + (date_w - sig_w) / 2 / em)});
    pdf.Paragraph(doc.date_text, {&style.body(), Align::kRight, 0, 0, 4});

    const double portrait_em =
        MmToPt(style.page_width_mm() - style.margins().left_mm() -
               style.margins().right_mm()) /
        style.table().size_pt();
    for (const Attachment& attachment : doc.attachments) {
      pdf.NewPage(NeedsLandscape(attachment.table, portrait_em));
      pdf.Paragraph(attachment.label,
                    {&style.attachment_label(), Align::kLeft});
      pdf.BlankLine();
      pdf.Paragraph(attachment.title,
                    {&style.attachment_title(), Align::kCentre});
      pdf.Skip(pdf.Pitch() * 0.3);
      pdf.DrawTable(attachment.table);
    }
    if (!doc.copy_to.empty() || !doc.printer.empty()) {
      if (!doc.attachments.empty()) pdf.NewPage(false);
      pdf.Imprint(doc);
    }
    status = pdf.Finish();
  }
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("PDF 生成失败: ", cairo_status_to_string(status)));
  }
  return out;
}

}  // namespace sgs::stats
