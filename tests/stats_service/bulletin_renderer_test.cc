// Renders the July 2024 bulletin (殷信用办〔2024〕14号) from a hand-built
// PeriodReport with the bulletin's own figures and checks every format
// against the printed document: the attachments row for row (with the
// corrected total row: 1.06% missed, 98.81% pass), the summary paragraph, the
// commended and named units, the template's placeholders, and the CSV and
// XLSX files. Also the template loader's refusal of unknown placeholders.
#include "stats_service/bulletin_renderer.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/config_loader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/bulletin_template.h"
#include "stats_service/reconcile.h"
#include "tests/stats_service/bulletin_fixtures.h"

namespace sgs::stats {
namespace {

using ::sgs::v1::Escalation;
using ::sgs::v1::PeriodReport;
using ::sgs::v1::Rate;
using ::sgs::v1::UnitStats;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace ::sgs::stats::fixtures;  // NOLINT(build/namespaces)

// Attachment 1 as printed, with the corrected total row (the seed prints
// 1.07% and 98.80%).
const std::vector<std::string>& ExpectedAttachment1() {
  static const auto* const kRows = new std::vector<std::string>{
      "序号\t部门\t迟报数量\t漏报数量\t合格数量\t行政许可\t行政处罚\t双公示合计"
      "\t"
      "双公示迟报率\t双公示漏报率\t双公示合格率",
      "1\t殷都区教育局\t0\t0\t481\t481\t0\t481\t0.00%\t0.00%\t100.00%",
      "2\t殷都区公安局\t0\t0\t84\t0\t84\t84\t0.00%\t0.00%\t100.00%",
      "3\t殷都区交通运输局\t0\t0\t45\t17\t28\t45\t0.00%\t0.00%\t100.00%",
      "4\t殷都区发改委\t0\t0\t44\t44\t0\t44\t0.00%\t0.00%\t100.00%",
      "5\t殷都区卫生健康委\t0\t0\t34\t32\t2\t34\t0.00%\t0.00%\t100.00%",
      "6\t殷都区市场监督局\t1\t3\t21\t8\t17\t25\t4.00%\t12.00%\t84.00%",
      "7\t殷都区生态环境分局\t0\t0\t10\t1\t9\t10\t0.00%\t0.00%\t100.00%",
      "8\t殷都区应急局\t0\t0\t8\t8\t0\t8\t0.00%\t0.00%\t100.00%",
      "9\t殷都区林业局\t0\t0\t6\t6\t0\t6\t0.00%\t0.00%\t100.00%",
      "10\t殷都区水利局\t0\t0\t6\t6\t0\t6\t0.00%\t0.00%\t100.00%",
      "11\t殷都区文化广电体育旅游局\t0\t0\t4\t4\t0\t4\t0.00%\t0.00%\t100.00%",
      "12\t殷都区农业农村局\t0\t3\t0\t3\t0\t3\t0.00%\t100.00%\t0.00%",
      "13\t殷都区城管局\t0\t2\t0\t0\t2\t2\t0.00%\t100.00%\t0.00%",
      "14\t殷都区住房城乡建设局\t0\t0\t2\t2\t0\t2\t0.00%\t0.00%\t100.00%",
      "15\t殷都区财政局\t0\t0\t1\t1\t0\t1\t0.00%\t0.00%\t100.00%",
      "16\t殷都区人力资源社会保障局\t0\t0\t1\t1\t0\t1\t0.00%\t0.00%\t100.00%",
      "17\t殷都区统计局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "18\t殷都区工业和信息化局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "19\t殷都区编办\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "20\t殷都区司法局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "21\t殷都区审计局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "22\t殷都区医保局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "23\t殷都区自然资源局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "24\t殷都区民政局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "25\t殷都区商务局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%",
      "\t部门总计\t1\t8\t747\t614\t142\t756\t0.13%\t1.06%\t98.81%",
  };
  return *kRows;
}

// Attachment 2 exactly as printed (its total row is right).
const std::vector<std::string>& ExpectedAttachment2() {
  static const auto* const kRows = new std::vector<std::string>{
      "序号\t乡镇\t报送数据量\t合格数据量\t数据合格率",
      "1\t伦掌镇\t2\t2\t100%",
      "2\t安丰乡\t1\t1\t100%",
      "3\t水冶镇\t23\t23\t100%",
      "4\t西郊乡\t3\t3\t100%",
      "5\t许家沟乡\t1\t1\t100%",
      "6\t铜冶镇\t5\t5\t100%",
      "7\t曲沟镇\t0\t0\t0.00%",
      "8\t都里镇\t0\t0\t0.00%",
      "9\t磊口乡\t0\t0\t0.00%",
      "10\t洪河屯乡\t0\t0\t0.00%",
      "\t总计\t35\t35\t100%",
  };
  return *kRows;
}

std::string Render(const BulletinInput& input, sgs::v1::BulletinFormat format) {
  absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
      RenderBulletin(input, format);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? r->content() : std::string();
}

// The lines of `text` from the one equal to `first` on, `count` of them.
std::vector<std::string> LinesFrom(const std::string& text,
                                   const std::string& first, size_t count) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == first) {
      const size_t end = std::min(lines.size(), i + count);
      return std::vector<std::string>(lines.begin() + i, lines.begin() + end);
    }
  }
  return {};
}

TEST(BulletinRendererTest, TextAttachmentsMatchTheBulletinRowForRow) {
  const std::string text = Render(JulyInput(), sgs::v1::TEXT);
  const auto& a1 = ExpectedAttachment1();
  const auto& a2 = ExpectedAttachment2();
  EXPECT_EQ(LinesFrom(text, a1.front(), a1.size() + 1), [&] {
    auto v = a1;
    v.push_back("");  // A blank line, then Attachment 2.
    return v;
  }());
  EXPECT_EQ(LinesFrom(text, a2.front(), a2.size() + 1), [&] {
    auto v = a2;
    v.push_back("");  // The final newline.
    return v;
  }());
  EXPECT_THAT(
      text,
      HasSubstr(
          "附件1\n\n2024年“双公示”工作情况统计表（7.1-7.31）\n\n序号\t部门"));
  EXPECT_THAT(text, HasSubstr("附件2\n\n2024年乡镇“双公示”工作情况统计表（7.1-"
                              "7.31）\n\n序号\t乡镇"));
  // The wrong figures of the hand-made total row do not appear.
  EXPECT_THAT(text, Not(HasSubstr("1.07%")));
  EXPECT_THAT(text, Not(HasSubstr("98.80%")));
}

TEST(BulletinRendererTest, TextBodyFollowsTheBulletin) {
  const std::string text = Render(JulyInput(), sgs::v1::TEXT);
  EXPECT_THAT(text, StartsWith("殷都区社会信用体系建设领导小组办公室文件\n\n"
                               "殷信用办〔2024〕14号\n\n"
                               "殷都区“双公示”工作7月份情况通报\n\n"
                               "殷都区社会信用体系建设各成员单位：\n\n"
                               "行政许可和行政处罚信息公示工作"));
  EXPECT_THAT(text, HasSubstr("推进“双公示”工作有效落实。现将2024年7月份全区"
                              "“双公示”工作情况通报如下：\n\n"
                              "一、全区7月份“双公示”信息质量情况\n\n"));
  EXPECT_THAT(text,
              HasSubstr("\n2024年7月1日至7月31日，向安阳市信用信息共享平台归集"
                        "“双公示”信息756条，其中迟报信息1条，漏报信息8条，"
                        "质量合格率为98.81%。\n"));
  EXPECT_THAT(
      text,
      HasSubstr("\n归集数据较多且合格率为100%的单位：教育局、公安局。\n"));
  EXPECT_THAT(
      text, HasSubstr("\n数据报送合格率未达到100%的单位："
                      "市场监督局报送双公示数据25条，迟报数据1条，漏报数据3条，"
                      "双公示迟报率为4.00%，漏报率为12.00%，合格率84.00%；"
                      "农业农村局报送双公示数据3条，漏报数据3条，"
                      "双公示漏报率为100.00%，合格率0.00%；"
                      "城管局报送双公示数据2条，漏报数据2条，"
                      "双公示漏报率为100.00%，合格率0.00%。\n\n"
                      "各单位要引以为戒"));
  EXPECT_THAT(text, HasSubstr("\n二、下一步工作要求\n\n各单位要进一步规范"));
  // Policy figures filled into the requirements; no placeholder left.
  EXPECT_THAT(text,
              HasSubstr("作出决定之日起5个工作日内，将本部门产生的“双公示”信息"
                        "全量推送至安阳市信用信息共享平台；"));
  EXPECT_THAT(text, HasSubstr("作出决定之日起30个自然日外"));
  EXPECT_THAT(text, HasSubstr("每月迟报率高于20%，"));
  EXPECT_THAT(text, Not(HasSubstr("{")));
  EXPECT_THAT(
      text,
      HasSubstr("\n联系人：魏向荣，电话5139569；李昊芳，电话5139562。\n\n"
                "附件：1.2024年“双公示”工作情况统计表（7.1-7.31）\n"
                "　　　2.2024年乡镇“双公示”工作情况统计表（7.1-7.31）\n\n"
                "殷都区社会信用体系建设领导小组办公室\n\n"
                "2024年8月5日\n\n"
                "抄送：区纪委监委，区督查局。\n"
                "殷都区社会信用体系建设领导小组办公室　　2024年8月5日印发\n\n"
                "附件1\n\n"));
}

TEST(BulletinRendererTest, RequirementsQuoteThePolicyInForce) {
  BulletinInput input = JulyInput();
  input.policy.mutable_timeliness()->set_on_time_limit(7);
  input.policy.mutable_escalation()->set_late_rate_threshold_percent(12.5);
  const std::string text = Render(input, sgs::v1::TEXT);
  EXPECT_THAT(text, HasSubstr("作出决定之日起7个工作日内"));
  EXPECT_THAT(text, HasSubstr("每月迟报率高于12.5%，"));
  EXPECT_THAT(text, Not(HasSubstr("5个工作日")));

  input.policy.mutable_timeliness()->clear_on_time_day_kind();
  absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
      RenderBulletin(input, sgs::v1::TEXT);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("on_time_day_kind"));
}

// The shipped template and the shipped policy file fit together: every
// placeholder the template uses is set in the policy.
TEST(BulletinRendererTest, ShippedTemplateRendersWithShippedPolicy) {
  BulletinInput input = JulyInput();
  ASSERT_TRUE(
      LoadTextProtoFile(SourceFile("config/policy.textproto"), &input.policy)
          .ok());
  const std::string text = Render(input, sgs::v1::TEXT);
  EXPECT_THAT(text, HasSubstr("作出决定之日起5个工作日内"));
  EXPECT_THAT(text, Not(HasSubstr("{")));
}

TEST(BulletinRendererTest, TextFileNameAndType) {
  absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
      RenderBulletin(JulyInput(), sgs::v1::TEXT);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->filename(), "殷都区双公示通报-2024-07.txt");
  EXPECT_EQ(r->content_type(), "text/plain; charset=utf-8");
}

TEST(BulletinRendererTest, QuarterlyBulletinNamesTheQuarter) {
  BulletinInput input = JulyInput();
  input.report.mutable_period()->set_type(sgs::v1::Period::QUARTER);
  input.report.mutable_period()->set_month(0);
  input.report.mutable_period()->set_quarter(3);
  input.report.set_end_date("2024-09-30");
  input.today = absl::CivilDay(2024, 10, 10);
  absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
      RenderBulletin(input, sgs::v1::TEXT);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->filename(), "殷都区双公示通报-2024-Q3.txt");
  EXPECT_THAT(r->content(),
              HasSubstr("\n殷都区“双公示”工作2024年第三季度情况通报\n"));
  EXPECT_THAT(r->content(),
              HasSubstr("现将2024年第三季度全区“双公示”工作情况通报如下："));
  EXPECT_THAT(r->content(),
              HasSubstr("\n一、全区2024年第三季度“双公示”信息质量情况\n"));
  EXPECT_THAT(r->content(), HasSubstr("\n2024年7月1日至9月30日，向安阳市"));
  EXPECT_THAT(r->content(),
              HasSubstr("2024年“双公示”工作情况统计表（7.1-9.30）"));
}

// Months, quarters and (since issue 8) years are bulletins; date ranges not.
TEST(BulletinRendererTest, OnlyMonthsQuartersAndYearsAreBulletins) {
  BulletinInput input = JulyInput();
  input.report.mutable_period()->set_type(sgs::v1::Period::DATE_RANGE);
  EXPECT_EQ(RenderBulletin(input, sgs::v1::TEXT).status().code(),
            absl::StatusCode::kInvalidArgument);
  input.report.mutable_period()->set_type(sgs::v1::Period::YEAR);
  input.report.set_start_date("2024-01-01");
  input.report.set_end_date("2024-12-31");
  input.today = absl::CivilDay(2025, 1, 10);
  absl::StatusOr<sgs::v1::RenderBulletinResponse> year =
      RenderBulletin(input, sgs::v1::TEXT);
  ASSERT_TRUE(year.ok()) << year.status();
  EXPECT_EQ(year->filename(), "殷都区双公示通报-2024.txt");
  EXPECT_THAT(year->content(), HasSubstr("殷都区“双公示”工作2024年度情况通报"));
  EXPECT_EQ(RenderBulletin(JulyInput(), sgs::v1::BULLETIN_FORMAT_UNSPECIFIED)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(BulletinRendererTest, UnclassifiedRecordsAreReportedAndNoUnitNamed) {
  BulletinInput input = JulyInput();
  input.report.set_unclassified_count(3);
  input.report.add_missing_calendar_years(2027);
  input.escalations.clear();
  const std::string text = Render(input, sgs::v1::TEXT);
  EXPECT_THAT(text, HasSubstr("另有3条信息因工作日历缺少2027年的数据，"
                              "无法判定是否迟报、漏报，未计入上述统计。"));
  EXPECT_THAT(text, Not(HasSubstr("归集数据较多")));
  EXPECT_THAT(text, Not(HasSubstr("引以为戒")));
  EXPECT_THAT(text, HasSubstr("本期报送数据的单位合格率均达到100%。"));
}

TEST(BulletinRendererTest, MarkdownHasHeadingsAndPipeTables) {
  absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
      RenderBulletin(JulyInput(), sgs::v1::MARKDOWN);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->filename(), "殷都区双公示通报-2024-07.md");
  const std::string& md = r->content();
  EXPECT_THAT(md, HasSubstr("\n# 殷都区“双公示”工作7月份情况通报\n"));
  EXPECT_THAT(md, HasSubstr("\n## 一、全区7月份“双公示”信息质量情况\n"));
  EXPECT_THAT(md, HasSubstr("质量合格率为98.81%。"));
  EXPECT_THAT(
      md,
      HasSubstr("| 序号 | 部门 | 迟报数量 | 漏报数量 | 合格数量 | 行政许可 | "
                "行政处罚 | 双公示合计 | 双公示迟报率 | 双公示漏报率 | "
                "双公示合格率 |\n| ---: | :--- | ---: |"));
  EXPECT_THAT(md,
              HasSubstr("\n| 6 | 殷都区市场监督局 | 1 | 3 | 21 | 8 | 17 | 25 "
                        "| 4.00% | 12.00% | 84.00% |\n"));
  EXPECT_THAT(md, HasSubstr("\n|  | 部门总计 | 1 | 8 | 747 | 614 | 142 | 756 | "
                            "0.13% | 1.06% | 98.81% |\n"));
  EXPECT_THAT(
      md,
      HasSubstr("\n| 序号 | 乡镇 | 报送数据量 | 合格数据量 | 数据合格率 |\n"));
  EXPECT_THAT(md, HasSubstr("\n|  | 总计 | 35 | 35 | 100% |\n"));
}

// RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      ++i;
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

std::vector<std::vector<std::string>> Cells(
    const std::vector<std::string>& tsv_rows) {
  std::vector<std::vector<std::string>> cells;
  for (const std::string& row : tsv_rows) {
    cells.push_back(absl::StrSplit(row, '\t'));
  }
  return cells;
}

constexpr char kBom[] = "\xEF\xBB\xBF";

TEST(BulletinRendererTest, CsvAttachmentsParseBackToTheTables) {
  absl::StatusOr<sgs::v1::RenderBulletinResponse> a1 =
      RenderBulletin(JulyInput(), sgs::v1::ATTACHMENT_1_CSV);
  absl::StatusOr<sgs::v1::RenderBulletinResponse> a2 =
      RenderBulletin(JulyInput(), sgs::v1::ATTACHMENT_2_CSV);
  ASSERT_TRUE(a1.ok()) << a1.status();
  ASSERT_TRUE(a2.ok()) << a2.status();
  EXPECT_EQ(a1->filename(), "殷都区双公示通报-2024-07-附件1.csv");
  EXPECT_EQ(a2->filename(), "殷都区双公示通报-2024-07-附件2.csv");
  EXPECT_EQ(a1->content_type(), "text/csv; charset=utf-8");
  ASSERT_THAT(a1->content(), StartsWith(kBom));
  ASSERT_THAT(a2->content(), StartsWith(kBom));
  EXPECT_THAT(a1->content(), HasSubstr("\r\n"));
  EXPECT_EQ(ParseCsv(a1->content().substr(3)), Cells(ExpectedAttachment1()));
  EXPECT_EQ(ParseCsv(a2->content().substr(3)), Cells(ExpectedAttachment2()));
}

TEST(BulletinRendererTest, CsvQuotesCommasAndQuotes) {
  BulletinInput input = JulyInput();
  input.report.mutable_departments(0)->set_unit_name("殷都区\"教育\"局,试点");
  const std::string csv = Render(input, sgs::v1::ATTACHMENT_1_CSV);
  EXPECT_THAT(csv, HasSubstr("\r\n1,\"殷都区\"\"教育\"\"局,试点\",0,0,481,"));
  const auto rows = ParseCsv(csv.substr(3));
  ASSERT_GT(rows.size(), 1u);
  EXPECT_EQ(rows[1][1], "殷都区\"教育\"局,试点");
  EXPECT_EQ(rows[1].size(), 11u);
}

// The province (tests/stats_service/testdata/province): the CSV is its
// own document's Attachment 1 — counties under the template's heading, the
// total row named 全省合计 — and there is no 附件2 (no townships), so
// ATTACHMENT_2_CSV is refused rather than printing an empty 乡镇 table.
TEST(BulletinRendererTest, ProvinceCsvUsesTheRegionsWordsAndHasNoAttachment2) {
  const BulletinInput input = ProvinceInput();
  absl::StatusOr<sgs::v1::RenderBulletinResponse> a1 =
      RenderBulletin(input, sgs::v1::ATTACHMENT_1_CSV);
  ASSERT_TRUE(a1.ok()) << a1.status();
  EXPECT_EQ(a1->filename(), "河南省双公示通报-2024-07-附件1.csv");
  ASSERT_THAT(a1->content(), StartsWith(kBom));
  const auto rows = ParseCsv(a1->content().substr(3));
  ASSERT_EQ(rows.size(), 47u);  // heading, 45 counties, total
  EXPECT_EQ(rows[0][1], "县（市、区）");
  EXPECT_EQ(rows[1][1], "林州市");
  EXPECT_EQ(rows.back()[1], "全省合计");
  for (const char* word : {"部门", "乡镇", "殷都", "总计"}) {
    EXPECT_THAT(a1->content(), Not(HasSubstr(word))) << word;
  }
  // The reconciler reads it back with the template's words.
  absl::StatusOr<UnitRegistry> registry =
      UnitRegistry::LoadFromFile(ProvinceTestdata("registry.textproto"));
  ASSERT_TRUE(registry.ok()) << registry.status();
  absl::StatusOr<sgs::v1::ReconcileTableResponse> reconciled = ReconcileTable(
      a1->content(), input.report, *registry, {{"县（市、区）"}, {"全省合计"}});
  ASSERT_TRUE(reconciled.ok()) << reconciled.status();
  EXPECT_EQ(reconciled->discrepancies_size(), 0) << reconciled->DebugString();
  EXPECT_EQ(reconciled->missing_units_size(), 0) << reconciled->DebugString();

  absl::StatusOr<sgs::v1::RenderBulletinResponse> a2 =
      RenderBulletin(input, sgs::v1::ATTACHMENT_2_CSV);
  EXPECT_EQ(a2.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(a2.status().message()), HasSubstr("没有附件2"));
}

// Runs `unzip -p archive member`; nullopt when unzip is unavailable.
std::optional<std::string> Unzip(const std::string& archive,
                                 const std::string& member) {
  if (access("/usr/bin/unzip", X_OK) != 0) return std::nullopt;
  const std::string command =
      absl::StrCat("/usr/bin/unzip -p '", archive, "' '", member, "'");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(BulletinRendererTest, XlsxHoldsBothAttachmentsAndCleansUp) {
  // A private TMPDIR shows whether the scratch files are removed.
  char dir_template[] = "/tmp/sgs-bulletin-test-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const char* old_tmpdir = getenv("TMPDIR");
  const std::string saved = old_tmpdir != nullptr ? old_tmpdir : "";
  setenv("TMPDIR", dir.c_str(), 1);
  absl::StatusOr<DocumentAssets> assets =
      LoadDocumentAssets(SourceFile("config/document_style.textproto"));
  ASSERT_TRUE(assets.ok()) << assets.status();
  BulletinInput input = JulyInput();
  input.document_assets = &*assets;
  absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
      RenderBulletin(input, sgs::v1::ATTACHMENTS_XLSX);
  if (old_tmpdir != nullptr) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(std::filesystem::is_empty(dir))
      << "scratch files left in " << dir;

  EXPECT_EQ(r->filename(), "殷都区双公示通报-2024-07-附件.xlsx");
  EXPECT_EQ(
      r->content_type(),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const std::string& bytes = r->content();
  ASSERT_THAT(bytes, StartsWith("PK"));
  // Member names are stored uncompressed in the zip directory.
  EXPECT_THAT(bytes, HasSubstr("xl/worksheets/sheet1.xml"));
  EXPECT_THAT(bytes, HasSubstr("xl/worksheets/sheet2.xml"));

  const std::string archive = dir + "/out.xlsx";
  {
    std::ofstream out(archive, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::optional<std::string> workbook = Unzip(archive, "xl/workbook.xml");
  if (workbook.has_value()) {
    EXPECT_THAT(*workbook, HasSubstr("name=\"附件1\""));
    EXPECT_THAT(*workbook, HasSubstr("name=\"附件2\""));
    EXPECT_THAT(*workbook, HasSubstr("name=\"督办清单\""));
    const std::string strings = Unzip(archive, "xl/sharedStrings.xml").value();
    EXPECT_THAT(strings, HasSubstr("殷都区教育局"));
    EXPECT_THAT(strings, HasSubstr("部门总计"));
    EXPECT_THAT(strings, HasSubstr("洪河屯乡"));
    EXPECT_THAT(strings, HasSubstr("统计表"));
    // Counts and rates are numbers; the total row's rates are the exact ones.
    const std::string sheet1 =
        Unzip(archive, "xl/worksheets/sheet1.xml").value();
    EXPECT_THAT(sheet1, HasSubstr("<v>481</v>"));
    EXPECT_THAT(sheet1, HasSubstr("<v>756</v>"));
    EXPECT_THAT(sheet1, HasSubstr("<v>0.0106</v>"));
    EXPECT_THAT(sheet1, HasSubstr("<v>0.9881</v>"));
    EXPECT_THAT(sheet1, Not(HasSubstr("<v>0.0107</v>")));
    const std::string styles = Unzip(archive, "xl/styles.xml").value();
    EXPECT_THAT(styles, HasSubstr("formatCode=\"0.00%\""));
  }
  std::filesystem::remove_all(dir);
}

TEST(BulletinTemplateTest, ShippedTemplateLoadsWithKnownPlaceholders) {
  absl::StatusOr<sgs::config::v1::BulletinTemplate> t =
      LoadBulletinTemplate(SourceFile("config/bulletin_template.textproto"));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->header(), "殷都区社会信用体系建设领导小组办公室文件");
  EXPECT_EQ(t->platform_name(), "安阳市信用信息共享平台");
  EXPECT_EQ(t->requirements_size(), 4);
  EXPECT_THAT(t->requirements(2),
              HasSubstr("{on_time_limit}个{on_time_day_kind}内"));
}

class TemplateFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/sgs-template-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    dir_ = dir_template;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  absl::StatusOr<sgs::config::v1::BulletinTemplate> LoadWithRequirement(
      const std::string& requirement) {
    const std::string path = dir_ + "/t.textproto";
    std::ofstream(path) << "header: '文件头'\naddressee: '各单位'\n"
                           "platform_name: '平台'\nrequirements: '"
                        << requirement << "'\n";
    return LoadBulletinTemplate(path);
  }

  std::string dir_;
};

TEST_F(TemplateFileTest, UnknownPlaceholderIsRefused) {
  absl::StatusOr<sgs::config::v1::BulletinTemplate> t =
      LoadWithRequirement("决定之日起{on_time_limt}个工作日内");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(t.status().message()), HasSubstr("{on_time_limt}"));
  EXPECT_THAT(std::string(t.status().message()), HasSubstr("requirements[0]"));
}

TEST_F(TemplateFileTest, StrayBracesAreRefused) {
  EXPECT_FALSE(LoadWithRequirement("决定之日起{on_time_limit个工作日内").ok());
  EXPECT_FALSE(LoadWithRequirement("决定之日起on_time_limit}个工作日内").ok());
}

TEST_F(TemplateFileTest, KnownPlaceholdersLoad) {
  absl::StatusOr<sgs::config::v1::BulletinTemplate> t = LoadWithRequirement(
      "{on_time_limit}个{on_time_day_kind}内报送至{platform_name}");
  ASSERT_TRUE(t.ok()) << t.status();
  absl::StatusOr<std::string> filled = FillBulletinPlaceholders(
      t->requirements(0), BulletinPolicy(), "殷都区", t->platform_name());
  ASSERT_TRUE(filled.ok()) << filled.status();
  EXPECT_EQ(*filled, "5个工作日内报送至平台");
}

TEST_F(TemplateFileTest, MissingRequiredFieldIsRefused) {
  const std::string path = dir_ + "/t.textproto";
  std::ofstream(path) << "header: '文件头'\naddressee: '各单位'\n";
  absl::StatusOr<sgs::config::v1::BulletinTemplate> t =
      LoadBulletinTemplate(path);
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(std::string(t.status().message()), HasSubstr("platform_name"));
}

TEST(BulletinTemplateTest, UnsetPolicyValueIsNotPrinted) {
  absl::StatusOr<std::string> filled =
      FillBulletinPlaceholders("高于{late_rate_threshold}%",
                               sgs::config::v1::PolicyFile(), "殷都区", "平台");
  EXPECT_EQ(filled.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sgs::stats
