// Every document format through the real interface: records back-filled
// into a real ingest service (RocksDB in a temp dir), RenderBulletin over
// gRPC on a real port, and the files opened with real readers. A unit late
// above the threshold in June and July (explanation + interview), one late
// in July only, one with a concealed record: each is named with its rule
// and figures in the DOCX and the PDF, listed in the CSV and the XLSX's
// 督办清单; the chart carries the region's 12 months.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/period.h"
#include "tests/stats_service/sample_documents.h"
#include "tests/stats_service/seed_tables.h"
#include "tests/stats_service/stats_env.h"

namespace sgs::testing {
namespace {

using ::testing::HasSubstr;

class FormatsRpcTest : public ::testing::Test {
 protected:
  void SetUp() override { env_.Backfill(TwoMonthEscalationRecords()); }

  sgs::v1::RenderBulletinResponse Render(sgs::v1::BulletinFormat format) {
    sgs::v1::RenderBulletinResponse response;
    const grpc::Status status =
        env_.Render(sgs::stats::MonthPeriod(2024, 7), format, &response,
                    Numbered("殷信用办〔2024〕14号"));
    EXPECT_TRUE(status.ok()) << format << ": " << status.error_message();
    return response;
  }

  StatsEnv env_;
  TempDir dir_;
};

void ExpectEscalationsNamed(const std::string& text) {
  const std::string flat =
      absl::StrReplaceAll(text, {{"\n", ""}, {" ", ""}, {"\f", ""}});
  for (const char* s : {"二、督办事项", "林业局：迟报率高于20%", "50.00%",
                        "水利局：迟报率高于20%", "应急局：存在瞒报问题",
                        "2024年6月、2024年7月"}) {
    EXPECT_THAT(flat, HasSubstr(s));
  }
}

TEST_F(FormatsRpcTest, DocxPdfChartCsvAndXlsxOfTheMonth) {
  const auto docx = Render(sgs::v1::DOCX);
  EXPECT_EQ(docx.filename(), "殷都区双公示通报-2024-07.docx");
  const auto pdf = Render(sgs::v1::PDF);
  EXPECT_EQ(pdf.content_type(), "application/pdf");
  const auto png = Render(sgs::v1::TREND_CHART_PNG);
  EXPECT_EQ(png.content().substr(0, 4), "\x89PNG");
  const auto svg = Render(sgs::v1::TREND_CHART_SVG);
  EXPECT_THAT(svg.content(), HasSubstr("<svg"));
  const auto csv = Render(sgs::v1::ESCALATIONS_CSV);
  EXPECT_EQ(csv.content().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(csv.content(), HasSubstr("殷都区林业局"));
  EXPECT_THAT(csv.content(), HasSubstr("殷都区应急局"));

  if (HaveCommand("unzip")) {
    const std::string path = WriteFile(dir_.path(), "b.docx", docx.content());
    const std::string raw =
        RunCommand("unzip -p " + path + " word/document.xml").output;
    std::string xml;  // the text, tags removed
    bool in_tag = false;
    for (char c : raw) {
      if (c == '<') in_tag = true;
      if (!in_tag) xml += c;
      if (c == '>') in_tag = false;
    }
    EXPECT_THAT(xml, HasSubstr("殷信用办〔2024〕14号"));
    ExpectEscalationsNamed(xml);
    EXPECT_THAT(RunCommand("unzip -l " + path).output,
                HasSubstr("word/media/sgs_trend_chart.png"));
  }
  if (HaveCommand("pdftotext")) {
    const std::string path = WriteFile(dir_.path(), "b.pdf", pdf.content());
    const std::string text =
        RunCommand("pdftotext -enc UTF-8 " + path + " -").output;
    ExpectEscalationsNamed(text);
    // The chart's months run from August 2023 to July 2024.
    EXPECT_THAT(text, HasSubstr("2023年8月至2024年7月"));
  }
  if (HavePythonModule("openpyxl")) {
    const auto xlsx = Render(sgs::v1::ATTACHMENTS_XLSX);
    const std::string path = WriteFile(dir_.path(), "a.xlsx", xlsx.content());
    const std::string cells =
        RunCommand(absl::StrCat(
                       "/usr/bin/python3 ",
                       SourcePath("tests/stats_service/tools/inspect_xlsx.py"),
                       " ", path))
            .output;
    EXPECT_THAT(cells, HasSubstr("SHEET|督办清单|landscape|9|"));
    EXPECT_THAT(cells, HasSubstr("殷都区林业局"));
  }
}

}  // namespace
}  // namespace sgs::testing
