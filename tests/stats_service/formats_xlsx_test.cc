// The XLSX attachments and the escalation CSV, read back with openpyxl and
// from the package XML: A4 landscape, one page wide, heading rows repeated,
// merged centred title, the 附件 label, a CJK font, totals as formulas that
// carry their computed values, and the 督办清单 sheet.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/formats/csv_writer.h"
#include "stats_service/formats/xlsx_writer.h"
#include "tests/stats_service/sample_documents.h"

namespace sgs::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string RenderXlsx(const BulletinDocument& doc) {
  auto xlsx = sgs::stats::WriteBulletinXlsx(doc, ShippedAssets());
  EXPECT_TRUE(xlsx.ok()) << xlsx.status();
  return xlsx.ok() ? *xlsx : "";
}

std::vector<std::vector<std::string>> InspectXlsx(const std::string& path) {
  CommandResult r = RunCommand(absl::StrCat(
      "/usr/bin/python3 ",
      SourcePath("tests/stats_service/tools/inspect_xlsx.py"), " ", path));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::vector<std::string>> lines;
  for (absl::string_view line : absl::StrSplit(r.output, '\n')) {
    if (!line.empty()) lines.push_back(absl::StrSplit(line, '|'));
  }
  return lines;
}

std::vector<std::string> Find(const std::vector<std::vector<std::string>>& l,
                              const std::string& kind, const std::string& a,
                              const std::string& b) {
  for (const auto& line : l) {
    if (line[0] == kind && line[1] == a && line[2] == b) return line;
  }
  return {};
}

TEST(FormatsXlsx, PrintReadyAttachmentsReadByOpenpyxl) {
  if (!HavePythonModule("openpyxl")) GTEST_SKIP() << "python3-openpyxl missing";
  TempDir dir;
  const std::string path =
      WriteFile(dir.path(), "a.xlsx", RenderXlsx(July2024Document()));
  const auto lines = InspectXlsx(path);
  std::vector<std::string> sheets;
  for (const auto& l : lines) {
    if (l[0] != "SHEET") continue;
    sheets.push_back(l[1]);
    // landscape, A4 (9), one page wide, any height, heading rows repeated.
    EXPECT_EQ(l[2], "landscape") << l[1];
    EXPECT_EQ(l[3], "9") << l[1];
    // fitToWidth 1 is the OOXML default, so the writer leaves it out.
    EXPECT_THAT(l[4], ::testing::AnyOf("1", "None")) << l[1];
    EXPECT_EQ(l[5], "0") << l[1];
    EXPECT_EQ(l[6], "True") << l[1];
    EXPECT_EQ(l[7], "$1:$3") << l[1];
  }
  EXPECT_THAT(sheets, ElementsAre("附件1", "附件2", "督办清单"));
  // Label, merged centred title.
  EXPECT_EQ(Find(lines, "CELL", "附件1", "A1").at(3), "附件1");
  EXPECT_EQ(Find(lines, "MERGED", "附件1", "A2:K2").size(), 3u);
  EXPECT_EQ(Find(lines, "MERGED", "附件2", "A2:E2").size(), 3u);
  EXPECT_THAT(Find(lines, "CELL", "附件1", "A2").at(3),
              HasSubstr("各部门“双公示”数据报送情况统计表"));
  // Rows: 1 label, 2 title, 3 headings, 4..28 departments, 29 total.
  const auto name = Find(lines, "CELL", "附件1", "B4");
  EXPECT_EQ(name.at(3), "殷都区教育局");
  EXPECT_EQ(name.at(5), "仿宋_GB2312");
  const auto late_total = Find(lines, "CELL", "附件1", "C29");
  EXPECT_EQ(late_total.at(3), "=SUM(C4:C28)");
  EXPECT_EQ(late_total.at(4), "1");
  EXPECT_EQ(Find(lines, "CELL", "附件1", "H29").at(4), "756");
  const auto pass_total = Find(lines, "CELL", "附件1", "K29");
  EXPECT_EQ(pass_total.at(3), "=IF(H29=0,0,E29/H29)");
  EXPECT_EQ(pass_total.at(4), "0.988");
  EXPECT_EQ(Find(lines, "CELL", "附件2", "E14").at(3), "=IF(C14=0,0,D14/C14)");
  // The escalations, one row each.
  EXPECT_EQ(Find(lines, "CELL", "督办清单", "C7").at(3), "殷都区住建局");
  EXPECT_EQ(Find(lines, "CELL", "督办清单", "F7").at(3),
            "2024年6月、2024年7月");
}

TEST(FormatsXlsx, ColumnsFitTheUnitNames) {
  if (!HaveCommand("unzip")) GTEST_SKIP();
  TempDir dir;
  const std::string path =
      WriteFile(dir.path(), "a.xlsx", RenderXlsx(July2024Document()));
  CommandResult sheet =
      RunCommand("unzip -p " + path + " xl/worksheets/sheet1.xml");
  // Column B holds names up to 12 CJK characters: at least 24 units wide.
  EXPECT_THAT(sheet.output,
              ::testing::ContainsRegex("<col min=\"2\" max=\"2\" "
                                       "width=\"(2[4-9]|[3-5][0-9])"));
  EXPECT_THAT(sheet.output, HasSubstr("<pageSetup paperSize=\"9\""));
  EXPECT_THAT(sheet.output, HasSubstr("orientation=\"landscape\""));
  EXPECT_THAT(sheet.output, HasSubstr("fitToHeight=\"0\""));
  EXPECT_THAT(sheet.output, HasSubstr("<pageSetUpPr fitToPage=\"1\"/>"));
  EXPECT_THAT(sheet.output, Not(HasSubstr("fitToWidth=")));
}

TEST(FormatsXlsx, SecondRegionHasOnlyItsCountyTable) {
  if (!HavePythonModule("openpyxl")) GTEST_SKIP();
  TempDir dir;
  const std::string path =
      WriteFile(dir.path(), "p.xlsx", RenderXlsx(ProvinceDocument()));
  const auto lines = InspectXlsx(path);
  std::string all;
  for (const auto& l : lines) all += absl::StrJoin(l, "|") + "\n";
  EXPECT_THAT(all, HasSubstr("县（市、区）"));
  EXPECT_THAT(all, HasSubstr("全省合计"));
  for (const char* word : {"殷都", "全区", "乡镇", "部门总计", "附件2"}) {
    EXPECT_THAT(all, Not(HasSubstr(word))) << word;
  }
}

TEST(FormatsCsv, EscalationListWithBom) {
  const std::string csv = sgs::stats::WriteEscalationCsv(July2024Document());
  ASSERT_GT(csv.size(), 3u);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  std::vector<std::string> lines = absl::StrSplit(csv.substr(3), "\r\n");
  ASSERT_EQ(lines.size(), 7u);  // heading, 5 rows, trailing empty
  EXPECT_EQ(lines[0], "序号,督办事项,单位,触发规则,相关数据,连续期次,反馈时限");
  EXPECT_THAT(lines[4], HasSubstr("殷都区住建局,连续两期迟报率高于20%"));
  EXPECT_THAT(lines[4], HasSubstr("2024年6月、2024年7月"));
}

}  // namespace
}  // namespace sgs::testing
