// A second region through the real services: a province of 45 counties (no
// townships, 50% threshold, 全省) from its own registry, policy and template
// files under tests/stats_service/testdata/province. Records go in through
// the ingest service's RPCs; RenderBulletin over gRPC on a real port
// renders text and Markdown with no word of the shipped district, names
// the escalated counties, and its own printed Attachment 1 reconciles
// with the template's unit heading and total-row name. sgs_bulletin
// --formats=all writes every format for it, without a 附件2.
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/period.h"
#include "tests/stats_service/sample_documents.h"
#include "tests/stats_service/seed_tables.h"
#include "tests/stats_service/stats_env.h"
#include "tests/stats_service/typography.h"

namespace sgs::testing {
namespace {

using ::sgs::stats::MonthPeriod;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string Province(const std::string& name) {
  return SourcePath(
      absl::StrCat("tests/stats_service/testdata/province/", name));
}

RegionFiles ProvinceFiles() {
  return {Province("registry.textproto"), Province("policy.textproto"),
          Province("bulletin_template.textproto")};
}

class SecondRegionE2eTest : public ::testing::Test {
 protected:
  SecondRegionE2eTest() : env_(ProvinceFiles()) {}

  sgs::v1::RenderBulletinResponse Render(sgs::v1::BulletinFormat format) {
    sgs::v1::RenderBulletinResponse response;
    const grpc::Status status =
        env_.Render(MonthPeriod(2024, 7), format, &response,
                    Numbered("豫信用办〔2024〕9号"));
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // Counties 1..42 report 4 records each; county 1 (林州市) and 10 (新密市)
  // get 3 of them late (75% > 50%); 43..45 report nothing.
  void LoadJuly() {
    std::vector<std::pair<sgs::v1::Record, absl::Time>> records;
    for (int county = 1; county <= 42; ++county) {
      const std::string code = absl::StrFormat("ha-%03d", county);
      for (int i = 0; i < 4; ++i) {
        const bool late = (county == 1 || county == 10) && i < 3;
        records.emplace_back(
            ValidLicensingRecord(code, absl::StrCat("豫许", county, "-", i),
                                 "2024-07-01"),
            late ? ChinaTime(2024, 7, 22) : ChinaTime(2024, 7, 2));
      }
    }
    env_.Backfill(records);
  }

  StatsEnv env_;
};

TEST_F(SecondRegionE2eTest, ProvinceBulletinHasNoWordOfTheShippedDistrict) {
  LoadJuly();

  const sgs::v1::RenderBulletinResponse text = Render(sgs::v1::TEXT);
  const sgs::v1::RenderBulletinResponse markdown = Render(sgs::v1::MARKDOWN);
  EXPECT_EQ(text.filename(), "河南省双公示通报-2024-07.txt");
  for (const std::string& content : {text.content(), markdown.content()}) {
    for (const char* word :
         {"殷都", "殷信用", "安阳", "全区", "乡镇", "部门", "区纪委",
          "区督查局", "区政府", "区信用办", "附件2", "魏向荣"}) {
      EXPECT_FALSE(absl::StrContains(content, word)) << word << "\n" << content;
    }
    EXPECT_TRUE(absl::StrContains(content, "现将2024年7月份全省“双公示”"));
    EXPECT_TRUE(absl::StrContains(content, "县（市、区）"));
    EXPECT_TRUE(absl::StrContains(content, "全省合计"));
    EXPECT_TRUE(absl::StrContains(
        content, "林州市：迟报率高于50%，迟报率75.00%（迟报3条/共4条）。"))
        << content;
    EXPECT_TRUE(absl::StrContains(content, "新密市：迟报率高于50%"));
    EXPECT_TRUE(absl::StrContains(content, "本期未报送数据的单位（3个）"));
    EXPECT_THAT(FindHalfWidthPunctuation(content), ::testing::IsEmpty());
  }

  // The printed Attachment 1 reconciles against the records.
  const std::string& body = text.content();
  const size_t start = body.find("序号\t县（市、区）");
  ASSERT_NE(start, std::string::npos) << body;
  sgs::v1::ReconcileTableRequest reconcile;
  *reconcile.mutable_period() = MonthPeriod(2024, 7);
  reconcile.set_table(body.substr(start));
  sgs::v1::ReconcileTableResponse result;
  auto context = StatsEnv::Context();
  const grpc::Status status =
      env_.stats().ReconcileTable(context.get(), reconcile, &result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(result.discrepancies_size(), 0) << result.DebugString();
  EXPECT_EQ(result.unknown_units_size(), 0) << result.DebugString();
  EXPECT_EQ(result.missing_units_size(), 0) << result.DebugString();
}

// sgs_bulletin --formats=all, the real binary, for the province: every
// format is written, the 附件2 CSV is skipped (no 乡镇 table) with a note,
// and no written file names or holds the shipped district's words; asked
// for outright (csv2), the missing attachment is an error.
TEST_F(SecondRegionE2eTest, CliWritesEveryFormatWithoutATownshipAttachment) {
  LoadJuly();
  TempDir out;
  auto run = [&](const std::string& formats) {
    const std::string command = absl::StrCat(
        SGS_BINARY_DIR,
        "/sgs_bulletin --target=127.0.0.1:", env_.stats_server().port(),
        " --year=2024 --month=7 --formats=", formats, " --out_dir=", out.path(),
        " >", out.path(), "/stdout 2>", out.path(), "/stderr");
    const int status = system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  auto read = [&](const std::string& name) {
    std::ifstream in(absl::StrCat(out.path(), "/", name), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  };

  ASSERT_EQ(run("all"), 0) << read("stderr");
  EXPECT_THAT(read("stderr"), HasSubstr("ATTACHMENT_2_CSV"));
  EXPECT_THAT(read("stderr"), HasSubstr("附件2"));
  const std::string base = "河南省双公示通报-2024-07";
  for (const char* suffix : {".txt", ".md", "-附件1.csv", "-附件.xlsx", ".docx",
                             ".pdf", "-趋势图.png", "-督办清单.csv"}) {
    const std::string name = base + suffix;
    EXPECT_FALSE(read(name).empty()) << name;
    EXPECT_THAT(read("stdout"), HasSubstr(name));
  }
  for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
    EXPECT_THAT(entry.path().filename().string(), Not(HasSubstr("附件2")));
  }
  const std::string csv = read(base + "-附件1.csv");
  const std::vector<std::string> lines = absl::StrSplit(csv, "\r\n");
  ASSERT_EQ(lines.size(), 48u);  // heading, 45 counties, total, ""
  EXPECT_THAT(lines[0], HasSubstr("序号,县（市、区）,迟报数量"));
  EXPECT_THAT(lines[46], StartsWith(",全省合计,6,0,162,168,0,168,3.57%,"));
  for (const std::string& text : {csv, read(base + "-督办清单.csv")}) {
    for (const char* word : {"殷都", "全区", "乡镇", "部门", "附件2"}) {
      EXPECT_THAT(text, Not(HasSubstr(word))) << word;
    }
  }
  if (HaveCommand("pdftotext")) {
    const std::string pdf =
        RunCommand(absl::StrCat("pdftotext -enc UTF-8 ", out.path(), "/", base,
                                ".pdf -"))
            .output;
    EXPECT_THAT(pdf, HasSubstr("全省"));
    for (const char* word : {"殷都", "全区", "乡镇", "部门总计", "附件2"}) {
      EXPECT_THAT(pdf, Not(HasSubstr(word))) << word;
    }
  }

  EXPECT_EQ(run("csv2"), 1);
  EXPECT_THAT(read("stderr"), HasSubstr("没有附件2"));
}

}  // namespace
}  // namespace sgs::testing
