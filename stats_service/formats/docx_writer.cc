#include "stats_service/formats/docx_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "pugixml.hpp"
#include "stats_service/formats/table_layout.h"
#include "stats_service/formats/zip_package.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::DocumentStyle;
using ::sgs::config::v1::FontRole;
using ::sgs::config::v1::PageMargins;

constexpr size_t kMaxTemplateBytes = 64u << 20;
constexpr char kDocumentPart[] = "word/document.xml";
constexpr char kStylesPart[] = "word/styles.xml";
constexpr char kFontTablePart[] = "word/fontTable.xml";
constexpr char kRelsPart[] = "word/_rels/document.xml.rels";
constexpr char kContentTypesPart[] = "[Content_Types].xml";
constexpr char kChartPart[] = "word/media/sgs_trend_chart.png";
constexpr char kChartRelId[] = "rIdSgsTrendChart";

int Twips(double mm) { return static_cast<int>(std::lround(mm * 1440 / 25.4)); }
int TwipsFromPt(double pt) { return static_cast<int>(std::lround(pt * 20)); }
int64_t Emu(double mm) { return std::llround(mm * 36000); }

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

std::string Serialize(const pugi::xml_document& xml) {
  StringWriter writer;
  xml.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
  return writer.out;
}

absl::Status Parse(const std::string& bytes, const char* part,
                   pugi::xml_document* xml) {
  const pugi::xml_parse_result result = xml->load_buffer(
      bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata);
  if (!result) {
    return absl::InvalidArgumentError(absl::StrCat(
        "DOCX 模板的 ", part, " 不是有效的 XML: ", result.description()));
  }
  return absl::OkStatus();
}

// The child `name` of `node`, created (first) when missing: OOXML wants
// pPr/rPr first in their parents.
pugi::xml_node Child(pugi::xml_node node, const char* name,
                     bool prepend = false) {
  pugi::xml_node child = node.child(name);
  if (!child) {
    child = prepend ? node.prepend_child(name) : node.append_child(name);
  }
  return child;
}

void SetVal(pugi::xml_node node, const char* name, const std::string& value) {
  pugi::xml_node child = Child(node, name);
  child.remove_attributes();
  child.append_attribute("w:val") = value.c_str();
}

// Applies a font role to a run-properties element.
void ApplyFont(pugi::xml_node rpr, const FontRole& role) {
  pugi::xml_node fonts = Child(rpr, "w:rFonts", true);
  fonts.remove_attributes();
  for (const char* attr : {"w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"}) {
    fonts.append_attribute(attr) = role.name().c_str();
  }
  rpr.remove_child("w:b");
  rpr.remove_child("w:bCs");
  if (role.bold()) {
    rpr.append_child("w:b");
    rpr.append_child("w:bCs");
  }
  rpr.remove_child("w:color");
  if (!role.color().empty()) SetVal(rpr, "w:color", role.color());
  const std::string half_points = absl::StrCat(std::lround(role.size_pt() * 2));
  SetVal(rpr, "w:sz", half_points);
  SetVal(rpr, "w:szCs", half_points);
}

struct StyleRole {
  const char* style_id;
  const FontRole* role;
};

std::vector<StyleRole> StyleRoles(const DocumentStyle& s) {
  return {{"SgsIssuerMark", &s.issuer_mark()},
          {"SgsDocumentNumber", &s.document_number()},
          {"SgsTitle", &s.title()},
          {"SgsBody", &s.body()},
          {"SgsBlank", &s.body()},
          {"SgsAddressee", &s.body()},
          {"SgsAttachmentNote", &s.body()},
          {"SgsSignature", &s.body()},
          {"SgsDate", &s.body()},
          {"SgsChart", &s.body()},
          {"SgsHeading1", &s.heading1()},
          {"SgsHeading2", &s.heading2()},
          {"SgsHeading3", &s.heading3()},
          {"SgsHeading4", &s.heading4()},
          {"SgsAttachmentLabel", &s.attachment_label()},
          {"SgsAttachmentTitle", &s.attachment_title()},
          {"SgsTable", &s.table()},
          {"SgsTableHeading", &s.table_heading()},
          {"SgsImprint", &s.imprint()},
          {"SgsPageNumber", &s.page_number()},
          {"SgsDraftMark", &s.draft_mark()}};
}

// Sets every Sgs* style's font from the configuration; a style missing from
// an office's template is added, so the document never refers to nothing.
void ApplyStyles(pugi::xml_document* styles, const DocumentStyle& style) {
  pugi::xml_node root = styles->child("w:styles");
  if (!root) root = styles->append_child("w:styles");
  for (const StyleRole& sr : StyleRoles(style)) {
    pugi::xml_node node =
        root.find_child_by_attribute("w:style", "w:styleId", sr.style_id);
    if (!node) {
      node = root.append_child("w:style");
      node.append_attribute("w:type") = "paragraph";
      node.append_attribute("w:customStyle") = "1";
      node.append_attribute("w:styleId") = sr.style_id;
      SetVal(node, "w:name", sr.style_id);
    }
    ApplyFont(Child(node, "w:rPr"), *sr.role);
  }
  // The red line under the 发文字号.
  pugi::xml_node number =
      root.find_child_by_attribute("w:style", "w:styleId", "SgsDocumentNumber");
  pugi::xml_node bottom =
      number.child("w:pPr").child("w:pBdr").child("w:bottom");
  if (bottom && !style.separator_color().empty()) {
    bottom.remove_attribute("w:color");
    bottom.append_attribute("w:color") = style.separator_color().c_str();
  }
}

// Declares each font with its fallback (w:altName), so a reader without
// the standard's font substitutes the configured one.
void ApplyFontTable(pugi::xml_document* table, const DocumentStyle& style) {
  pugi::xml_node root = table->child("w:fonts");
  if (!root) {
    root = table->append_child("w:fonts");
    root.append_attribute("xmlns:w") =
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  }
  for (const StyleRole& sr : StyleRoles(style)) {
    const FontRole& role = *sr.role;
    if (root.find_child_by_attribute("w:font", "w:name", role.name().c_str())) {
      continue;
    }
    pugi::xml_node font = root.append_child("w:font");
    font.append_attribute("w:name") = role.name().c_str();
    if (!role.fallbacks().empty()) SetVal(font, "w:altName", role.fallbacks(0));
    SetVal(font, "w:charset", "86");  // GB2312
    SetVal(font, "w:family",
           absl::StrContains(role.fallbacks().empty() ? "" : role.fallbacks(0),
                             "Sans")
               ? "swiss"
               : "roman");
    SetVal(font, "w:pitch", "variable");
  }
}

// The paragraph whose text (across runs) contains `needle`.
pugi::xml_node FindParagraph(pugi::xml_node body, const std::string& needle) {
  for (pugi::xml_node p : body.children("w:p")) {
    std::string text;
    for (pugi::xpath_node t : p.select_nodes(".//w:t")) {
      text += t.node().text().get();
    }
    if (absl::StrContains(text, needle)) return p;
  }
  return pugi::xml_node();
}

// Replaces `needle` in a paragraph whose runs may split it: the whole text
// goes into the first run (keeping its formatting), the others are emptied.
void FillPlaceholder(pugi::xml_node p, const std::string& needle,
                     const std::string& value) {
  pugi::xpath_node_set texts = p.select_nodes(".//w:t");
  std::string text;
  for (pugi::xpath_node t : texts) text += t.node().text().get();
  text = absl::StrReplaceAll(text, {{needle, value}});
  bool first = true;
  for (pugi::xpath_node t : texts) {
    t.node().text().set(first ? text.c_str() : "");
    first = false;
  }
}

std::string ParagraphText(pugi::xml_node p) {
  std::string text;
  for (pugi::xpath_node t : p.select_nodes(".//w:t")) {
    text += t.node().text().get();
  }
  return text;
}

// Builds body content in front of an anchor node.
class BodyBuilder {
 public:
  BodyBuilder(pugi::xml_node body, pugi::xml_node anchor)
      : body_(body), anchor_(anchor) {}

  pugi::xml_node Paragraph(const char* style_id, const std::string& text) {
    pugi::xml_node p = body_.insert_child_before("w:p", anchor_);
    SetVal(Child(p, "w:pPr"), "w:pStyle", style_id);
    if (!text.empty()) AddRun(p, text);
    return p;
  }

  static pugi::xml_node AddRun(pugi::xml_node p, const std::string& text) {
    pugi::xml_node run = p.append_child("w:r");
    pugi::xml_node t = run.append_child("w:t");
    t.append_attribute("xml:space") = "preserve";
    t.text().set(text.c_str());
    return run;
  }

  void Blank() { Paragraph("SgsBlank", ""); }

  pugi::xml_node InsertBefore(const char* name) {
    return body_.insert_child_before(name, anchor_);
  }

 private:
  pugi::xml_node body_;
  pugi::xml_node anchor_;
};

const char* StyleOf(ParagraphStyle style) {
  switch (style) {
    case ParagraphStyle::kHeading1:
      return "SgsHeading1";
    case ParagraphStyle::kHeading2:
      return "SgsHeading2";
    case ParagraphStyle::kHeading3:
      return "SgsHeading3";
    case ParagraphStyle::kHeading4:
      return "SgsHeading4";
    case ParagraphStyle::kBody:
      break;
  }
  return "SgsBody";
}

// Section properties for a portrait or landscape section, copied from the
// template's final section (footers, grid) with the configured page.
void ShapeSection(pugi::xml_node sect, const DocumentStyle& style,
                  bool landscape, bool first_section) {
  const double w = landscape ? style.page_height_mm() : style.page_width_mm();
  const double h = landscape ? style.page_width_mm() : style.page_height_mm();
  const PageMargins& m =
      landscape ? style.landscape_margins() : style.margins();
  pugi::xml_node size = Child(sect, "w:pgSz");
  size.remove_attributes();
  size.append_attribute("w:w") = Twips(w);
  size.append_attribute("w:h") = Twips(h);
  if (landscape) size.append_attribute("w:orient") = "landscape";
  pugi::xml_node margins = Child(sect, "w:pgMar");
  // The footer sits 7 mm under the type area with the number's height.
  const double footer_mm = std::max(
      5.0, m.bottom_mm() - 7 - style.page_number().size_pt() * 25.4 / 72);
  margins.remove_attributes();
  margins.append_attribute("w:top") = Twips(m.top_mm());
  margins.append_attribute("w:right") = Twips(m.right_mm());
  margins.append_attribute("w:bottom") = Twips(m.bottom_mm());
  margins.append_attribute("w:left") = Twips(m.left_mm());
  margins.append_attribute("w:header") = Twips(15);
  margins.append_attribute("w:footer") = Twips(footer_mm);
  margins.append_attribute("w:gutter") = 0;
  sect.remove_child("w:pgNumType");
  if (first_section) {
    pugi::xml_node numbering = sect.insert_child_after("w:pgNumType", margins);
    numbering.append_attribute("w:start") = 1;
  }
  sect.remove_child("w:type");
  if (!first_section) {
    SetVal(sect, "w:type", "nextPage");
    // w:type must precede w:pgSz.
    sect.insert_move_before(sect.child("w:type"), size);
  }
  // 22 lines per page on the body's grid.
  pugi::xml_node grid = Child(sect, "w:docGrid");
  grid.remove_attributes();
  grid.append_attribute("w:type") = "lines";
  const double type_height_mm = h - m.top_mm() - m.bottom_mm();
  if (style.lines_per_page() > 0) {
    grid.append_attribute("w:linePitch") =
        Twips(type_height_mm / style.lines_per_page());
  }
}

double TypeWidthMm(const DocumentStyle& style, bool landscape) {
  return landscape
             ? style.page_height_mm() - style.landscape_margins().left_mm() -
                   style.landscape_margins().right_mm()
             : style.page_width_mm() - style.margins().left_mm() -
                   style.margins().right_mm();
}

void AddBorder(pugi::xml_node borders, const char* side, int eighths) {
  pugi::xml_node b = borders.append_child(side);
  b.append_attribute("w:val") = "single";
  b.append_attribute("w:sz") = eighths;
  b.append_attribute("w:space") = 0;
  b.append_attribute("w:color") = "000000";
}

void AddTable(BodyBuilder* builder, const Table& table,
              const DocumentStyle& style, bool landscape) {
  const double width_mm = TypeWidthMm(style, landscape);
  const double font_mm = style.table().size_pt() * 25.4 / 72;
  const std::vector<double> widths_em =
      ColumnWidthsEm(table, width_mm / font_mm);
  pugi::xml_node tbl = builder->InsertBefore("w:tbl");
  pugi::xml_node pr = tbl.append_child("w:tblPr");
  pugi::xml_node tw = pr.append_child("w:tblW");
  tw.append_attribute("w:w") = Twips(width_mm);
  tw.append_attribute("w:type") = "dxa";
  SetVal(pr, "w:jc", "center");
  pugi::xml_node borders = pr.append_child("w:tblBorders");
  for (const char* side :
       {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
    AddBorder(borders, side, 4);
  }
  pugi::xml_node layout = pr.append_child("w:tblLayout");
  layout.append_attribute("w:type") = "fixed";
  pugi::xml_node grid = tbl.append_child("w:tblGrid");
  std::vector<int> twips;
  for (double em : widths_em) {
    twips.push_back(Twips(em * font_mm));
    grid.append_child("w:gridCol").append_attribute("w:w") = twips.back();
  }
  auto add_row = [&](const std::vector<std::string>& texts,
                     const std::vector<const TableCell*>& cells, bool heading,
                     bool bold) {
    pugi::xml_node tr = tbl.append_child("w:tr");
    pugi::xml_node trpr = tr.append_child("w:trPr");
    trpr.append_child("w:cantSplit");
    // Heading rows repeat at the top of every page the table runs onto.
    if (heading) trpr.append_child("w:tblHeader");
    for (size_t c = 0; c < texts.size(); ++c) {
      pugi::xml_node tc = tr.append_child("w:tc");
      pugi::xml_node tcpr = tc.append_child("w:tcPr");
      pugi::xml_node tcw = tcpr.append_child("w:tcW");
      tcw.append_attribute("w:w") = c < twips.size() ? twips[c] : 0;
      tcw.append_attribute("w:type") = "dxa";
      SetVal(tcpr, "w:vAlign", "center");
      pugi::xml_node p = tc.append_child("w:p");
      pugi::xml_node ppr = p.append_child("w:pPr");
      SetVal(ppr, "w:pStyle", heading ? "SgsTableHeading" : "SgsTable");
      const bool centred =
          heading || cells[c] == nullptr || IsCentredCell(*cells[c]);
      SetVal(ppr, "w:jc", centred ? "center" : "left");
      pugi::xml_node run = BodyBuilder::AddRun(p, texts[c]);
      if (bold) {
        pugi::xml_node rpr = run.prepend_child("w:rPr");
        rpr.append_child("w:b");
      }
    }
  };
  add_row(table.column_headings,
          std::vector<const TableCell*>(table.column_headings.size(), nullptr),
          true, false);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<std::string> texts;
    std::vector<const TableCell*> cells;
    for (const TableCell& cell : table.rows[r]) {
      texts.push_back(cell.text);
      cells.push_back(&cell);
    }
    const bool total = table.last_row_is_total && r + 1 == table.rows.size();
    add_row(texts, cells, false, total);
  }
}

void AddChart(BodyBuilder* builder, const BulletinDocument& doc,
              const DocumentStyle& style) {
  const double width_mm = TypeWidthMm(style, false);
  const double height_mm =
      width_mm * style.chart_height_px() / style.chart_width_px();
  pugi::xml_node p = builder->Paragraph("SgsChart", "");
  pugi::xml_node inline_node =
      p.append_child("w:r").append_child("w:drawing").append_child("wp:inline");
  for (const char* d : {"distT", "distB", "distL", "distR"}) {
    inline_node.append_attribute(d) = 0;
  }
  pugi::xml_node extent = inline_node.append_child("wp:extent");
  extent.append_attribute("cx") = Emu(width_mm);
  extent.append_attribute("cy") = Emu(height_mm);
  pugi::xml_node docpr = inline_node.append_child("wp:docPr");
  docpr.append_attribute("id") = 1;
  docpr.append_attribute("name") = "趋势图";
  docpr.append_attribute("descr") = doc.trend_chart.title.c_str();
  inline_node.append_child("wp:cNvGraphicFramePr")
      .append_child("a:graphicFrameLocks")
      .append_attribute("noChangeAspect") = 1;
  pugi::xml_node data =
      inline_node.append_child("a:graphic").append_child("a:graphicData");
  data.append_attribute("uri") =
      "http://schemas.openxmlformats.org/drawingml/2006/picture";
  pugi::xml_node pic = data.append_child("pic:pic");
  pugi::xml_node nv = pic.append_child("pic:nvPicPr");
  pugi::xml_node cnv = nv.append_child("pic:cNvPr");
  cnv.append_attribute("id") = 1;
  cnv.append_attribute("name") = "sgs_trend_chart.png";
  nv.append_child("pic:cNvPicPr");
  pugi::xml_node fill = pic.append_child("pic:blipFill");
  fill.append_child("a:blip").append_attribute("r:embed") = kChartRelId;
  fill.append_child("a:stretch").append_child("a:fillRect");
  pugi::xml_node sppr = pic.append_child("pic:spPr");
  pugi::xml_node xfrm = sppr.append_child("a:xfrm");
  pugi::xml_node off = xfrm.append_child("a:off");
  off.append_attribute("x") = 0;
  off.append_attribute("y") = 0;
  pugi::xml_node ext = xfrm.append_child("a:ext");
  ext.append_attribute("cx") = Emu(width_mm);
  ext.append_attribute("cy") = Emu(height_mm);
  pugi::xml_node geom = sppr.append_child("a:prstGeom");
  geom.append_attribute("prst") = "rect";
  geom.append_child("a:avLst");
}

// A section break: a paragraph carrying the properties of the section
// that ends with it.
void EndSection(BodyBuilder* builder, pugi::xml_node final_sect,
                const DocumentStyle& style, bool landscape, bool first) {
  pugi::xml_node p = builder->Paragraph("SgsBlank", "");
  pugi::xml_node sect = p.child("w:pPr").append_copy(final_sect);
  ShapeSection(sect, style, landscape, first);
}

// 版记: a borderless table floating at the foot of the type area, 抄送 and
// 印发 in its rows, thick rules above and below, a thin one between.
void AddImprint(BodyBuilder* builder, const BulletinDocument& doc,
                const DocumentStyle& style, bool page_break) {
  const int width = Twips(TypeWidthMm(style, false));
  if (page_break) {
    pugi::xml_node p = builder->Paragraph("SgsBlank", "");
    p.append_child("w:r").append_child("w:br").append_attribute("w:type") =
        "page";
  }
  pugi::xml_node tbl = builder->InsertBefore("w:tbl");
  pugi::xml_node pr = tbl.append_child("w:tblPr");
  pugi::xml_node floating = pr.append_child("w:tblpPr");
  floating.append_attribute("w:vertAnchor") = "margin";
  floating.append_attribute("w:horzAnchor") = "margin";
  floating.append_attribute("w:tblpXSpec") = "center";
  // Its top so that its last rule sits on the type area's foot (an explicit
  // offset: LibreOffice ignores tblpYSpec="bottom").
  const int rows = doc.copy_to.empty() ? 1 : 2;
  const double type_height_mm = style.page_height_mm() -
                                style.margins().top_mm() -
                                style.margins().bottom_mm();
  const int pitch = Twips(type_height_mm / std::max(1, style.lines_per_page()));
  floating.append_attribute("w:tblpY") =
      std::max(0, Twips(type_height_mm) - rows * pitch - 40);
  pugi::xml_node tw = pr.append_child("w:tblW");
  tw.append_attribute("w:w") = width;
  tw.append_attribute("w:type") = "dxa";
  pugi::xml_node borders = pr.append_child("w:tblBorders");
  AddBorder(borders, "w:top", 8);
  AddBorder(borders, "w:bottom", 8);
  AddBorder(borders, "w:insideH", 4);
  pugi::xml_node layout = pr.append_child("w:tblLayout");
  layout.append_attribute("w:type") = "fixed";
  tbl.append_child("w:tblGrid")
      .append_child("w:gridCol")
      .append_attribute("w:w") = width;
  auto row = [&](const std::string& text) {
    pugi::xml_node tc = tbl.append_child("w:tr").append_child("w:tc");
    pugi::xml_node tcw = tc.append_child("w:tcPr").append_child("w:tcW");
    tcw.append_attribute("w:w") = width;
    tcw.append_attribute("w:type") = "dxa";
    pugi::xml_node p = tc.append_child("w:p");
    SetVal(p.append_child("w:pPr"), "w:pStyle", "SgsImprint");
    if (!text.empty()) BodyBuilder::AddRun(p, text);
    return p;
  };
  if (!doc.copy_to.empty()) row(doc.copy_to);
  std::string date = doc.print_date_text;
  if (!date.empty() && !absl::EndsWith(date, "印发")) date += "印发";
  pugi::xml_node printed = row(doc.printer);
  // The date flush right, one character in, on the printer's line.
  pugi::xml_node ppr = printed.child("w:pPr");
  pugi::xml_node tab = ppr.append_child("w:tabs").append_child("w:tab");
  tab.append_attribute("w:val") = "right";
  tab.append_attribute("w:pos") =
      width - 2 * TwipsFromPt(style.imprint().size_pt()) - 120;
  printed.append_child("w:r").append_child("w:tab");
  BodyBuilder::AddRun(printed, date);
  // A floating table needs a paragraph after it.
  builder->Paragraph("SgsBlank", "");
}

absl::Status AddRelationship(ZipPackage* package) {
  std::string* rels = package->Find(kRelsPart);
  if (rels == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("DOCX 模板缺少 ", kRelsPart));
  }
  pugi::xml_document xml;
  if (absl::Status s = Parse(*rels, kRelsPart, &xml); !s.ok()) return s;
  pugi::xml_node root = xml.child("Relationships");
  pugi::xml_node rel = root.append_child("Relationship");
  rel.append_attribute("Id") = kChartRelId;
  rel.append_attribute("Type") =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "image";
  rel.append_attribute("Target") = "media/sgs_trend_chart.png";
  *rels = Serialize(xml);

  std::string* types = package->Find(kContentTypesPart);
  if (types == nullptr) {
    return absl::InvalidArgumentError("DOCX 模板缺少 [Content_Types].xml");
  }
  pugi::xml_document types_xml;
  if (absl::Status s = Parse(*types, kContentTypesPart, &types_xml); !s.ok()) {
    return s;
  }
  pugi::xml_node types_root = types_xml.child("Types");
  if (!types_root.find_child_by_attribute("Default", "Extension", "png")) {
    pugi::xml_node d = types_root.prepend_child("Default");
    d.append_attribute("Extension") = "png";
    d.append_attribute("ContentType") = "image/png";
  }
  *types = Serialize(types_xml);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> WriteBulletinDocx(const BulletinDocument& doc,
                                              const DocumentAssets& assets,
                                              const std::string& chart_png) {
  const DocumentStyle& style = assets.style;
  if (assets.docx_template.empty()) {
    return absl::FailedPreconditionError(
        "未配置 DOCX 模板 (document_style.docx_template)");
  }
  absl::StatusOr<ZipPackage> package =
      ReadZipPackage(assets.docx_template, kMaxTemplateBytes);
  if (!package.ok()) return package.status();
  std::string* document_bytes = package->Find(kDocumentPart);
  if (document_bytes == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("DOCX 模板缺少 ", kDocumentPart));
  }
  pugi::xml_document xml;
  if (absl::Status s = Parse(*document_bytes, kDocumentPart, &xml); !s.ok()) {
    return s;
  }
  pugi::xml_node body = xml.child("w:document").child("w:body");
  pugi::xml_node anchor = FindParagraph(body, "{{正文}}");
  pugi::xml_node final_sect = body.child("w:sectPr");
  if (!body || !anchor || !final_sect) {
    return absl::InvalidArgumentError(
        "DOCX 模板的正文中需要一个只含 {{正文}} 的段落和节属性 (w:sectPr)");
  }
  if (pugi::xml_node p = FindParagraph(body, "{{发文机关标志}}"); p) {
    FillPlaceholder(p, "{{发文机关标志}}", doc.issuer_mark);
    // Narrow a long mark so it stays on one line (red headers do).
    const double em = EstimateWidthEm(ParagraphText(p));
    const double fits_pt = MmToPt(TypeWidthMm(style, false));
    const double needs_pt = em * style.issuer_mark().size_pt();
    if (needs_pt > fits_pt) {
      const int scale =
          std::max(style.issuer_mark_min_scale_percent() > 0
                       ? style.issuer_mark_min_scale_percent()
                       : 50,
                   static_cast<int>(std::floor(fits_pt / needs_pt * 100)));
      for (pugi::xml_node r : p.children("w:r")) {
        SetVal(Child(r, "w:rPr", true), "w:w", absl::StrCat(scale));
      }
    }
  }
  if (pugi::xml_node p = FindParagraph(body, "{{发文字号}}"); p) {
    FillPlaceholder(p, "{{发文字号}}", doc.document_number);
  }
  if (!doc.draft_mark.empty()) {
    BodyBuilder top(body, body.first_child());
    top.Paragraph("SgsDraftMark", doc.draft_mark);
  }

  BodyBuilder builder(body, anchor);
  builder.Blank();
  builder.Paragraph("SgsTitle", doc.title);
  builder.Blank();
  builder.Paragraph("SgsAddressee", doc.addressee);
  const bool chart = doc.has_trend_chart && !chart_png.empty();
  const int chart_after = TrendChartPosition(doc);
  for (int i = 0; i < static_cast<int>(doc.body.size()); ++i) {
    builder.Paragraph(StyleOf(doc.body[i].style), doc.body[i].text);
    if (chart && i == chart_after) AddChart(&builder, doc, style);
  }
  if (chart && doc.body.empty()) AddChart(&builder, doc, style);
  if (!doc.attachment_notes.empty()) {
    builder.Blank();
    for (const std::string& note : doc.attachment_notes) {
      builder.Paragraph("SgsAttachmentNote", note);
    }
  }
  // Room for the seal, then the signature centred over the date: the date
  // is right-indented four characters, the signature by four plus half
  // their difference in width.
  builder.Blank();
  builder.Blank();
  const double em_twips = TwipsFromPt(style.body().size_pt());
  const double date_em = EstimateWidthEm(doc.date_text);
  const double signature_em = EstimateWidthEm(doc.signature);
  pugi::xml_node signature = builder.Paragraph("SgsSignature", doc.signature);
  pugi::xml_node sig_ind = signature.child("w:pPr").append_child("w:ind");
  sig_ind.append_attribute("w:right") = static_cast<int>(
      std::max(0.0, (4 + (date_em - signature_em) / 2) * em_twips));
  builder.Paragraph("SgsDate", doc.date_text);

  const double portrait_em =
      TypeWidthMm(style, false) / (style.table().size_pt() * 25.4 / 72);
  bool landscape = false;
  bool first_section = true;
  for (const Attachment& attachment : doc.attachments) {
    const bool wants = NeedsLandscape(attachment.table, portrait_em);
    const bool new_section = wants != landscape;
    if (new_section) {
      EndSection(&builder, final_sect, style, landscape, first_section);
      first_section = false;
      landscape = wants;
    }
    pugi::xml_node label =
        builder.Paragraph("SgsAttachmentLabel", attachment.label);
    // A new section already starts a page; otherwise break before it.
    if (!new_section) {
      label.child("w:pPr").append_child("w:pageBreakBefore");
    }
    builder.Blank();
    builder.Paragraph("SgsAttachmentTitle", attachment.title);
    AddTable(&builder, attachment.table, style, landscape);
  }
  // The 版记 goes on a page of its own after attachments: a landscape
  // section's end already starts one.
  const bool imprint_needs_break = !doc.attachments.empty() && !landscape;
  if (landscape) {
    EndSection(&builder, final_sect, style, true, first_section);
    first_section = false;
  }
  if (!doc.copy_to.empty() || !doc.printer.empty()) {
    AddImprint(&builder, doc, style, imprint_needs_break);
  }
  body.remove_child(anchor);
  ShapeSection(final_sect, style, false, first_section);
  *document_bytes = Serialize(xml);

  if (std::string* styles = package->Find(kStylesPart); styles != nullptr) {
    pugi::xml_document styles_xml;
    if (absl::Status s = Parse(*styles, kStylesPart, &styles_xml); !s.ok()) {
      return s;
    }
    ApplyStyles(&styles_xml, style);
    *styles = Serialize(styles_xml);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("DOCX 模板缺少 ", kStylesPart));
  }
  if (std::string* fonts = package->Find(kFontTablePart); fonts != nullptr) {
    pugi::xml_document fonts_xml;
    if (absl::Status s = Parse(*fonts, kFontTablePart, &fonts_xml); !s.ok()) {
      return s;
    }
    ApplyFontTable(&fonts_xml, style);
    *fonts = Serialize(fonts_xml);
  }
  if (chart) {
    if (absl::Status s = AddRelationship(&*package); !s.ok()) return s;
    package->Put(kChartPart, chart_png);
  }
  return WriteZipPackage(*package);
}

}  // namespace sgs::stats
