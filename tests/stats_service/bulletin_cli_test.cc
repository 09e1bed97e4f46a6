// sgs_bulletin, the real binary, against a real stats server on a free
// port: an unfinished month is refused with exit code 1 and no file, and
// --draft writes the 征求意见稿; a finished month writes the bulletin.
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "gtest/gtest.h"
#include "stats_service/period.h"
#include "tests/stats_service/stats_env.h"

namespace sgs::testing {
namespace {

class BulletinCliTest : public ::testing::Test {
 protected:
  // Runs sgs_bulletin with `flags` against the test server; its exit code.
  int Run(const std::string& flags) {
    const std::string command = absl::StrCat(
        SGS_BINARY_DIR,
        "/sgs_bulletin --target=127.0.0.1:", env_.stats_server().port(),
        " --formats=text --out_dir=", out_.path(), " ", flags, " >",
        out_.path(), "/stdout 2>", out_.path(), "/stderr");
    const int status = system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string Read(const std::string& name) {
    std::ifstream in(absl::StrCat(out_.path(), "/", name));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  StatsEnv env_;
  TempDir out_;
};

TEST_F(BulletinCliTest, UnfinishedMonthNeedsTheDraftFlag) {
  const absl::CivilDay today = ChinaDate(absl::Now());
  env_.Backfill({{ValidLicensingRecord("yd-jyj", "教1", FormatDate(today)),
                  absl::Now()}});
  const std::string month =
      absl::StrCat("--year=", today.year(), " --month=", today.month());
  const std::string file = absl::StrFormat("殷都区双公示通报-%04d-%02d.txt",
                                           today.year(), today.month());

  EXPECT_EQ(Run(month), 1);
  EXPECT_TRUE(absl::StrContains(Read("stderr"), "FAILED_PRECONDITION") ||
              absl::StrContains(Read("stderr"), "尚未结束"))
      << Read("stderr");
  EXPECT_FALSE(std::filesystem::exists(absl::StrCat(out_.path(), "/", file)));

  EXPECT_EQ(Run(month + " --draft"), 0) << Read("stderr");
  EXPECT_TRUE(absl::StrContains(Read(file), "征求意见稿（数据截至"));
}

TEST_F(BulletinCliTest, FinishedMonthIsWritten) {
  env_.BackfillPlan(PlanJuly2024(ShippedRegistry()));
  EXPECT_EQ(Run("--year=2024 --month=7"), 0) << Read("stderr");
  const std::string text = Read("殷都区双公示通报-2024-07.txt");
  EXPECT_TRUE(absl::StrContains(text, "质量合格率为98.81%。")) << text;
  EXPECT_TRUE(absl::StrContains(text, "2024年8月5日"));
  // No draft mark on the final document.
  EXPECT_FALSE(absl::StrContains(text, "征求意见稿"));
}

}  // namespace
}  // namespace sgs::testing
