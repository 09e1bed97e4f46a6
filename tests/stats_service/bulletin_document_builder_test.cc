// The bulletin as a document: the July 2024 seed month, a month with
// escalations of every kind, sections left out and renumbered, the response
// deadline on the working-day calendar, drafts and refusals, quarterly
// content with 环比, and a second region (a province of 45 counties, 50%
// threshold, 全省) rendered from its own registry, policy and template
// files with no word of the shipped district. Every rendered text is
// scanned for half-width punctuation in Chinese prose.
#include "stats_service/bulletin_document_builder.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/config_loader.h"
#include "common/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/bulletin_renderer.h"
#include "stats_service/bulletin_text_writer.h"
#include "stats_service/escalations.h"
#include "stats_service/period.h"
#include "tests/stats_service/bulletin_fixtures.h"
#include "tests/stats_service/typography.h"

namespace sgs::stats {
namespace {

using namespace ::sgs::stats::fixtures;  // NOLINT(build/namespaces)
using ::sgs::testing::FindHalfWidthPunctuation;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Headings(const BulletinDocument& doc,
                                  ParagraphStyle style) {
  std::vector<std::string> out;
  for (const Paragraph& p : doc.body) {
    if (p.style == style) out.push_back(p.text);
  }
  return out;
}

std::string BodyText(const BulletinDocument& doc) {
  std::vector<std::string> texts;
  for (const Paragraph& p : doc.body) texts.push_back(p.text);
  return absl::StrJoin(texts, "\n");
}

// Every format this side renders, as text.
std::vector<std::string> RenderedTexts(const BulletinInput& input) {
  std::vector<std::string> out;
  for (auto format : {sgs::v1::TEXT, sgs::v1::MARKDOWN}) {
    absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
        RenderBulletin(input, format);
    EXPECT_TRUE(r.ok()) << r.status();
    if (r.ok()) out.push_back(r->content());
  }
  return out;
}

void ExpectChineseTypography(const BulletinInput& input) {
  for (const std::string& text : RenderedTexts(input)) {
    EXPECT_THAT(FindHalfWidthPunctuation(text), IsEmpty());
  }
}

UnitStats* FindUnit(PeriodReport* report, const std::string& code) {
  for (auto& u : *report->mutable_departments()) {
    if (u.unit_code() == code) return &u;
  }
  for (auto& u : *report->mutable_townships()) {
    if (u.unit_code() == code) return &u;
  }
  return nullptr;
}

TEST(BulletinDocumentTest, JulySeedIsACompleteDocument) {
  absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(JulyInput());
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->issuer_mark, "殷都区社会信用体系建设领导小组办公室文件");
  EXPECT_EQ(doc->document_number, "殷信用办〔2024〕14号");
  EXPECT_EQ(doc->title, "殷都区“双公示”工作7月份情况通报");
  EXPECT_EQ(doc->addressee, "殷都区社会信用体系建设各成员单位：");
  EXPECT_EQ(doc->signature, "殷都区社会信用体系建设领导小组办公室");
  // The 3rd working day after 31 July (Thu 1, Fri 2, Mon 5 August).
  EXPECT_EQ(doc->date_text, "2024年8月5日");
  EXPECT_EQ(doc->copy_to, "抄送：区纪委监委，区督查局。");
  EXPECT_EQ(doc->print_date_text, "2024年8月5日");
  EXPECT_FALSE(doc->is_draft);
  EXPECT_EQ(doc->draft_mark, "");
  // No escalation needs action in July: no 督办事项, requirements are 二.
  EXPECT_THAT(
      Headings(*doc, ParagraphStyle::kHeading1),
      ElementsAre("一、全区7月份“双公示”信息质量情况", "二、下一步工作要求"));
  // The units without records are listed.
  EXPECT_THAT(
      BodyText(*doc),
      HasSubstr("本期未报送数据的单位（13个）：统计局、工业和信息化局、"
                "编办、司法局、审计局、医保局、自然资源局、民政局、商务局、"
                "曲沟镇、都里镇、磊口乡、洪河屯乡。"));
  ASSERT_EQ(doc->attachments.size(), 2u);
  EXPECT_EQ(doc->attachments[0].label, "附件1");
  EXPECT_EQ(doc->attachments[1].label, "附件2");
  EXPECT_THAT(
      doc->attachment_notes,
      ElementsAre("附件：1.2024年“双公示”工作情况统计表（7.1-7.31）",
                  "　　　2.2024年乡镇“双公示”工作情况统计表（7.1-7.31）"));
  // Total rows carry the formulas' kinds and the computed values.
  const Table& a1 = doc->attachments[0].table;
  EXPECT_TRUE(a1.last_row_is_total);
  EXPECT_TRUE(a1.landscape);
  const auto& total = a1.rows.back();
  EXPECT_EQ(total[1].text, "部门总计");
  EXPECT_EQ(total[7].total, TableCell::Total::kSum);
  EXPECT_EQ(total[7].value, 756);
  EXPECT_EQ(total[10].total, TableCell::Total::kRatioOfColumns);
  EXPECT_EQ(total[10].numerator_column, 4);
  EXPECT_EQ(total[10].denominator_column, 7);
  EXPECT_EQ(total[10].text, "98.81%");
  EXPECT_DOUBLE_EQ(total[10].value, 98.81);
  EXPECT_EQ(a1.rows[0][2].kind, CellKind::kInteger);
  EXPECT_EQ(doc->attachments[1].table.rows.back()[1].text, "总计");
  // Named units make the 督办清单 too.
  EXPECT_EQ(doc->escalation_list.rows.size(), 3u);
  EXPECT_EQ(doc->escalation_list_title, "7月份“双公示”工作督办清单");
  ExpectChineseTypography(JulyInput());
}

// July with escalations of every kind, as ListEscalations words them.
BulletinInput EscalatedJuly() {
  BulletinInput input = JulyInput();
  input.escalations.clear();
  PeriodReport& report = input.report;
  SetCounts(FindUnit(&report, "yd-lyj"), 3, 0, 6, 0);
  FindUnit(&report, "yd-yjj")->set_concealment_risk_count(1);
  FindUnit(&report, "yd-fgw")->set_valid_objection_count(1);
  FindUnit(&report, "yd-swj")->set_confirmed_concealment_count(1);

  sgs::config::v1::EscalationPolicy policy = input.policy.escalation();
  EscalationInputs inputs;
  inputs.district_name = "殷都区";
  absl::StatusOr<ResolvedPeriod> july = ResolvePeriod(MonthPeriod(2024, 7));
  absl::StatusOr<ResolvedPeriod> june = ResolvePeriod(MonthPeriod(2024, 6));
  EXPECT_TRUE(july.ok() && june.ok());
  inputs.current = {*july, report};
  PeriodReport june_report = JulyReport();
  june_report.mutable_period()->set_month(6);
  SetCounts(FindUnit(&june_report, "yd-lyj"), 2, 0, 4, 0);
  inputs.previous.push_back({*june, june_report});
  sgs::v1::SpotCheckFinding finding;
  finding.set_unit_code("yd-swj");
  finding.set_source(sgs::v1::NATIONAL);
  finding.set_found_date("2024-07-25");
  inputs.findings.push_back(finding);
  absl::StatusOr<std::vector<Escalation>> escalations =
      ComputeEscalations(inputs, policy);
  EXPECT_TRUE(escalations.ok()) << escalations.status();
  if (escalations.ok()) input.escalations = *escalations;
  return input;
}

TEST(BulletinDocumentTest, EveryEscalationIsNamedWithRuleAndFigures) {
  const BulletinInput input = EscalatedJuly();
  absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(Headings(*doc, ParagraphStyle::kHeading1),
              ElementsAre("一、全区7月份“双公示”信息质量情况", "二、督办事项",
                          "三、瞒报及抽查情况", "四、下一步工作要求"));
  EXPECT_THAT(Headings(*doc, ParagraphStyle::kHeading2),
              ElementsAre("（一）须以正式文件形式报送情况说明和整改方案的单位",
                          "（二）由区政府领导约谈单位“一把手”的单位",
                          "（三）国家和省抽查发现的应报未报问题"));
  const std::string body = BodyText(*doc);
  // Late rate above 20%, with the figures.
  EXPECT_THAT(
      body,
      HasSubstr("林业局：迟报率高于20%，迟报率50.00%（迟报3条/共6条）。"));
  EXPECT_THAT(body, HasSubstr("应急局：存在瞒报问题，瞒报风险记录1条"));
  EXPECT_THAT(body, HasSubstr("发改委：产生有效异议，有效异议1件。"));
  EXPECT_THAT(body,
              HasSubstr("商务局：存在瞒报问题，国家和省抽查确认瞒报1条。"));
  // Five working days after 2024年8月5日.
  EXPECT_THAT(body, HasSubstr("请上述单位于2024年8月12日前以正式文件形式"));
  // The interview names both months.
  EXPECT_THAT(body, HasSubstr("1.林业局：连续2个月（2024年6月、2024年7月）"
                              "迟报率高于20%，其中2024年6月：迟报率50.00%"));
  EXPECT_THAT(
      body,
      HasSubstr(
          "国家和省抽查发现殷都区存在应报未报、漏报数据，"
          "市领导将约谈区政府主要负责人（国家抽查发现1条：商务局1条）。"));
  EXPECT_THAT(body, HasSubstr("本期存在瞒报问题或有效异议的单位："));
  // The 督办清单 lists district, interview, explanations, named units.
  ASSERT_GE(doc->escalation_list.rows.size(), 7u);
  EXPECT_EQ(doc->escalation_list.rows[0][2].text, "约谈主要负责人");
  EXPECT_EQ(doc->escalation_list.rows[1][1].text, "殷都区林业局");
  EXPECT_EQ(doc->escalation_list.rows[1][5].text, "2024年6月、2024年7月");
  ExpectChineseTypography(input);
  for (const std::string& text : RenderedTexts(input)) {
    for (const char* unit : {"林业局", "应急局", "发改委", "商务局"}) {
      EXPECT_THAT(text, HasSubstr(unit));
    }
    EXPECT_THAT(text, HasSubstr("督办事项"));
  }
}

TEST(BulletinDocumentTest, NoDeadlineWithoutWorkingDaysInThePolicy) {
  BulletinInput input = EscalatedJuly();
  input.policy.mutable_escalation()->set_response_working_days(0);
  absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(BodyText(*doc), Not(HasSubstr("请上述单位于")));
}

TEST(BulletinDocumentTest, SectionsFollowTheTemplateOrder) {
  BulletinInput input = EscalatedJuly();
  auto* sections = input.bulletin_template.mutable_sections();
  sections->Clear();
  auto add = [&](sgs::config::v1::BulletinSection::Kind kind,
                 const char* heading) {
    auto* s = sections->Add();
    s->set_kind(kind);
    s->set_heading(heading);
  };
  add(sgs::config::v1::BulletinSection::ACCOUNTABILITY, "督办事项");
  add(sgs::config::v1::BulletinSection::SUMMARY, "总体情况");
  add(sgs::config::v1::BulletinSection::NO_RECORD_UNITS, "未报送数据的单位");
  absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_THAT(
      Headings(*doc, ParagraphStyle::kHeading1),
      ElementsAre("一、督办事项", "二、总体情况", "三、未报送数据的单位"));
  EXPECT_THAT(BodyText(*doc), Not(HasSubstr("下一步工作要求")));
}

TEST(BulletinDocumentTest, UnfinishedOrEmptyPeriodIsRefusedUnlessDraft) {
  BulletinInput input = JulyInput();
  input.today = absl::CivilDay(2024, 7, 20);
  for (auto format : {sgs::v1::TEXT, sgs::v1::MARKDOWN,
                      sgs::v1::ATTACHMENT_1_CSV, sgs::v1::ATTACHMENTS_XLSX}) {
    absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
        RenderBulletin(input, format);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("尚未结束"));
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("draft"));
  }
  input.draft = true;
  absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_TRUE(doc->is_draft);
  EXPECT_EQ(doc->draft_mark, "征求意见稿（数据截至7月20日）");
  EXPECT_EQ(doc->date_text, "2024年7月20日");  // A draft is dated today.
  const std::string text = WriteBulletinText(*doc);
  EXPECT_THAT(text, ::testing::StartsWith("征求意见稿（数据截至7月20日）\n"));
  EXPECT_THAT(WriteBulletinMarkdown(*doc), HasSubstr("征求意见稿"));

  // A finished month with no records at all.
  BulletinInput empty = JulyInput();
  for (auto& u : *empty.report.mutable_departments()) SetCounts(&u, 0, 0, 0, 0);
  for (auto& u : *empty.report.mutable_townships()) SetCounts(&u, 0, 0, 0, 0);
  SetCounts(empty.report.mutable_department_total(), 0, 0, 0, 0);
  SetCounts(empty.report.mutable_township_total(), 0, 0, 0, 0);
  empty.escalations.clear();
  absl::Status refused = CheckBulletinPeriodReady(empty);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("没有任何报送记录"));
  empty.draft = true;
  absl::StatusOr<BulletinDocument> empty_doc = BuildBulletinDocument(empty);
  ASSERT_TRUE(empty_doc.ok()) << empty_doc.status();
  EXPECT_EQ(empty_doc->draft_mark, "征求意见稿（数据截至7月31日）");
}

TEST(BulletinDocumentTest, QuarterHasPerMonthFiguresAndChange) {
  BulletinInput input = JulyInput();
  input.report.mutable_period()->set_type(sgs::v1::Period::QUARTER);
  input.report.mutable_period()->set_month(0);
  input.report.mutable_period()->set_quarter(3);
  input.report.set_end_date("2024-09-30");
  input.today = absl::CivilDay(2024, 10, 10);
  for (int month : {7, 8, 9}) {
    PeriodReport sub = JulyReport();
    sub.mutable_period()->set_month(month);
    if (month == 8) SetCounts(FindUnit(&sub, "yd-jyj"), 0, 10, 100, 0);
    input.sub_reports.push_back(sub);
  }
  PeriodReport before = JulyReport();
  SetCounts(before.mutable_department_total(), 0, 0, 700, 0);  // 100.00%.
  SetCounts(FindUnit(&before, "yd-scjdj"), 0, 0, 20, 0);
  input.previous_report = before;
  absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
  ASSERT_TRUE(doc.ok()) << doc.status();
  const std::string body = BodyText(*doc);
  EXPECT_THAT(body, HasSubstr("与上季度相比（上季度归集700条，合格率100.00%），"
                              "质量合格率下降1.19个百分点"));
  EXPECT_THAT(body, HasSubstr("分期看，7月归集756条，合格率98.81%；8月归集"));
  EXPECT_THAT(body, HasSubstr("。各单位分期情况见附件3。"));
  ASSERT_EQ(doc->attachments.size(), 3u);
  const Attachment& months = doc->attachments[2];
  EXPECT_EQ(months.label, "附件3");
  EXPECT_EQ(months.title, "2024年第三季度各单位分期“双公示”数据报送情况表");
  EXPECT_THAT(months.table.column_headings,
              ElementsAre("序号", "单位", "7月报送量", "7月合格率", "8月报送量",
                          "8月合格率", "9月报送量", "9月合格率", "本期合格率",
                          "上季度合格率", "环比（百分点）"));
  // 教育局 in August: 90 of 100 qualified.
  EXPECT_EQ(months.table.rows[0][5].text, "90.00%");
  // 市场监督局 (row 6): 84.00% now, 100.00% before → -16.00 points.
  EXPECT_EQ(months.table.rows[5][1].text, "殷都区市场监督局");
  EXPECT_EQ(months.table.rows[5][10].text, "-16.00");
  EXPECT_EQ(doc->attachment_notes.size(), 3u);
  ExpectChineseTypography(input);
}

// ---------------------------------------------------------------------------
// A second region from its own files.
// ---------------------------------------------------------------------------

TEST(BulletinDocumentTest, SecondRegionHasNoWordOfTheShippedDistrict) {
  const BulletinInput input = ProvinceInput();
  ASSERT_EQ(input.report.departments_size(), 45);
  absl::StatusOr<BulletinDocument> doc = BuildBulletinDocument(input);
  ASSERT_TRUE(doc.ok()) << doc.status();
  // No township table: one attachment, counties as units, the total named
  // by the template.
  ASSERT_EQ(doc->attachments.size(), 1u);
  EXPECT_EQ(doc->attachments[0].label, "附件1");
  EXPECT_EQ(doc->attachments[0].table.column_headings[1], "县（市、区）");
  EXPECT_EQ(doc->attachments[0].table.rows.back()[1].text, "全省合计");
  EXPECT_THAT(doc->attachment_notes, ElementsAre(HasSubstr("附件：1.")));
  const std::string body = BodyText(*doc);
  EXPECT_THAT(body, HasSubstr("现将2024年7月份全省“双公示”工作情况通报如下"));
  EXPECT_THAT(body, HasSubstr("迟报率高于50%"));
  for (const std::string& text : RenderedTexts(input)) {
    for (const char* word :
         {"殷都", "殷信用", "安阳", "全区", "乡镇", "部门总计", "区纪委",
          "区督查局", "区政府", "区信用办", "附件2", "魏向荣"}) {
      EXPECT_THAT(text, Not(HasSubstr(word))) << word;
    }
    EXPECT_THAT(text, HasSubstr("全省"));
    EXPECT_THAT(text, HasSubstr("林州市"));
    EXPECT_THAT(FindHalfWidthPunctuation(text), IsEmpty());
  }
}

TEST(TypographyCheckTest, FindsHalfWidthMarksAndStraySpaces) {
  EXPECT_THAT(FindHalfWidthPunctuation("合格率为98.81%,其中:"),
              ElementsAre(HasSubstr("','"), HasSubstr("':'")));
  EXPECT_THAT(FindHalfWidthPunctuation("报送数据 25条"),
              ElementsAre(HasSubstr("space")));
  EXPECT_THAT(FindHalfWidthPunctuation("\"双公示\"工作"), ::testing::SizeIs(2));
  EXPECT_THAT(FindHalfWidthPunctuation("统计表(7.1-7.31)"),
              ::testing::SizeIs(2));
  // Not prose: numbers, tables, times, URLs, full-width text.
  EXPECT_THAT(FindHalfWidthPunctuation("1,2;3\t教育局\t481"), IsEmpty());
  EXPECT_THAT(FindHalfWidthPunctuation("会议于12:30开始。"), IsEmpty());
  EXPECT_THAT(FindHalfWidthPunctuation("见 https://xy.example/a,b 网站"),
              IsEmpty());
  EXPECT_THAT(FindHalfWidthPunctuation("合格率为98.81%，其中：“双公示”（7.1）"),
              IsEmpty());
}

TEST(ChineseWordsTest, NumbersDatesAndSpacing) {
  EXPECT_EQ(ChineseNumber(1), "一");
  EXPECT_EQ(ChineseNumber(10), "十");
  EXPECT_EQ(ChineseNumber(12), "十二");
  EXPECT_EQ(ChineseNumber(21), "二十一");
  EXPECT_EQ(ChineseDate(absl::CivilDay(2024, 8, 5)), "2024年8月5日");
  EXPECT_EQ(TidyChineseSpacing("迟报率 25.00%（迟报 5 条/共 20 条）"),
            "迟报率25.00%（迟报5条/共20条）");
  EXPECT_EQ(TidyChineseSpacing("a b"), "a b");
}

}  // namespace
}  // namespace sgs::stats
