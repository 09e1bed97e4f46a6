// A second region through the real services: a province of 45 counties (no
// townships, 50% threshold, 全省) from its own registry, policy and template
// files under tests/stats_service/testdata/province. Records go in through
// the ingest service's RPCs; RenderBulletin over gRPC on a real port
// renders text and Markdown with no word of the shipped district, names
// the escalated counties, and its own printed Attachment 1 reconciles
// with the template's unit heading and total-row name.
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
#include "tests/stats_service/seed_tables.h"
#include "tests/stats_service/stats_env.h"
#include "tests/stats_service/typography.h"

namespace sgs::testing {
namespace {

using ::sgs::stats::MonthPeriod;

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
    sgs::v1::RenderBulletinRequest request;
    *request.mutable_period() = MonthPeriod(2024, 7);
    request.set_document_number("豫信用办〔2024〕9号");
    request.set_format(format);
    sgs::v1::RenderBulletinResponse response;
    auto context = StatsEnv::Context();
    const grpc::Status status =
        env_.stats().RenderBulletin(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  StatsEnv env_;
};

TEST_F(SecondRegionE2eTest, ProvinceBulletinHasNoWordOfTheShippedDistrict) {
  std::vector<std::pair<sgs::v1::Record, absl::Time>> records;
  // Counties 1..42 report 4 records each; county 1 (林州市) and 10 (新密市)
  // get 3 of them late (75% > 50%); 43..45 report nothing.
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

}  // namespace
}  // namespace sgs::testing
