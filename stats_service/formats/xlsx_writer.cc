#include "stats_service/formats/xlsx_writer.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/config_loader.h"
#include "xlsxwriter.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::DocumentStyle;

// libxlsxwriter 1.1 writes only to a named file.
class ScratchDir {
 public:
  ScratchDir() {
    const char* base = getenv("TMPDIR");
    std::string pattern = absl::StrCat(
        base != nullptr && *base != '\0' ? base : "/tmp", "/sgs-xlsx-XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Formats {
  lxw_format* label;
  lxw_format* draft;
  lxw_format* title;
  lxw_format* heading;
  lxw_format* text[2];  // [total row]
  lxw_format* integer[2];
  lxw_format* percent[2];
};

// Excel's column letter(s) for a 0-based index.
std::string ColumnName(int c) {
  std::string name;
  for (++c; c > 0; c = (c - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return name;
}

// A column's width in Excel's units (one per narrow character, two per
// CJK one), so the longest unit name fits on one line.
double ColumnWidth(const Table& table, size_t c) {
  double em = 0;
  for (const auto& row : table.rows) {
    if (c < row.size()) em = std::max(em, EstimateWidthEm(row[c].text));
  }
  const double heading = EstimateWidthEm(table.column_headings[c]);
  em = std::max(em, heading > 4 ? heading / 2 : heading);
  return std::clamp(em * 2 + 2.5, 6.0, 60.0);
}

lxw_format* Cell(lxw_workbook* wb, const std::string& font, double size,
                 bool bold, const char* num_format, bool centre) {
  lxw_format* f = workbook_add_format(wb);
  format_set_font_name(f, font.c_str());
  format_set_font_size(f, size);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  format_set_align(f, centre ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
  if (bold) format_set_bold(f);
  if (num_format != nullptr) format_set_num_format(f, num_format);
  return f;
}

// Rows 0 label, 1 title, 2 headings, then data.
constexpr lxw_row_t kHeadingRow = 2;
constexpr lxw_row_t kFirstDataRow = 3;

lxw_error WriteSheet(lxw_workbook* wb, const std::string& name,
                     const std::string& label, const std::string& title,
                     const std::string& draft_mark, const Table& table,
                     const Formats& f) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  if (ws == nullptr) return LXW_ERROR_SHEETNAME_ALREADY_USED;
  const size_t columns = table.column_headings.size();
  if (columns == 0) return LXW_NO_ERROR;
  const auto last_col = static_cast<lxw_col_t>(columns - 1);
  lxw_error err = LXW_NO_ERROR;
  auto check = [&err](lxw_error e) {
    if (err == LXW_NO_ERROR) err = e;
  };
  if (!label.empty()) {
    check(worksheet_write_string(ws, 0, 0, label.c_str(), f.label));
  }
  // A draft says so on the sheet and on every printed page.
  if (!draft_mark.empty()) {
    check(worksheet_write_string(ws, 0, last_col, draft_mark.c_str(), f.draft));
    worksheet_set_header(ws, absl::StrCat("&R", draft_mark).c_str());
  }
  if (last_col > 0) {
    check(worksheet_merge_range(ws, 1, 0, 1, last_col, title.c_str(), f.title));
  } else {
    check(worksheet_write_string(ws, 1, 0, title.c_str(), f.title));
  }
  check(worksheet_set_row(ws, 1, 30, nullptr));
  check(worksheet_set_row(ws, kHeadingRow, 32, nullptr));
  for (lxw_col_t c = 0; c <= last_col; ++c) {
    check(worksheet_write_string(ws, kHeadingRow, c,
                                 table.column_headings[c].c_str(), f.heading));
    check(worksheet_set_column(ws, c, c, ColumnWidth(table, c), nullptr));
  }
  const auto data_rows = static_cast<lxw_row_t>(table.rows.size());
  const lxw_row_t last_data =
      kFirstDataRow + data_rows - (table.last_row_is_total ? 2 : 1);
  for (lxw_row_t r = 0; r < data_rows; ++r) {
    const lxw_row_t row = kFirstDataRow + r;
    const int total = table.last_row_is_total && r + 1 == data_rows ? 1 : 0;
    for (lxw_col_t c = 0; c < table.rows[r].size() && c <= last_col; ++c) {
      const TableCell& cell = table.rows[r][c];
      const std::string col = ColumnName(c);
      const std::string self_row = absl::StrCat(row + 1);
      if (cell.total == TableCell::Total::kSum && last_data >= kFirstDataRow) {
        const std::string formula = absl::StrCat(
            "=SUM(", col, kFirstDataRow + 1, ":", col, last_data + 1, ")");
        check(worksheet_write_formula_num(ws, row, c, formula.c_str(),
                                          f.integer[total], cell.value));
      } else if (cell.total == TableCell::Total::kRatioOfColumns &&
                 cell.numerator_column >= 0 && cell.denominator_column >= 0) {
        const std::string num =
            absl::StrCat(ColumnName(cell.numerator_column), self_row);
        const std::string den =
            absl::StrCat(ColumnName(cell.denominator_column), self_row);
        const std::string formula =
            absl::StrCat("=IF(", den, "=0,0,", num, "/", den, ")");
        check(worksheet_write_formula_num(ws, row, c, formula.c_str(),
                                          f.percent[total], cell.value / 100));
      } else if (cell.kind == CellKind::kInteger) {
        check(worksheet_write_number(ws, row, c, cell.value, f.integer[total]));
      } else if (cell.kind == CellKind::kPercent) {
        check(worksheet_write_number(ws, row, c, cell.value / 100,
                                     f.percent[total]));
      } else if (cell.text.empty()) {
        check(worksheet_write_blank(ws, row, c, f.text[total]));
      } else {
        check(worksheet_write_string(ws, row, c, cell.text.c_str(),
                                     f.text[total]));
      }
    }
  }
  // Print setup: A4 landscape, one page wide, headings on every page.
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, 9);  // A4
  worksheet_fit_to_pages(ws, 1, 0);
  check(worksheet_repeat_rows(ws, 0, kHeadingRow));
  worksheet_center_horizontally(ws);
  worksheet_set_margins(ws, 0.5, 0.5, 0.7, 0.7);
  worksheet_set_footer(ws, "&C— &P —");
  worksheet_freeze_panes(ws, kFirstDataRow, 0);
  check(
      worksheet_print_area(ws, 0, 0, kFirstDataRow + data_rows - 1, last_col));
  return err;
}

}  // namespace

absl::StatusOr<std::string> WriteBulletinXlsx(const BulletinDocument& doc,
                                              const DocumentAssets& assets) {
  const DocumentStyle& style = assets.style;
  ScratchDir dir;
  if (dir.path().empty()) {
    return absl::InternalError("无法创建临时目录 (cannot create temp dir)");
  }
  const std::string path = dir.path() + "/attachments.xlsx";
  std::string tmpdir = dir.path();
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = tmpdir.data();
  options.use_zip64 = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) {
    return absl::InternalError("无法创建工作簿 (cannot create workbook)");
  }
  const std::string& font = style.table().name();
  const double size = style.table().size_pt();
  Formats f;
  f.label = workbook_add_format(wb);
  format_set_font_name(f.label, style.attachment_label().name().c_str());
  format_set_font_size(f.label, 14);
  f.draft = workbook_add_format(wb);
  format_set_font_name(f.draft, style.draft_mark().name().c_str());
  format_set_font_size(f.draft, 12);
  format_set_align(f.draft, LXW_ALIGN_RIGHT);
  if (!style.draft_mark().color().empty()) {
    format_set_font_color(f.draft, ParseHexColor(style.draft_mark().color()));
  }
  f.title = workbook_add_format(wb);
  format_set_font_name(f.title, style.attachment_title().name().c_str());
  format_set_font_size(f.title, 16);
  format_set_bold(f.title);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
  f.heading = Cell(wb, style.table_heading().name(), size, true, nullptr, true);
  format_set_text_wrap(f.heading);
  for (int total = 0; total < 2; ++total) {
    f.text[total] = Cell(wb, font, size, total, nullptr, false);
    f.integer[total] = Cell(wb, font, size, total, "0", true);
    f.percent[total] = Cell(wb, font, size, total, "0.00%", true);
  }
  lxw_error err = LXW_NO_ERROR;
  for (const Attachment& a : doc.attachments) {
    if (err != LXW_NO_ERROR) break;
    err = WriteSheet(wb, a.label, a.label, a.title, doc.draft_mark, a.table, f);
  }
  if (err == LXW_NO_ERROR && !doc.escalation_list.column_headings.empty()) {
    err = WriteSheet(wb, "督办清单", "",
                     doc.escalation_list_title.empty()
                         ? std::string("督办清单")
                         : doc.escalation_list_title,
                     doc.draft_mark, doc.escalation_list, f);
  }
  const lxw_error closed = workbook_close(wb);
  if (err != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
    return absl::InternalError(
        absl::StrCat("写入工作簿失败 (xlsx): ",
                     lxw_strerror(err != LXW_NO_ERROR ? err : closed)));
  }
  return ReadFileToString(path);
}

}  // namespace sgs::stats
