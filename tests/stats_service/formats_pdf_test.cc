// The PDF writer and the trend chart, read back with poppler: the text
// (pdftotext) holds every element in order and no half-width punctuation
// in Chinese prose, every font is embedded and CJK (pdffonts), pages are A4
// with Attachment 1 landscape (pdfinfo), pages numbered "— n —".
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/formats/pdf_writer.h"
#include "stats_service/formats/trend_chart.h"
#include "tests/stats_service/sample_documents.h"

namespace sgs::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string RenderPdf(const BulletinDocument& doc) {
  auto pdf = sgs::stats::WriteBulletinPdf(doc, ShippedAssets());
  EXPECT_TRUE(pdf.ok()) << pdf.status();
  return pdf.ok() ? *pdf : "";
}

TEST(FormatsPdf, TextFontsAndPagesReadByPoppler) {
  if (!HaveCommand("pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  TempDir dir;
  const BulletinDocument doc = July2024Document();
  const std::string path = WriteFile(dir.path(), "b.pdf", RenderPdf(doc));
  CommandResult text = RunCommand("pdftotext -enc UTF-8 " + path + " -");
  ASSERT_EQ(text.exit_code, 0);
  const std::string& t = text.output;
  std::string flat = absl::StrReplaceAll(t, {{"\n", ""}, {" ", ""}});
  for (const std::string& s :
       {doc.document_number, doc.title, doc.addressee, doc.signature,
        doc.date_text, doc.copy_to, std::string("2024年8月5日印发"),
        std::string("附件1"), std::string("附件2"), doc.attachments[0].title,
        std::string("二、督办事项"), std::string("迟报率高于20%"),
        std::string("殷都区住建局"), std::string("部门总计"),
        doc.trend_chart.title}) {
    EXPECT_THAT(flat, HasSubstr(absl::StrReplaceAll(s, {{" ", ""}}))) << s;
  }
  // The narrowed red header comes out as its characters.
  EXPECT_THAT(flat, HasSubstr("殷都区社会信用体系建设领导小组办公室文件"));
  // Order: header, title, body, signature, attachments, 版记.
  EXPECT_LT(flat.find(doc.title), flat.find("二、督办事项"));
  EXPECT_LT(flat.find("二、督办事项"), flat.find(doc.date_text));
  EXPECT_LT(flat.find("附件1"), flat.find("抄送："));
  // Page numbers.
  EXPECT_THAT(t, ::testing::ContainsRegex("— ?1 ?—"));
  EXPECT_THAT(t, ::testing::ContainsRegex("— ?2 ?—"));
  // No half-width punctuation next to Chinese text.
  for (const char* p : {",", ":", ";", "(", ")"}) {
    for (absl::string_view line : absl::StrSplit(t, '\n')) {
      if (!absl::StrContains(line, p)) continue;
      EXPECT_FALSE(sgs::stats::EstimateWidthEm(line) >
                   static_cast<double>(sgs::stats::CodePointCount(line)) / 2 +
                       0.1)
          << "half-width '" << p << "' in Chinese line: " << line;
    }
  }

  CommandResult fonts = RunCommand("pdffonts " + path);
  ASSERT_EQ(fonts.exit_code, 0);
  EXPECT_THAT(fonts.output, HasSubstr("NotoSerifCJK"));
  EXPECT_THAT(fonts.output, HasSubstr("NotoSansCJK"));
  int font_lines = 0;
  std::vector<std::string> lines = absl::StrSplit(fonts.output, '\n');
  for (size_t i = 2; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    ++font_lines;
    // Columns: name type encoding emb sub uni object ID.
    std::vector<std::string> cols =
        absl::StrSplit(lines[i], ' ', absl::SkipEmpty());
    ASSERT_GE(cols.size(), 7u) << lines[i];
    EXPECT_EQ(cols[cols.size() - 5], "yes") << "not embedded: " << lines[i];
  }
  EXPECT_GT(font_lines, 1);

  CommandResult info = RunCommand("pdfinfo -f 1 -l 99 " + path);
  ASSERT_EQ(info.exit_code, 0);
  EXPECT_THAT(info.output, ::testing::ContainsRegex(
                               "Page +1 size: +595\\.[0-9]+ x 841\\.[0-9]+"));
  EXPECT_THAT(info.output,
              ::testing::ContainsRegex("size: +841\\.[0-9]+ x 595\\.[0-9]+"));
}

TEST(FormatsPdf, SecondRegionCarriesNoWordOfTheShippedDistrict) {
  if (!HaveCommand("pdftotext")) GTEST_SKIP();
  TempDir dir;
  const std::string path =
      WriteFile(dir.path(), "p.pdf", RenderPdf(ProvinceDocument()));
  CommandResult text = RunCommand("pdftotext -enc UTF-8 " + path + " -");
  EXPECT_THAT(text.output, HasSubstr("全省"));
  for (const char* word : {"殷都", "全区", "乡镇", "部门总计"}) {
    EXPECT_THAT(text.output, Not(HasSubstr(word))) << word;
  }
  // 45 counties run over a page: the heading row is repeated.
  size_t headings = 0;
  for (size_t at = text.output.find("报送数据量"); at != std::string::npos;
       at = text.output.find("报送数据量", at + 1)) {
    ++headings;
  }
  EXPECT_GE(headings, 2u);
}

TEST(FormatsChart, PngAndSvgOfTheTrend) {
  const auto style = ShippedAssets().style;
  const BulletinDocument doc = July2024Document();
  auto png = sgs::stats::RenderTrendChartPng(doc.trend_chart, style);
  ASSERT_TRUE(png.ok()) << png.status();
  ASSERT_GT(png->size(), 24u);
  EXPECT_EQ(png->substr(0, 8), "\x89PNG\r\n\x1a\n");
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>((*png)[at]) << 24) |
           (static_cast<unsigned char>((*png)[at + 1]) << 16) |
           (static_cast<unsigned char>((*png)[at + 2]) << 8) |
           static_cast<unsigned char>((*png)[at + 3]);
  };
  EXPECT_EQ(be32(16), static_cast<unsigned>(style.chart_width_px()));
  EXPECT_EQ(be32(20), static_cast<unsigned>(style.chart_height_px()));
  auto svg = sgs::stats::RenderTrendChartSvg(doc.trend_chart, style);
  ASSERT_TRUE(svg.ok()) << svg.status();
  EXPECT_THAT(*svg, HasSubstr("<svg"));
  if (HaveCommand("pdftotext")) {
    // The chart's labels in the PDF, drawn as text: units and months.
    TempDir dir;
    const std::string path = WriteFile(dir.path(), "c.pdf", RenderPdf(doc));
    CommandResult text = RunCommand("pdftotext -enc UTF-8 " + path + " -");
    EXPECT_THAT(text.output, HasSubstr("迟报率最高的单位"));
    EXPECT_THAT(text.output, HasSubstr("殷都区农业农村局"));
    EXPECT_THAT(text.output, HasSubstr("12月"));
  }
}

}  // namespace
}  // namespace sgs::testing
