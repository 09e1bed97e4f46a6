#include "stats_service/bulletin_renderer.h"

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/config_loader.h"
#include "common/dates.h"
#include "stats_service/bulletin_template.h"
#include "stats_service/bulletin_text_writer.h"
#include "stats_service/formats/format_dispatch.h"
#include "stats_service/formats/trend_data.h"

namespace sgs::stats {
namespace {

using ::sgs::v1::BulletinFormat;
using ::sgs::v1::Escalation;
using ::sgs::v1::EscalationAction;
using ::sgs::v1::Period;
using ::sgs::v1::PeriodReport;
using ::sgs::v1::Rate;
using ::sgs::v1::RenderBulletinResponse;
using ::sgs::v1::UnitStats;

// ---------------------------------------------------------------------------
// The period as the bulletin words it.
// ---------------------------------------------------------------------------

struct PeriodText {
  std::string file_key;       // "2024-07" / "2024-Q3", for file names.
  std::string in_title;       // "7月份" / "2024年第三季度".
  std::string in_intro;       // "2024年7月份" / "2024年第三季度".
  std::string summary_range;  // "2024年7月1日至7月31日".
  std::string short_range;    // "7.1-7.31", the tables' label.
  int64_t year = 0;           // The tables' "2024年".
};

absl::StatusOr<PeriodText> DescribePeriod(const PeriodReport& report) {
  absl::StatusOr<absl::CivilDay> start = ParseDate(report.start_date());
  absl::StatusOr<absl::CivilDay> end = ParseDate(report.end_date());
  if (!start.ok() || !end.ok() || *end < *start) {
    return absl::InvalidArgumentError(absl::StrCat(
        "统计周期日期无效 (invalid period dates): ", report.start_date(), "..",
        report.end_date()));
  }
  const Period& period = report.period();
  PeriodText text;
  text.year = start->year();
  switch (period.type()) {
    case Period::MONTH:
      if (period.month() < 1 || period.month() > 12) {
        return absl::InvalidArgumentError(
            absl::StrCat("月份无效 (invalid month): ", period.month()));
      }
      text.file_key =
          absl::StrFormat("%04d-%02d", period.year(), period.month());
      text.in_title = absl::StrCat(period.month(), "月份");
      text.in_intro = absl::StrCat(period.year(), "年", period.month(), "月份");
      break;
    case Period::QUARTER: {
      static constexpr const char* kQuarterNames[] = {"一", "二", "三", "四"};
      if (period.quarter() < 1 || period.quarter() > 4) {
        return absl::InvalidArgumentError(
            absl::StrCat("季度无效 (invalid quarter): ", period.quarter()));
      }
      text.file_key =
          absl::StrFormat("%04d-Q%d", period.year(), period.quarter());
      text.in_title = absl::StrCat(period.year(), "年第",
                                   kQuarterNames[period.quarter() - 1], "季度");
      text.in_intro = text.in_title;
      break;
    }
    case Period::YEAR:
      text.file_key = absl::StrFormat("%04d", period.year());
      text.in_title = absl::StrCat(period.year(), "年度");
      text.in_intro = text.in_title;
      break;
    default:
      return absl::InvalidArgumentError(
          "通报只按月、季度或年度生成 (a bulletin covers a MONTH, QUARTER or "
          "YEAR)");
  }
  // The end's year is written only when it differs, as the bulletin writes
  // "2024年7月1日至7月31日".
  const bool same_year = start->year() == end->year();
  text.summary_range =
      absl::StrCat(start->year(), "年", start->month(), "月", start->day(),
                   "日至", same_year ? "" : absl::StrCat(end->year(), "年"),
                   end->month(), "月", end->day(), "日");
  text.short_range =
      same_year
          ? absl::StrCat(start->month(), ".", start->day(), "-", end->month(),
                         ".", end->day())
          : absl::StrCat(start->year(), ".", start->month(), ".", start->day(),
                         "-", end->year(), ".", end->month(), ".", end->day());
  return text;
}

// ---------------------------------------------------------------------------
// The attachments as format-neutral tables.
// ---------------------------------------------------------------------------

struct Cell {
  std::string text;  // As printed in TEXT, Markdown and CSV.
  // For XLSX: counts are written as numbers, rates as numbers with a
  // percentage format; anything else as a string.
  std::optional<int64_t> integer;
  std::optional<double> fraction;  // 0.0106 for "1.06%".
  bool whole_percent = false;      // Printed "100%", not "100.00%".
};

struct Table {
  std::string title;  // "2024年"双公示"工作情况统计表(7.1-7.31)".
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;  // Data rows, then the total row.
  std::vector<double> xlsx_widths;      // One per column.
};

Cell TextCell(std::string text) { return Cell{std::move(text), {}, {}, false}; }

Cell IntCell(int64_t value) {
  return Cell{absl::StrCat(value), value, {}, false};
}

// Rate.percent as computed (two decimals, half-up). The fraction for the
// spreadsheet is taken from the rounded figure so Excel shows exactly the
// same digits as the text.
Cell RateCell(const Rate& rate) {
  return Cell{
      rate.percent(), {}, rate.hundredths_of_percent() / 10000.0, false};
}

// Attachment 2 of the bulletin prints a full pass rate as "100%" (and no
// records as "0.00%"); Attachment 1 prints "100.00%". Reproduced as printed
// so the office's readers see the layout they know. "Full" means every
// record qualified, not a rate that merely rounds to 100.00%.
Cell TownshipRateCell(const Rate& rate) {
  Cell cell = RateCell(rate);
  if (rate.denominator() > 0 && rate.numerator() == rate.denominator()) {
    cell.text = "100%";
    cell.whole_percent = true;
  }
  return cell;
}

Table DepartmentTable(const PeriodReport& report, const PeriodText& period) {
  Table table;
  table.title = absl::StrCat(period.year, "年\"双公示\"工作情况统计表(",
                             period.short_range, ")");
  table.header = {"序号",         "部门",         "迟报数量",    "漏报数量",
                  "合格数量",     "行政许可",     "行政处罚",    "双公示合计",
                  "双公示迟报率", "双公示漏报率", "双公示合格率"};
  table.xlsx_widths = {6, 28, 10, 10, 10, 10, 10, 12, 14, 14, 14};
  auto row = [](Cell first, const std::string& name, const UnitStats& s) {
    return std::vector<Cell>{std::move(first),
                             TextCell(name),
                             IntCell(s.all().late_count()),
                             IntCell(s.all().missed_count()),
                             IntCell(s.all().qualified_count()),
                             IntCell(s.licensing_count()),
                             IntCell(s.penalty_count()),
                             IntCell(s.all().total_count()),
                             RateCell(s.all().late_rate()),
                             RateCell(s.all().missed_rate()),
                             RateCell(s.all().pass_rate())};
  };
  for (int i = 0; i < report.departments_size(); ++i) {
    const UnitStats& unit = report.departments(i);
    table.rows.push_back(row(IntCell(i + 1), unit.unit_name(), unit));
  }
  // The total row's label is the bulletin's, whatever the service calls it.
  table.rows.push_back(
      row(TextCell(""), "部门总计", report.department_total()));
  return table;
}

Table TownshipTable(const PeriodReport& report, const PeriodText& period) {
  Table table;
  table.title = absl::StrCat(period.year, "年乡镇\"双公示\"工作情况统计表(",
                             period.short_range, ")");
  table.header = {"序号", "乡镇", "报送数据量", "合格数据量", "数据合格率"};
  table.xlsx_widths = {6, 16, 12, 12, 12};
  auto row = [](Cell first, const std::string& name, const UnitStats& s) {
    return std::vector<Cell>{std::move(first), TextCell(name),
                             IntCell(s.all().total_count()),
                             IntCell(s.all().qualified_count()),
                             TownshipRateCell(s.all().pass_rate())};
  };
  for (int i = 0; i < report.townships_size(); ++i) {
    const UnitStats& unit = report.townships(i);
    table.rows.push_back(row(IntCell(i + 1), unit.unit_name(), unit));
  }
  table.rows.push_back(row(TextCell(""), "总计", report.township_total()));
  return table;
}

// ---------------------------------------------------------------------------
// Formats.
// ---------------------------------------------------------------------------

// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or
// line break, quotes doubled. The BOM makes Excel read the file as UTF-8.
// No title row, so the file is the table itself (ReconcileTable reads it).
std::string RenderCsv(const Table& table) {
  auto field = [](absl::string_view value) {
    if (value.find_first_of(",\"\r\n") == absl::string_view::npos) {
      return std::string(value);
    }
    return absl::StrCat("\"", absl::StrReplaceAll(value, {{"\"", "\"\""}}),
                        "\"");
  };
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> cells;
  for (const std::string& h : table.header) cells.push_back(field(h));
  absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  for (const auto& row : table.rows) {
    cells.clear();
    for (const Cell& c : row) cells.push_back(field(c.text));
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\r\n");
  }
  return out;
}

}  // namespace

absl::StatusOr<RenderBulletinResponse> RenderBulletin(
    const BulletinInput& input, sgs::v1::BulletinFormat format) {
  absl::StatusOr<PeriodText> period = DescribePeriod(input.report);
  if (!period.ok()) return period.status();
  const std::string base =
      absl::StrCat(input.district_name.empty() ? "" : input.district_name,
                   "双公示通报-", period->file_key);

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
      doc->has_trend_chart = true;
    }
    return RenderDocumentFormat(*doc, *input.document_assets, format, base);
  }

  RenderBulletinResponse response;
  switch (format) {
    case sgs::v1::TEXT:
    case sgs::v1::MARKDOWN: {
      absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
      if (!doc.ok()) return doc.status();
      if (format == sgs::v1::TEXT) {
        response.set_content(WriteBulletinText(*doc));
        response.set_filename(base + ".txt");
        response.set_content_type("text/plain; charset=utf-8");
      } else {
        response.set_content(WriteBulletinMarkdown(*doc));
        response.set_filename(base + ".md");
        response.set_content_type("text/markdown; charset=utf-8");
      }
      break;
    }
    case sgs::v1::ATTACHMENT_1_CSV:
      response.set_content(RenderCsv(DepartmentTable(input.report, *period)));
      response.set_filename(base + "-附件1.csv");
      response.set_content_type("text/csv; charset=utf-8");
      break;
    case sgs::v1::ATTACHMENT_2_CSV:
      response.set_content(RenderCsv(TownshipTable(input.report, *period)));
      response.set_filename(base + "-附件2.csv");
      response.set_content_type("text/csv; charset=utf-8");
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("不支持的通报格式 (unsupported bulletin format): ",
                       static_cast<int>(format)));
  }
  return response;
}

}  // namespace sgs::stats
