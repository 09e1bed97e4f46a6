// 本单位迟报、漏报明细 through the real stats service on a real port: one
// CSV per unit with late or missed records, rows matching the counts.
#include "stats_service/unit_detail_export.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/period.h"
#include "tests/stats_service/seed_tables.h"
#include "tests/stats_service/stats_env.h"

namespace sgs::testing {
namespace {

TEST(UnitDetailExportTest, OneCsvPerUnitWithLateOrMissedRecords) {
  StatsEnv env;
  const UnitRegistry registry = ShippedRegistry();
  env.BackfillPlan(PlanJuly2024(registry));
  TempDir out;
  stats::UnitDetailOptions options;
  options.out_dir = out.path();
  absl::StatusOr<std::vector<std::string>> paths = stats::WriteUnitDetails(
      &env.stats(), stats::MonthPeriod(2024, 7), options);
  ASSERT_TRUE(paths.ok()) << paths.status();
  const sgs::v1::PeriodReport report = env.Report(stats::MonthPeriod(2024, 7));
  size_t with_problems = 0;
  for (const auto& u : report.departments()) {
    if (u.all().late_count() + u.all().missed_count() > 0) ++with_problems;
  }
  for (const auto& u : report.townships()) {
    if (u.all().late_count() + u.all().missed_count() > 0) ++with_problems;
  }
  EXPECT_EQ(paths->size(), with_problems);
  std::string scjdj;
  for (const std::string& p : *paths) {
    if (absl::StrContains(p, "殷都区市场监督局-迟报漏报明细-2024-07.csv")) {
      scjdj = p;
    }
  }
  ASSERT_FALSE(scjdj.empty());
  std::ifstream in(scjdj, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_TRUE(absl::StartsWith(text.str(), "\xEF\xBB\xBF序号,文书号"));
  std::vector<std::string> lines =
      absl::StrSplit(text.str(), "\r\n", absl::SkipEmpty());
  // 迟报1条，漏报3条, as the bulletin says of 市场监管局.
  ASSERT_EQ(lines.size(), 5u);
  int late = 0, missed = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    late += absl::StrContains(lines[i], ",迟报,") ? 1 : 0;
    missed += absl::StrContains(lines[i], ",漏报,") ? 1 : 0;
  }
  EXPECT_EQ(late, 1);
  EXPECT_EQ(missed, 3);
}

}  // namespace
}  // namespace sgs::testing
