// sgs_bulletin, the real binary, against a real stats server on a free
// port: an unfinished month is refused with exit code 1 and no file, and
// --draft writes the 征求意见稿; a finished month writes the bulletin.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "gtest/gtest.h"
#include "stats_service/period.h"
#include "tests/stats_service/stats_env.h"
#include "tests/support/server_process.h"

namespace sgs::testing {
namespace {

class BulletinCliTest : public ::testing::Test {
 protected:
  // Runs sgs_bulletin with `flags` against the test server; its exit code.
  // Its stderr is kept for Errors().
  int Run(const std::vector<std::string>& flags) {
    std::vector<std::string> argv = {
        absl::StrCat(SGS_BINARY_DIR, "/sgs_bulletin"),
        absl::StrCat("--target=127.0.0.1:", env_.stats_server().port()),
        "--formats=text", absl::StrCat("--out_dir=", out_.path())};
    argv.insert(argv.end(), flags.begin(), flags.end());
    absl::StatusOr<ProcessResult> run = RunProcess(argv);
    EXPECT_TRUE(run.ok()) << run.status();
    last_ = run.ok() ? *std::move(run) : ProcessResult();
    return last_.exit_code;
  }

  // The last run's stderr.
  const std::string& Errors() const { return last_.errors; }

  std::string Read(const std::string& name) {
    std::ifstream in(absl::StrCat(out_.path(), "/", name));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  StatsEnv env_;
  TempDir out_;
  ProcessResult last_;
};

TEST_F(BulletinCliTest, UnfinishedMonthNeedsTheDraftFlag) {
  const absl::CivilDay today = ChinaDate(absl::Now());
  env_.Backfill({{ValidLicensingRecord("yd-jyj", "教1", FormatDate(today)),
                  absl::Now()}});
  const std::vector<std::string> month = {
      absl::StrCat("--year=", today.year()),
      absl::StrCat("--month=", today.month())};
  const std::string file = absl::StrFormat("殷都区双公示通报-%04d-%02d.txt",
                                           today.year(), today.month());

  EXPECT_EQ(Run(month), 1);
  EXPECT_TRUE(absl::StrContains(Errors(), "FAILED_PRECONDITION") ||
              absl::StrContains(Errors(), "尚未结束"))
      << Errors();
  EXPECT_FALSE(std::filesystem::exists(absl::StrCat(out_.path(), "/", file)));

  std::vector<std::string> draft = month;
  draft.emplace_back("--draft");
  EXPECT_EQ(Run(draft), 0) << Errors();
  EXPECT_TRUE(absl::StrContains(Read(file), "征求意见稿（数据截至"));
}

TEST_F(BulletinCliTest, FinishedMonthIsWritten) {
  env_.BackfillPlan(PlanJuly2024(ShippedRegistry()));
  EXPECT_EQ(Run({"--year=2024", "--month=7"}), 0) << Errors();
  const std::string text = Read("殷都区双公示通报-2024-07.txt");
  EXPECT_TRUE(absl::StrContains(text, "质量合格率为98.81%。")) << text;
  EXPECT_TRUE(absl::StrContains(text, "2024年8月5日"));
  // No draft mark on the final document.
  EXPECT_FALSE(absl::StrContains(text, "征求意见稿"));
}

}  // namespace
}  // namespace sgs::testing
