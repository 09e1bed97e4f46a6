// BulletinDocument: the bulletin (通报) as an official document (公文), laid
// out by GB/T 9704-2012 but independent of any file format. The content side
// (stats_service/bulletin_*.cc) builds one from a period's figures, the
// escalations and the template; the format writers (DOCX, PDF, XLSX, text,
// Markdown, CSV) only lay it out. Every word in it is final text: writers add
// no wording of their own except what their format needs (page numbers).
//
// Contract: strings are UTF-8 Chinese prose with full-width punctuation;
// numbers in tables are already formatted as printed ("3.62%"); a table's
// rows all have as many cells as it has columns. Fields are only ever added
// to these structs, never renamed, so writers and builders evolve apart.
#ifndef SGS_STATS_SERVICE_DOCUMENT_BULLETIN_DOCUMENT_H_
#define SGS_STATS_SERVICE_DOCUMENT_BULLETIN_DOCUMENT_H_

#include <algorithm>
#include <string>
#include <vector>

namespace sgs::stats {

// Heading levels of GB/T 9704 7.3.3: 一、 in 黑体, （一） in 楷体, 1. and
// （1） in 仿宋; kBody is an ordinary paragraph indented two characters.
enum class ParagraphStyle {
  kBody,
  kHeading1,
  kHeading2,
  kHeading3,
  kHeading4,
};

struct Paragraph {
  ParagraphStyle style = ParagraphStyle::kBody;
  // Whole text, numbering included ("一、总体情况"); a heading may be run
  // into its paragraph as GB/T 9704 allows, then `text` holds both.
  std::string text;
};

enum class CellKind {
  kText,
  kInteger,  // a count ("756"); writers may store it as a number
  kPercent,  // a rate as printed ("3.62%"); `value` holds 3.62
};

struct TableCell {
  std::string text;
  CellKind kind = CellKind::kText;
  // The cell's numeric value for kInteger / kPercent (XLSX stores numbers).
  double value = 0;
  // For a total row: a spreadsheet formula over the rows above, written in
  // terms of the table's own rows and columns by the XLSX writer; `text`
  // and `value` carry the computed result. Empty: no formula.
  enum class Total { kNone, kSum, kRatioOfColumns } total = Total::kNone;
  // kRatioOfColumns: this cell = column numerator / column denominator of
  // the same row, as a percentage (0-based column indexes).
  int numerator_column = -1;
  int denominator_column = -1;
};

struct Table {
  std::vector<std::string> column_headings;
  std::vector<std::vector<TableCell>> rows;
  // The last row is a total row (bold, formulas in XLSX).
  bool last_row_is_total = false;
  // Wide tables print on landscape pages.
  bool landscape = false;
};

// 附件: starts on a new page, "附件1" flush left, the title centred.
struct Attachment {
  std::string label;  // "附件1"
  std::string title;  // "2024年7月份各部门“双公示”数据报送情况统计表"
  Table table;
};

// The trend chart: the region's monthly rates over the last 12 months and
// the units with the highest late rates in the period.
struct TrendPoint {
  std::string label;  // "2024年7月" or "7月"
  double late_rate_percent = 0;
  double missed_rate_percent = 0;
  double pass_rate_percent = 0;
  bool has_records = false;
};
struct UnitRate {
  std::string unit_name;
  double late_rate_percent = 0;
};
struct TrendChart {
  std::string title;
  // Drawn under the title; a draft's chart carries its draft_mark here.
  std::string subtitle;
  std::vector<TrendPoint> months;  // oldest first
  std::vector<UnitRate> top_late_units;
};

struct BulletinDocument {
  // Draft marking (征求意见稿 / 截至X月X日), empty for the final document.
  std::string draft_mark;
  // True for a draft (the period has not ended or has no records yet):
  // writers may add a watermark; draft_mark is then never empty.
  bool is_draft = false;
  // 发文机关标志 (red header), e.g. "殷都区社会信用体系建设领导小组办公室文件".
  std::string issuer_mark;
  // 发文字号, e.g. "殷信用办〔2024〕14号".
  std::string document_number;
  // 标题.
  std::string title;
  // 主送机关, ending with a full-width colon.
  std::string addressee;
  // 正文, headings numbered by the sections actually present.
  std::vector<Paragraph> body;
  // 附件说明 lines: "附件：1. …" then "      2. …".
  std::vector<std::string> attachment_notes;
  // 发文机关署名 and 成文日期 ("2024年8月5日").
  std::string signature;
  std::string date_text;
  // 版记: 抄送 ("抄送：区纪委监委，区督查局。"), 印发机关 and 印发日期.
  std::string copy_to;
  std::string printer;
  std::string print_date_text;
  std::vector<Attachment> attachments;
  // The escalation list (督办清单) as a table: XLSX sheet and CSV.
  Table escalation_list;
  // Its title, e.g. "2024年7月份“双公示”工作督办清单".
  std::string escalation_list_title;
  // Present when has_trend_chart.
  bool has_trend_chart = false;
  TrendChart trend_chart;
  // Where DOCX and PDF place the chart: after body[index]; -1 puts it at
  // the end of the first section (before the second level-1 heading).
  int trend_chart_after_paragraph = -1;
};

// The body paragraph after which DOCX and PDF place the trend chart:
// trend_chart_after_paragraph (at most the last paragraph), else the one
// before the second level-1 heading, else the last.
inline int TrendChartPosition(const BulletinDocument& doc) {
  const int n = static_cast<int>(doc.body.size());
  if (doc.trend_chart_after_paragraph >= 0) {
    return std::min(doc.trend_chart_after_paragraph, n - 1);
  }
  int headings = 0;
  for (int i = 0; i < n; ++i) {
    if (doc.body[i].style == ParagraphStyle::kHeading1 && ++headings == 2) {
      return i - 1;
    }
  }
  return n - 1;
}

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_DOCUMENT_BULLETIN_DOCUMENT_H_
