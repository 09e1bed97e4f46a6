// The rendered DOCX and XLSX opened by LibreOffice headless (Debian's
// libreoffice-writer-nogui / -calc-nogui) and converted to PDF, whose text
// poppler reads back: a broken package fails here. Skipped when soffice is
// not installed (scripts/install_deps.sh installs it for CI).
#include <stdlib.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/formats/docx_writer.h"
#include "stats_service/formats/pdf_writer.h"
#include "stats_service/formats/trend_chart.h"
#include "stats_service/formats/xlsx_writer.h"
#include "tests/stats_service/sample_documents.h"

namespace sgs::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

// Converts `path` to PDF in `dir` and returns the PDF's text (flattened).
std::string ConvertedText(const std::string& dir, const std::string& path,
                          const std::string& pdf_name, std::string* info) {
  CommandResult convert = RunCommand(
      absl::StrCat(ReaderEnv(dir), "soffice -env:UserInstallation=file://", dir,
                   "/lo-profile --headless --convert-to pdf --outdir ", dir,
                   " ", path, " 2>&1"));
  EXPECT_EQ(convert.exit_code, 0) << convert.output;
  const std::string pdf = absl::StrCat(dir, "/", pdf_name);
  CommandResult text = RunCommand("pdftotext -enc UTF-8 " + pdf + " -");
  EXPECT_EQ(text.exit_code, 0) << "no PDF from LibreOffice: " << convert.output;
  *info = RunCommand("pdfinfo -f 1 -l 99 " + pdf).output;
  return text.output;
}

TEST(FormatsLibreOffice, ConvertsTheDocxToPdfWithEveryElement) {
  if (!HaveCommand("soffice") || !HaveCommand("pdftotext")) {
    GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils not installed";
  }
  TempDir dir;
  const auto assets = ShippedAssets();
  const BulletinDocument doc = July2024Document();
  auto png = sgs::stats::RenderTrendChartPng(doc.trend_chart, assets.style);
  ASSERT_TRUE(png.ok());
  auto docx = sgs::stats::WriteBulletinDocx(doc, assets, *png);
  ASSERT_TRUE(docx.ok()) << docx.status();
  const std::string path = WriteFile(dir.path(), "bulletin.docx", *docx);
  std::string info;
  const std::string text =
      ConvertedText(dir.path(), path, "bulletin.pdf", &info);
  const std::string flat = absl::StrReplaceAll(text, {{"\n", ""}, {" ", ""}});
  for (const std::string& s :
       {doc.issuer_mark, doc.document_number, doc.title, doc.addressee,
        std::string("二、督办事项"), std::string("殷都区住建局"),
        std::string("迟报率高于20%"), doc.signature, doc.date_text,
        std::string("附件1"), std::string("部门总计"), std::string("附件2"),
        std::string("抄送：区纪委监委，区督查局。"),
        std::string("2024年8月5日印发")}) {
    EXPECT_THAT(flat, HasSubstr(absl::StrReplaceAll(s, {{" ", ""}}))) << s;
  }
  // Page numbers (pdftotext drops the thin spaces inside "— 1 —").
  EXPECT_THAT(text, ContainsRegex("— ?1 ?—"));
  EXPECT_THAT(text, ContainsRegex("— ?2 ?—"));
  EXPECT_THAT(info,
              ContainsRegex("Page +1 size: +595\\.[0-9]+ x 841\\.[0-9]+"));
  EXPECT_THAT(info, ContainsRegex("size: +841\\.[0-9]+ x 595\\.[0-9]+"));
}

TEST(FormatsLibreOffice, PrintsTheXlsxOnLandscapePages) {
  if (!HaveCommand("soffice") || !HaveCommand("pdftotext")) {
    GTEST_SKIP() << "LibreOffice (soffice) or poppler-utils not installed";
  }
  TempDir dir;
  auto xlsx =
      sgs::stats::WriteBulletinXlsx(July2024Document(), ShippedAssets());
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  const std::string path = WriteFile(dir.path(), "attachments.xlsx", *xlsx);
  std::string info;
  const std::string text =
      ConvertedText(dir.path(), path, "attachments.pdf", &info);
  EXPECT_THAT(text, HasSubstr("部门总计"));
  EXPECT_THAT(text, HasSubstr("殷都区住建局"));
  // Every page landscape, the title whole on the first one.
  EXPECT_THAT(info,
              ContainsRegex("Page +1 size: +841\\.[0-9]+ x 595\\.[0-9]+"));
  EXPECT_THAT(info, ::testing::Not(ContainsRegex("size: +595\\.[0-9]+ x 841")));
  EXPECT_THAT(absl::StrReplaceAll(text, {{"\n", ""}, {" ", ""}}),
              HasSubstr("2024年7月份各部门“双公示”数据报送情况统计表"));
}

// Writes the sample documents for scripts/render_docs_images.sh when
// SGS_RENDER_DOCS_DIR names a directory; otherwise checks that each one is
// produced (so the script never fails on a writer error first seen there).
TEST(FormatsSamples, WritesEveryFormatOfTheJulySample) {
  const char* out = getenv("SGS_RENDER_DOCS_DIR");
  TempDir dir;
  const std::string target = out != nullptr && *out != '\0' ? out : dir.path();
  const auto assets = ShippedAssets();
  const BulletinDocument doc = July2024Document();
  auto png = sgs::stats::RenderTrendChartPng(doc.trend_chart, assets.style);
  auto docx = sgs::stats::WriteBulletinDocx(doc, assets, png.ok() ? *png : "");
  auto pdf = sgs::stats::WriteBulletinPdf(doc, assets);
  auto xlsx = sgs::stats::WriteBulletinXlsx(doc, assets);
  ASSERT_TRUE(png.ok() && docx.ok() && pdf.ok() && xlsx.ok());
  WriteFile(target, "trend_chart.png", *png);
  WriteFile(target, "bulletin.docx", *docx);
  WriteFile(target, "bulletin.pdf", *pdf);
  WriteFile(target, "attachments.xlsx", *xlsx);
}

}  // namespace
}  // namespace sgs::testing
