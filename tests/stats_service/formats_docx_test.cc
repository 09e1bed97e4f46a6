// The DOCX writer, read back by real readers: python3-docx for the GB/T
// 9704 elements, styles, sections, tables and footers; unzip for the raw
// package (red line, 版记 frame, embedded chart); the template rebuilt from
// its parts; an office's own template; a second region.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/formats/docx_writer.h"
#include "stats_service/formats/trend_chart.h"
#include "stats_service/formats/zip_package.h"
#include "tests/stats_service/sample_documents.h"

namespace sgs::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string RenderDocx(const BulletinDocument& doc,
                       const sgs::stats::DocumentAssets& assets) {
  auto png = sgs::stats::RenderTrendChartPng(doc.trend_chart, assets.style);
  EXPECT_TRUE(png.ok()) << png.status();
  auto docx = sgs::stats::WriteBulletinDocx(doc, assets, png.ok() ? *png : "");
  EXPECT_TRUE(docx.ok()) << docx.status();
  return docx.ok() ? *docx : "";
}

// The inspector's lines, split on '|'.
std::vector<std::vector<std::string>> Inspect(const std::string& path) {
  CommandResult r = RunCommand(absl::StrCat(
      "/usr/bin/python3 ",
      SourcePath("tests/stats_service/tools/inspect_docx.py"), " ", path));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::vector<std::string>> lines;
  for (absl::string_view line : absl::StrSplit(r.output, '\n')) {
    if (!line.empty()) lines.push_back(absl::StrSplit(line, '|'));
  }
  return lines;
}

std::vector<std::vector<std::string>> Kind(
    const std::vector<std::vector<std::string>>& lines, const std::string& k) {
  std::vector<std::vector<std::string>> out;
  for (const auto& l : lines) {
    if (l[0] == k) out.push_back(l);
  }
  return out;
}

// The text of the paragraph with `style`, in order.
std::vector<std::string> TextsOf(
    const std::vector<std::vector<std::string>>& lines,
    const std::string& style) {
  std::vector<std::string> out;
  for (const auto& l : Kind(lines, "P")) {
    if (l[1] == style) out.push_back(l[3]);
  }
  return out;
}

TEST(FormatsDocx, HasEveryGbt9704ElementReadByPythonDocx) {
  if (!HavePythonModule("docx")) GTEST_SKIP() << "python3-docx not installed";
  TempDir dir;
  const BulletinDocument doc = July2024Document();
  const std::string path =
      WriteFile(dir.path(), "bulletin.docx", RenderDocx(doc, ShippedAssets()));
  const auto lines = Inspect(path);
  ASSERT_FALSE(lines.empty());

  // 发文机关标志, 发文字号, 标题, 主送机关 in the standard's order.
  const auto paragraphs = Kind(lines, "P");
  ASSERT_GT(paragraphs.size(), 10u);
  EXPECT_EQ(paragraphs[0][1], "SgsIssuerMark");
  EXPECT_EQ(paragraphs[0][3], doc.issuer_mark);
  EXPECT_THAT(TextsOf(lines, "SgsDocumentNumber"),
              ::testing::ElementsAre("殷信用办〔2024〕14号"));
  EXPECT_THAT(TextsOf(lines, "SgsTitle"), ::testing::ElementsAre(doc.title));
  EXPECT_THAT(TextsOf(lines, "SgsAddressee"),
              ::testing::ElementsAre(doc.addressee));
  // Headings of the four levels, each in its style.
  EXPECT_THAT(TextsOf(lines, "SgsHeading1"),
              ::testing::ElementsAre("一、全区7月份“双公示”信息质量情况",
                                     "二、督办事项", "三、下一步工作要求"));
  EXPECT_EQ(TextsOf(lines, "SgsHeading2").size(), 3u);
  EXPECT_THAT(TextsOf(lines, "SgsHeading3"),
              ::testing::ElementsAre("1.提高认识。"));
  EXPECT_THAT(TextsOf(lines, "SgsHeading4"),
              ::testing::ElementsAre("（1）及时报送。"));
  // Every escalated unit named in the body.
  std::string body;
  for (const std::string& t : TextsOf(lines, "SgsBody")) body += t;
  for (const char* unit : {"市场监督局", "殷都区人社局", "殷都区城管局",
                           "殷都区住建局", "省级抽查"}) {
    EXPECT_THAT(body, HasSubstr(unit));
  }
  EXPECT_THAT(TextsOf(lines, "SgsAttachmentNote"),
              ::testing::ElementsAreArray(doc.attachment_notes));
  EXPECT_THAT(TextsOf(lines, "SgsSignature"),
              ::testing::ElementsAre(doc.signature));
  EXPECT_THAT(TextsOf(lines, "SgsDate"),
              ::testing::ElementsAre("2024年8月5日"));
  EXPECT_THAT(TextsOf(lines, "SgsAttachmentLabel"),
              ::testing::ElementsAre("附件1", "附件2"));
  EXPECT_THAT(TextsOf(lines, "SgsAttachmentTitle"),
              ::testing::ElementsAre(doc.attachments[0].title,
                                     doc.attachments[1].title));
  // 版记: 抄送 and 印发机关 + 印发日期 on one line.
  EXPECT_THAT(
      Kind(lines, "IMPRINT"),
      ::testing::ElementsAre(
          std::vector<std::string>{"IMPRINT", "SgsImprint",
                                   "抄送：区纪委监委，区督查局。"},
          std::vector<std::string>{
              "IMPRINT", "SgsImprint",
              "殷都区社会信用体系建设领导小组办公室\t2024年8月5日印发"}));
  // The date is right-aligned (right-indented 4 characters in the style).
  for (const auto& p : paragraphs) {
    if (p[1] == "SgsTitle" || p[1] == "SgsIssuerMark" ||
        p[1] == "SgsDocumentNumber") {
      EXPECT_EQ(p[2], "CENTER (1)") << p[1];
    }
  }

  // Fonts by the standard's names, sizes by the standard.
  std::map<std::string, std::vector<std::string>> styles;
  for (const auto& s : Kind(lines, "STYLE")) styles[s[1]] = s;
  EXPECT_EQ(styles["SgsIssuerMark"][2], "方正小标宋简体");
  EXPECT_EQ(styles["SgsIssuerMark"][5], "FF0000");
  EXPECT_EQ(styles["SgsTitle"][2], "方正小标宋简体");
  EXPECT_EQ(styles["SgsTitle"][3], "22.0");
  EXPECT_EQ(styles["SgsBody"][2], "仿宋_GB2312");
  EXPECT_EQ(styles["SgsBody"][3], "16.0");
  EXPECT_EQ(styles["SgsDocumentNumber"][3], "16.0");
  EXPECT_EQ(styles["SgsHeading1"][2], "黑体");
  EXPECT_EQ(styles["SgsHeading2"][2], "楷体_GB2312");
  EXPECT_EQ(styles["SgsHeading3"][2], "仿宋_GB2312");
  EXPECT_EQ(styles["SgsAttachmentLabel"][2], "黑体");
  EXPECT_EQ(styles["SgsImprint"][3], "14.0");
  EXPECT_EQ(styles["SgsPageNumber"][3], "14.0");

  // A4 portrait with the standard's margins; Attachment 1 in a landscape
  // section, and back to portrait for the 版记.
  const auto sections = Kind(lines, "SECTION");
  ASSERT_EQ(sections.size(), 3u);
  EXPECT_EQ(sections[0],
            (std::vector<std::string>{"SECTION", "PORTRAIT (0)", "210", "297",
                                      "37", "35", "28", "26"}));
  EXPECT_EQ(sections[1][1], "LANDSCAPE (1)");
  EXPECT_EQ(sections[1][2], "297");
  EXPECT_EQ(sections[1][3], "210");
  EXPECT_EQ(sections[2][1], "PORTRAIT (0)");

  // Attachments as tables whose heading row repeats on every page.
  const auto tables = Kind(lines, "TABLE");
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0],
            (std::vector<std::string>{"TABLE", "27", "11", "True", "部门"}));
  EXPECT_EQ(tables[1],
            (std::vector<std::string>{"TABLE", "12", "5", "True", "乡镇"}));
  // Page numbers "— 1 —": odd right, even left, different odd/even footers.
  EXPECT_THAT(
      Kind(lines, "FOOTER"),
      ::testing::ElementsAre(
          std::vector<std::string>{"FOOTER", "odd", "— 1 —", "RIGHT (2)"},
          std::vector<std::string>{"FOOTER", "even", "— 1 —", "LEFT (0)"}));
  EXPECT_THAT(
      Kind(lines, "EVEN_ODD"),
      ::testing::ElementsAre(std::vector<std::string>{"EVEN_ODD", "True"}));
  // The trend chart, embedded.
  EXPECT_THAT(Kind(lines, "IMAGES"),
              ::testing::ElementsAre(std::vector<std::string>{"IMAGES", "1"}));
}

TEST(FormatsDocx, PackageCarriesRedLineFrameAndChart) {
  if (!HaveCommand("unzip")) GTEST_SKIP() << "unzip not installed";
  TempDir dir;
  const std::string path = WriteFile(
      dir.path(), "b.docx", RenderDocx(July2024Document(), ShippedAssets()));
  CommandResult list = RunCommand("unzip -l " + path);
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_THAT(list.output, HasSubstr("word/media/sgs_trend_chart.png"));
  CommandResult styles = RunCommand("unzip -p " + path + " word/styles.xml");
  // The red separator line under the 发文字号, as wide as the type area.
  EXPECT_THAT(styles.output, ::testing::ContainsRegex(
                                 "SgsDocumentNumber.*<w:pBdr><w:bottom "
                                 "w:val=\"single\"[^>]*w:color=\"FF0000\""));
  CommandResult document =
      RunCommand("unzip -p " + path + " word/document.xml");
  // The 版记 floats at the foot of the page.
  EXPECT_THAT(
      document.output,
      ::testing::ContainsRegex(
          "<w:tblpPr w:vertAnchor=\"margin\"[^>]*w:tblpY=\"1[0-9]{4}\""));
  EXPECT_THAT(document.output, HasSubstr("<w:tblHeader/>"));
  EXPECT_THAT(document.output, HasSubstr("<w:pgNumType w:start=\"1\"/>"));
  // The 20-character issuer mark is narrowed to fit one line.
  EXPECT_THAT(document.output,
              ::testing::ContainsRegex("<w:w w:val=\"[5-9][0-9]\"/>"));
  EXPECT_THAT(document.output, Not(HasSubstr("{{")));
  CommandResult fonts = RunCommand("unzip -p " + path + " word/fontTable.xml");
  EXPECT_THAT(fonts.output,
              HasSubstr("<w:font w:name=\"仿宋_GB2312\"><w:altName "
                        "w:val=\"Noto Serif CJK SC\"/>"));
}

TEST(FormatsDocx, ShippedTemplateIsBuiltFromItsParts) {
  if (!HaveCommand("unzip") || !HaveCommand("python3")) GTEST_SKIP();
  TempDir dir;
  const std::string rebuilt = dir.path() + "/rebuilt.docx";
  ASSERT_EQ(RunCommand(absl::StrCat(SourcePath("scripts/make_docx_template.sh"),
                                    " ", SourcePath("config/docx_template"),
                                    " ", rebuilt, " >/dev/null"))
                .exit_code,
            0);
  auto shipped = ReadFileToString(SourcePath("config/bulletin_template.docx"));
  auto fresh = ReadFileToString(rebuilt);
  ASSERT_TRUE(shipped.ok() && fresh.ok());
  auto a = sgs::stats::ReadZipPackage(*shipped, 1 << 24);
  auto b = sgs::stats::ReadZipPackage(*fresh, 1 << 24);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->entries, b->entries)
      << "config/bulletin_template.docx is stale: run "
         "scripts/make_docx_template.sh";
}

TEST(FormatsDocx, KeepsAnOfficesOwnRedHeaderAndRejectsATemplateWithoutBody) {
  if (!HaveCommand("unzip")) GTEST_SKIP();
  sgs::stats::DocumentAssets assets = ShippedAssets();
  auto package = sgs::stats::ReadZipPackage(assets.docx_template, 1 << 24);
  ASSERT_TRUE(package.ok());
  std::string* document = package->Find("word/document.xml");
  ASSERT_NE(document, nullptr);
  // The office writes its own header text instead of the placeholder.
  const std::string own = absl::StrReplaceAll(
      *document, {{"{{发文机关标志}}", "本机关自定义红头文件"}});
  package->Put("word/document.xml", own);
  auto own_template = sgs::stats::WriteZipPackage(*package);
  ASSERT_TRUE(own_template.ok());
  assets.docx_template = *own_template;
  TempDir dir;
  const std::string path =
      WriteFile(dir.path(), "own.docx", RenderDocx(July2024Document(), assets));
  CommandResult xml = RunCommand("unzip -p " + path + " word/document.xml");
  EXPECT_THAT(xml.output, HasSubstr("本机关自定义红头文件"));
  EXPECT_THAT(xml.output, HasSubstr("殷信用办〔2024〕14号"));

  package->Put("word/document.xml",
               absl::StrReplaceAll(*document, {{"{{正文}}", "正文"}}));
  auto broken = sgs::stats::WriteZipPackage(*package);
  ASSERT_TRUE(broken.ok());
  assets.docx_template = *broken;
  auto result = sgs::stats::WriteBulletinDocx(July2024Document(), assets, "");
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("{{正文}}"));

  assets.docx_template = "not a zip";
  EXPECT_EQ(sgs::stats::WriteBulletinDocx(July2024Document(), assets, "")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FormatsDocx, SecondRegionCarriesNoWordOfTheShippedDistrict) {
  if (!HaveCommand("unzip")) GTEST_SKIP();
  TempDir dir;
  const std::string path = WriteFile(
      dir.path(), "p.docx", RenderDocx(ProvinceDocument(), ShippedAssets()));
  CommandResult xml = RunCommand("unzip -p " + path + " word/document.xml");
  EXPECT_THAT(xml.output, HasSubstr("河川省"));
  EXPECT_THAT(xml.output, HasSubstr("全省"));
  for (const char* word : {"殷都", "全区", "乡镇", "部门总计"}) {
    EXPECT_THAT(xml.output, Not(HasSubstr(word))) << word;
  }
}

TEST(FormatsDocx, FontFallbacksForReadersMatchTheStyle) {
  auto conf = ReadFileToString(SourcePath("config/fonts/fonts.conf"));
  ASSERT_TRUE(conf.ok());
  const auto& s = ShippedAssets().style;
  for (const auto* role : {&s.issuer_mark(), &s.title(), &s.body(),
                           &s.heading1(), &s.heading2(), &s.page_number()}) {
    ASSERT_FALSE(role->fallbacks().empty());
    EXPECT_THAT(*conf, HasSubstr(absl::StrCat("<family>", role->name(),
                                              "</family><prefer><family>",
                                              role->fallbacks(0))))
        << role->name();
  }
}

}  // namespace
}  // namespace sgs::testing
