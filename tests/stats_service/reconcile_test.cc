#include "stats_service/reconcile.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "stats_service/calculator.h"
#include "tests/stats_service/fake_source.h"
#include "tests/stats_service/seed_tables.h"
#include "tests/stats_service/shipped_calculator.h"
#include "tests/support/test_env.h"

namespace sgs::stats {
namespace {

using ::sgs::v1::ReconcileTableResponse;

class ReconcileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_ = sgs::testing::ShippedRegistry();
    auto calculator = sgs::testing::ShippedCalculator::Create();
    ASSERT_TRUE(calculator.ok()) << calculator.status();
    sgs::testing::FakeStatsSource source;
    source.units = sgs::testing::UnitsOf(registry_);
    source.aggregates =
        sgs::testing::AggregatesOf(sgs::testing::PlanJuly2024(registry_));
    auto report = (*calculator)->get()->ReportFor(source, MonthPeriod(2024, 7));
    ASSERT_TRUE(report.ok()) << report.status();
    report_ = *report;
  }

  ReconcileTableResponse Reconcile(const std::string& table) {
    auto response = ReconcileTable(table, report_, registry_);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : ReconcileTableResponse();
  }

  // The seed table as CSV, every cell quoted where needed.
  static std::string AsCsv(const std::string& tsv) {
    std::vector<std::string> lines;
    for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
      std::vector<std::string> cells;
      for (absl::string_view cell : absl::StrSplit(line, '\t')) {
        cells.push_back(absl::StrCat(
            "\"", absl::StrReplaceAll(cell, {{"\"", "\"\""}}), "\""));
      }
      lines.push_back(absl::StrJoin(cells, ","));
    }
    return absl::StrJoin(lines, "\r\n");
  }

  UnitRegistry registry_;
  sgs::v1::PeriodReport report_;
};

void ExpectOnlyTheBulletinsTotalRowErrors(
    const ReconcileTableResponse& response) {
  ASSERT_EQ(response.discrepancies_size(), 2) << response.DebugString();
  const auto& missed = response.discrepancies(0);
  EXPECT_EQ(missed.row(), 26);
  EXPECT_EQ(missed.unit_name(), "部门总计");
  EXPECT_EQ(missed.column(), "双公示漏报率");
  EXPECT_EQ(missed.published_value(), "1.07%");
  EXPECT_EQ(missed.computed_value(), "1.06%");
  const auto& pass = response.discrepancies(1);
  EXPECT_EQ(pass.row(), 26);
  EXPECT_EQ(pass.unit_name(), "部门总计");
  EXPECT_EQ(pass.column(), "双公示合格率");
  EXPECT_EQ(pass.published_value(), "98.80%");
  EXPECT_EQ(pass.computed_value(), "98.81%");
  EXPECT_EQ(response.unknown_units_size(), 0);
  EXPECT_EQ(response.missing_units_size(), 0);
}

TEST_F(ReconcileTest, TheSeedTableDisagreesOnlyInItsTotalRates) {
  ExpectOnlyTheBulletinsTotalRowErrors(
      Reconcile(sgs::testing::SeedAttachment1Text()));
}

TEST_F(ReconcileTest, CsvWithBomAndTitleLinesGivesTheSameAnswer) {
  const std::string csv =
      "\xEF\xBB\xBF附件 1:\r\n\r\n2024 "
      "年\"双公示\"工作情况统计表(7.1-7.31)\r\n" +
      AsCsv(sgs::testing::SeedAttachment1Text());
  EXPECT_EQ(DetectDelimiter(csv), ',');
  ExpectOnlyTheBulletinsTotalRowErrors(Reconcile(csv));
}

TEST_F(ReconcileTest, EveryWrongCellIsListed) {
  std::string table = sgs::testing::SeedAttachment1Text();
  // 市场监督局 under its alias, with a wrong 迟报数量 and 合格率; 100% written
  // without decimals agrees.
  table = absl::StrReplaceAll(
      table,
      {{"6\t殷都区市场监督局\t1\t3\t21\t8\t17\t25\t4.00%\t12.00%\t84.00%",
        "6\t市场监管局\t2\t3\t21\t8\t17\t25\t4.00%\t12.00%\t80.00%"},
       {"1\t殷都区教育局\t0\t0\t481\t481\t0\t481\t0.00%\t0.00%\t100.00%",
        "1\t殷都区教育局\t0\t0\t481\t481\t0\t481\t0%\t0%\t100%"}});
  const ReconcileTableResponse response = Reconcile(table);
  ASSERT_EQ(response.discrepancies_size(), 4) << response.DebugString();
  EXPECT_EQ(response.discrepancies(0).row(), 6);
  EXPECT_EQ(response.discrepancies(0).unit_name(), "市场监管局");
  EXPECT_EQ(response.discrepancies(0).column(), "迟报数量");
  EXPECT_EQ(response.discrepancies(0).published_value(), "2");
  EXPECT_EQ(response.discrepancies(0).computed_value(), "1");
  EXPECT_EQ(response.discrepancies(1).column(), "双公示合格率");
  EXPECT_EQ(response.discrepancies(1).computed_value(), "84.00%");
  EXPECT_EQ(response.discrepancies(2).row(), 26);
  EXPECT_EQ(response.discrepancies(3).row(), 26);
}

TEST_F(ReconcileTest, WrongOrderUnknownAndMissingUnits) {
  std::vector<std::string> lines =
      absl::StrSplit(sgs::testing::SeedAttachment1Text(), '\n');
  // Swap rows 1 and 2 (教育局, 公安局) keeping their 序号.
  std::string first = lines[1];
  std::string second = lines[2];
  lines[1] =
      absl::StrReplaceAll(second, {{"2\t殷都区公安局", "1\t殷都区公安局"}});
  lines[2] =
      absl::StrReplaceAll(first, {{"1\t殷都区教育局", "2\t殷都区教育局"}});
  // Drop 商务局 (row 25), add an unknown unit.
  lines[25] = "25\t殷都区不存在局\t0\t0\t0\t0\t0\t0\t0.00%\t0.00%\t0.00%";
  const ReconcileTableResponse response = Reconcile(absl::StrJoin(lines, "\n"));
  ASSERT_EQ(response.unknown_units_size(), 1);
  EXPECT_EQ(response.unknown_units(0), "殷都区不存在局");
  ASSERT_EQ(response.missing_units_size(), 1);
  EXPECT_EQ(response.missing_units(0), "殷都区商务局");
  ASSERT_EQ(response.discrepancies_size(), 4) << response.DebugString();
  EXPECT_EQ(response.discrepancies(0).column(), "序号");
  EXPECT_EQ(response.discrepancies(0).unit_name(), "殷都区公安局");
  EXPECT_EQ(response.discrepancies(0).published_value(), "1");
  EXPECT_EQ(response.discrepancies(0).computed_value(), "2");
  EXPECT_EQ(response.discrepancies(1).column(), "序号");
  EXPECT_EQ(response.discrepancies(1).unit_name(), "殷都区教育局");
}

TEST_F(ReconcileTest, UnparsableCellsDisagree) {
  std::string table =
      absl::StrReplaceAll(sgs::testing::SeedAttachment1Text(),
                          {{"3\t殷都区交通运输局\t0\t0\t45\t17\t28\t45",
                            "3\t殷都区交通运输局\t0\t0\t四十五\t17\t28\t45"}});
  const ReconcileTableResponse response = Reconcile(table);
  ASSERT_EQ(response.discrepancies_size(), 3);
  EXPECT_EQ(response.discrepancies(0).column(), "合格数量");
  EXPECT_EQ(response.discrepancies(0).published_value(), "四十五");
  EXPECT_EQ(response.discrepancies(0).computed_value(), "45");
}

TEST_F(ReconcileTest, StopsAtTheNextAttachment) {
  const std::string text = sgs::testing::SeedAttachment1Text() +
                           "\n附件 2:\n\n" +
                           sgs::testing::SeedAttachment2Text();
  ExpectOnlyTheBulletinsTotalRowErrors(Reconcile(text));
}

TEST_F(ReconcileTest, RefusesATableWithoutHeader) {
  auto response = ReconcileTable("a,b,c\n1,2,3\n", report_, registry_);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DelimitedTextTest, QuotesDelimitersAndLineEnds) {
  const auto rows = ParseDelimitedText(
      "\xEF\xBB\xBF"
      "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x\rlast,",
      ',');
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"multi\nline", "x"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"last", ""}));
  EXPECT_EQ(DetectDelimiter("标题\n序号\t部门\t迟报数量\n"), '\t');
  EXPECT_EQ(DetectDelimiter("序号,部门,迟报数量\n"), ',');
}

// A rate is compared at the precision it was printed with: the exact
// 8/756 = 1.058…% is "1.1%" at one decimal and 747/756 = 98.809…% is
// "98.8%", so both agree; "1.0%" and "98.7%" do not.
TEST_F(ReconcileTest, RatesCompareAtThePrecisionPrinted) {
  const ReconcileTableResponse agrees = Reconcile(
      "序号\t部门\t双公示漏报率\t双公示合格率\n\t部门总计\t1.1%\t98.8%\n");
  EXPECT_EQ(agrees.discrepancies_size(), 0) << agrees.DebugString();
  const ReconcileTableResponse differs = Reconcile(
      "序号\t部门\t双公示漏报率\t双公示合格率\n\t部门总计\t1.0%\t98.7%\n");
  ASSERT_EQ(differs.discrepancies_size(), 2) << differs.DebugString();
  EXPECT_EQ(differs.discrepancies(0).published_value(), "1.0%");
  EXPECT_EQ(differs.discrepancies(0).computed_value(), "1.06%");
  // Two decimals as before: 98.80% is wrong for 98.81%.
  const ReconcileTableResponse two =
      Reconcile("序号\t部门\t双公示合格率\n\t部门总计\t98.80%\n");
  EXPECT_EQ(two.discrepancies_size(), 1);
}

TEST_F(ReconcileTest, LicensingAndPenaltyLateRateColumnsAreRead) {
  const auto& total = report_.department_total();
  const std::string licensing = total.licensing().late_rate().percent();
  const ReconcileTableResponse agrees = Reconcile(absl::StrCat(
      "序号\t部门\t行政许可迟报率\t行政处罚迟报率\n\t部门总计\t", licensing,
      "\t", total.penalty().late_rate().percent(), "\n"));
  EXPECT_EQ(agrees.discrepancies_size(), 0) << agrees.DebugString();
  const ReconcileTableResponse differs = Reconcile(
      absl::StrCat("序号\t部门\t行政许可迟报率\t行政处罚迟报率\n\t部门总计\t",
                   licensing, "\t55.55%\n"));
  ASSERT_EQ(differs.discrepancies_size(), 1) << differs.DebugString();
  EXPECT_EQ(differs.discrepancies(0).column(), "行政处罚迟报率");
  EXPECT_EQ(differs.discrepancies(0).computed_value(),
            total.penalty().late_rate().percent());
}

TEST_F(ReconcileTest, TotalRowNameAndUnitHeadingFromTheTemplate) {
  const std::string table =
      "序号\t县（市、区）\t双公示合格率\n\t全省合计\t98.81%\n";
  ReconcileNames names;
  names.unit_headings = {"县（市、区）"};
  names.total_row_names = {"全省合计"};
  auto response = ReconcileTable(table, report_, registry_, names);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->discrepancies_size(), 0) << response->DebugString();
  EXPECT_EQ(response->unknown_units_size(), 0);
  // Without the template's words the table has no unit column.
  EXPECT_FALSE(ReconcileTable(table, report_, registry_).ok());
}

}  // namespace
}  // namespace sgs::stats
