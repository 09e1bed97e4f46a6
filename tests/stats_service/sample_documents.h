// Test helper: realistic BulletinDocument values for the format writers'
// tests, built by hand so the writers are tested apart from the builder:
// the July 2024 bulletin of the seed (its Attachments 1 and 2 read from
// testdata/) with escalations of every kind, and a province-level document
// of another region (counties as units, no township table, 全省) that
// shares no word with the shipped district. Also runs external readers
// (python3-docx, openpyxl, poppler, LibreOffice). Header-only because only
// *_test.cc files are compiled into the test binary.
#ifndef SGS_TESTS_STATS_SERVICE_SAMPLE_DOCUMENTS_H_
#define SGS_TESTS_STATS_SERVICE_SAMPLE_DOCUMENTS_H_

#include <stdio.h>
#include <sys/wait.h>

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/config_loader.h"
#include "gtest/gtest.h"
#include "stats_service/document/bulletin_document.h"
#include "stats_service/formats/document_style.h"
#include "tests/support/test_env.h"

namespace sgs::testing {

using ::sgs::stats::Attachment;
using ::sgs::stats::BulletinDocument;
using ::sgs::stats::CellKind;
using ::sgs::stats::Paragraph;
using ::sgs::stats::ParagraphStyle;
using ::sgs::stats::Table;
using ::sgs::stats::TableCell;

inline TableCell TextCell(std::string text) {
  TableCell cell;
  cell.text = std::move(text);
  return cell;
}

// A cell parsed from a printed figure ("756", "1.07%").
inline TableCell FigureCell(const std::string& text) {
  TableCell cell;
  cell.text = text;
  double value = 0;
  absl::string_view digits = text;
  if (absl::ConsumeSuffix(&digits, "%") && absl::SimpleAtod(digits, &value)) {
    cell.kind = CellKind::kPercent;
    cell.value = value;
  } else if (absl::SimpleAtod(text, &value)) {
    cell.kind = CellKind::kInteger;
    cell.value = value;
  }
  return cell;
}

// A TSV (heading line, rows, total row last) as a model table whose total
// row sums the count columns and computes the rate columns.
inline Table TableFromTsv(const std::string& tsv,
                          const std::vector<int>& sum_columns,
                          const std::vector<std::vector<int>>& ratios) {
  Table table;
  std::vector<std::string> lines =
      absl::StrSplit(tsv, '\n', absl::SkipWhitespace());
  table.column_headings = absl::StrSplit(lines[0], '\t');
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells = absl::StrSplit(lines[i], '\t');
    cells.resize(table.column_headings.size());
    std::vector<TableCell> row;
    for (const std::string& c : cells) row.push_back(FigureCell(c));
    table.rows.push_back(row);
  }
  table.last_row_is_total = true;
  auto& total = table.rows.back();
  for (int c : sum_columns) total[c].total = TableCell::Total::kSum;
  for (const auto& r : ratios) {
    total[r[0]].total = TableCell::Total::kRatioOfColumns;
    total[r[0]].numerator_column = r[1];
    total[r[0]].denominator_column = r[2];
  }
  return table;
}

inline Table EscalationTable(
    const std::vector<std::vector<std::string>>& rows) {
  Table table;
  table.column_headings = {"序号",     "督办事项", "单位",    "触发规则",
                           "相关数据", "连续期次", "反馈时限"};
  for (const auto& r : rows) {
    std::vector<TableCell> row;
    for (const std::string& c : r) row.push_back(TextCell(c));
    table.rows.push_back(row);
  }
  return table;
}

inline sgs::stats::TrendChart SampleTrend(
    const std::string& title, const std::vector<std::string>& units) {
  sgs::stats::TrendChart chart;
  chart.title = title;
  const int months[] = {8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7};
  for (int i = 0; i < 12; ++i) {
    sgs::stats::TrendPoint p;
    p.label = absl::StrCat(months[i], "月");
    p.has_records = i != 4;  // one month without records leaves a gap
    p.late_rate_percent = 2.0 + (i % 4) * 1.5;
    p.missed_rate_percent = 1.0 + (i % 3);
    p.pass_rate_percent = 100 - p.late_rate_percent - p.missed_rate_percent;
    chart.months.push_back(p);
  }
  double rate = 25;
  for (const std::string& u : units) {
    chart.top_late_units.push_back({u, rate});
    rate -= 4.5;
  }
  return chart;
}

// The July 2024 bulletin with an accountability section naming escalations
// of every kind.
inline BulletinDocument July2024Document() {
  BulletinDocument doc;
  doc.issuer_mark = "殷都区社会信用体系建设领导小组办公室文件";
  doc.document_number = "殷信用办〔2024〕14号";
  doc.title = "殷都区“双公示”工作7月份情况通报";
  doc.addressee = "殷都区社会信用体系建设各成员单位：";
  auto body = [&](ParagraphStyle style, std::string text) {
    doc.body.push_back(Paragraph{style, std::move(text)});
  };
  body(ParagraphStyle::kBody,
       "为进一步提升“双公示”数据报送质量，现将2024年7月份全区“双公示”工作情况通"
       "报如下：");
  body(ParagraphStyle::kHeading1, "一、全区7月份“双公示”信息质量情况");
  body(ParagraphStyle::kBody,
       "2024年7月1日至7月31日，向安阳市信用信息共享平台归集“双公示”信息756条，"
       "其中迟报信息1条，漏报信息8条，质量合格率为98.80%。");
  body(ParagraphStyle::kHeading1, "二、督办事项");
  body(ParagraphStyle::kHeading2, "（一）报送情况说明和整改方案的单位");
  body(
      ParagraphStyle::kBody,
      "市场监督局：迟报率高于20%（迟报率25.00%，迟报5条/"
      "共20条）；殷都区人社局：瞒报（国家抽查发现未报送决定2条）；殷都区城管局"
      "：有效异议（异议成立1件）。请于2024年8月12日前报送情况说明和整改方案。");
  body(ParagraphStyle::kHeading2, "（二）约谈主要负责人的单位");
  body(ParagraphStyle::kBody,
       "殷都区住建局：2024年6月、2024年7月连续两期迟报率高于20%（本期迟报率30."
       "00%，迟报6条/共20条）。");
  body(ParagraphStyle::kHeading2, "（三）全区督办事项");
  body(ParagraphStyle::kBody,
       "省级抽查发现全区未报送行政处罚决定3条，由区信用办统一督办。");
  body(ParagraphStyle::kHeading1, "三、下一步工作要求");
  body(ParagraphStyle::kHeading3, "1.提高认识。");
  body(ParagraphStyle::kBody,
       "各单位要严格按照“谁产生、谁提供、谁负责”的原则，在作出决定之日起7个工作"
       "日内报送。");
  body(ParagraphStyle::kHeading4, "（1）及时报送。");
  body(ParagraphStyle::kBody, "联系人：张三，电话：0372-5100000。");
  doc.attachment_notes = {
      "附件：1.2024年7月份各部门“双公示”数据报送情况统计表",
      "　　　2.2024年7月份各乡镇“双公示”数据报送情况统计表"};
  doc.signature = "殷都区社会信用体系建设领导小组办公室";
  doc.date_text = "2024年8月5日";
  doc.copy_to = "抄送：区纪委监委，区督查局。";
  doc.printer = "殷都区社会信用体系建设领导小组办公室";
  doc.print_date_text = "2024年8月5日";

  auto a1 = ReadFileToString(
      SourcePath("tests/stats_service/testdata/yindu-2024-07-attachment1.tsv"));
  auto a2 = ReadFileToString(
      SourcePath("tests/stats_service/testdata/yindu-2024-07-attachment2.tsv"));
  EXPECT_TRUE(a1.ok() && a2.ok());
  Attachment first;
  first.label = "附件1";
  first.title = "2024年7月份各部门“双公示”数据报送情况统计表";
  first.table = TableFromTsv(a1.ok() ? *a1 : "", {2, 3, 4, 5, 6, 7},
                             {{8, 2, 7}, {9, 3, 7}, {10, 4, 7}});
  first.table.landscape = true;
  Attachment second;
  second.label = "附件2";
  second.title = "2024年7月份各乡镇“双公示”数据报送情况统计表";
  second.table = TableFromTsv(a2.ok() ? *a2 : "", {2, 3}, {{4, 3, 2}});
  doc.attachments = {first, second};
  doc.escalation_list = EscalationTable({
      {"1", "报送情况说明和整改方案", "市场监督局", "迟报率高于20%",
       "迟报率25.00%（迟报5条/共20条）", "", "2024年8月12日"},
      {"2", "报送情况说明和整改方案", "殷都区人社局", "瞒报",
       "国家抽查发现未报送决定2条", "", "2024年8月12日"},
      {"3", "报送情况说明和整改方案", "殷都区城管局", "有效异议", "异议成立1件",
       "", "2024年8月12日"},
      {"4", "约谈主要负责人", "殷都区住建局", "连续两期迟报率高于20%",
       "迟报率30.00%（迟报6条/共20条）", "2024年6月、2024年7月", ""},
      {"5", "全区督办", "", "省级抽查发现未报送决定", "未报送3条", "", ""},
  });
  doc.has_trend_chart = true;
  doc.trend_chart = SampleTrend("殷都区近12个月“双公示”数据质量趋势",
                                {"殷都区住建局", "市场监督局", "殷都区人社局",
                                 "殷都区城管局", "殷都区农业农村局"});
  return doc;
}

// Another region at province level: counties as units, no township table.
inline BulletinDocument ProvinceDocument() {
  BulletinDocument doc;
  doc.issuer_mark = "河川省社会信用体系建设领导小组办公室文件";
  doc.document_number = "川信用办〔2024〕3号";
  doc.title = "河川省“双公示”工作7月份情况通报";
  doc.addressee = "各县（市、区）社会信用体系建设领导小组办公室：";
  doc.body = {
      {ParagraphStyle::kBody, "现将2024年7月份全省“双公示”工作情况通报如下："},
      {ParagraphStyle::kHeading1, "一、全省7月份“双公示”信息质量情况"},
      {ParagraphStyle::kBody,
       "2024年7月1日至7月31日，全省归集“双公示”信息1200条，质量合格率为96.50%"
       "。"},
  };
  doc.attachment_notes = {
      "附件：2024年7月份各县（市、区）“双公示”数据报送情况统计表"};
  doc.signature = "河川省社会信用体系建设领导小组办公室";
  doc.date_text = "2024年8月6日";
  doc.copy_to = "抄送：省纪委监委。";
  doc.printer = "河川省社会信用体系建设领导小组办公室";
  doc.print_date_text = "2024年8月6日";
  Attachment a;
  a.label = "附件1";
  a.title = "2024年7月份各县（市、区）“双公示”数据报送情况统计表";
  std::string tsv = "序号\t县（市、区）\t报送数据量\t合格数据量\t数据合格率\n";
  for (int i = 1; i <= 45; ++i) {
    absl::StrAppend(&tsv, i, "\t第", i, "县\t", 20 + i, "\t", 19 + i, "\t",
                    absl::StrFormat("%.2f%%", 100.0 * (19 + i) / (20 + i)),
                    "\n");
  }
  absl::StrAppend(&tsv, "\t全省合计\t1935\t1890\t97.67%\n");
  a.table = TableFromTsv(tsv, {2, 3}, {{4, 3, 2}});
  doc.attachments = {a};
  doc.escalation_list = EscalationTable({});
  doc.has_trend_chart = true;
  doc.trend_chart =
      SampleTrend("河川省近12个月“双公示”数据质量趋势", {"第7县", "第12县"});
  return doc;
}

inline sgs::stats::DocumentAssets ShippedAssets() {
  auto assets = sgs::stats::LoadDocumentAssets(
      SourcePath("config/document_style.textproto"));
  EXPECT_TRUE(assets.ok()) << assets.status();
  return assets.ok() ? *assets : sgs::stats::DocumentAssets{};
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout (stderr goes to the test log)
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    result.output.append(buffer, n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline bool HaveCommand(const std::string& name) {
  return RunCommand("command -v " + name + " >/dev/null 2>&1").exit_code == 0;
}

inline bool HavePythonModule(const std::string& module) {
  return RunCommand("/usr/bin/python3 -c 'import " + module +
                    "' >/dev/null 2>&1")
             .exit_code == 0;
}

// Writes bytes to dir/name and returns the path.
inline std::string WriteFile(const std::string& dir, const std::string& name,
                             const std::string& bytes) {
  const std::string path = dir + "/" + name;
  FILE* f = fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr) << path;
  if (f != nullptr) {
    EXPECT_EQ(fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
    fclose(f);
  }
  return path;
}

// Environment for LibreOffice and poppler so the standard's font names map
// to the installed fallbacks (config/fonts/sgs-fonts.conf), with a private
// LibreOffice profile so parallel tests do not share one.
inline std::string ReaderEnv(const std::string& dir) {
  return absl::StrCat("FONTCONFIG_FILE=", SourcePath("config/fonts/fonts.conf"),
                      " HOME=", dir, " ");
}

}  // namespace sgs::testing

#endif  // SGS_TESTS_STATS_SERVICE_SAMPLE_DOCUMENTS_H_
