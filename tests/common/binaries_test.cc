// Every binary, run as an operator runs it: --version prints the project
// version (the VERSION file), the git commit and the build type; --help
// lists the binary's own flags; and every flag that the Kubernetes
// manifests in k8s/ pass to a binary exists in that binary.
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/support/server_process.h"
#include "tests/support/test_env.h"

namespace sgs::testing {
namespace {

const char* const kBinaries[] = {"ingest_service", "stats_service",
                                 "sgs_import", "sgs_bulletin", "sgs_admin"};

// stdout and stderr of `binary` run with `flag`, and its exit code.
std::string RunCommand(const std::string& binary, const std::string& flag,
                       int* exit_code) {
  absl::StatusOr<ProcessResult> run =
      RunProcess({BinaryPath(binary), flag}, /*merge_stderr=*/true);
  EXPECT_TRUE(run.ok()) << run.status();
  if (!run.ok()) return "";
  *exit_code = run->exit_code;
  return run->output;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(BinariesTest, VersionNamesTheVersionCommitAndBuildType) {
  const std::string version =
      std::string(absl::StripAsciiWhitespace(ReadFile(SourcePath("VERSION"))));
  ASSERT_FALSE(version.empty());
  for (const char* binary : kBinaries) {
    int exit_code = -1;
    const std::string output = RunCommand(binary, "--version", &exit_code);
    EXPECT_EQ(exit_code, 0) << binary;
    EXPECT_TRUE(absl::StartsWith(
        output, absl::StrCat(binary, " ", version, " (commit ")))
        << binary << ": " << output;
    EXPECT_TRUE(absl::StrContains(output, ", RelWithDebInfo)") ||
                absl::StrContains(output, ", Release)") ||
                absl::StrContains(output, ", Debug)"))
        << output;
    EXPECT_FALSE(absl::StrContains(output, "commit unknown")) << output;
  }
}

TEST(BinariesTest, HelpListsTheBinarysOwnFlags) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"ingest_service",
       {"--data_dir", "--metrics_port", "--health_port", "--backup_dir",
        "--log_level"}},
      {"stats_service",
       {"--ingest_target", "--metrics_port", "--calendar_warn_days"}},
      {"sgs_import", {"--input", "--backfill"}},
      {"sgs_bulletin", {"--year", "--formats"}},
      {"sgs_admin", {"--backup_dir", "--token_file", "--keep"}},
  };
  for (const auto& [binary, flags] : expected) {
    int exit_code = -1;
    const std::string output = RunCommand(binary, "--help", &exit_code);
    EXPECT_FALSE(absl::StrContains(output, "No flags matched")) << binary;
    for (const std::string& flag : flags) {
      EXPECT_TRUE(absl::StrContains(output, flag + " ("))
          << binary << " --help lacks " << flag << ":\n"
          << output;
    }
    // absl's own flags stay in --helpfull.
    EXPECT_FALSE(absl::StrContains(output, "--flagfile (")) << binary;
  }
}

// (binary, flag) for every "- --flag=..." under a container whose command
// is /opt/sgs/bin/<binary>.
std::vector<std::pair<std::string, std::string>> ManifestFlags() {
  std::vector<std::pair<std::string, std::string>> flags;
  for (const char* file :
       {"k8s/ingest.yaml", "k8s/stats.yaml", "k8s/backup.yaml"}) {
    std::istringstream lines(ReadFile(SourcePath(file)));
    std::string line;
    std::string binary;
    while (std::getline(lines, line)) {
      const size_t at = line.find("/opt/sgs/bin/");
      if (at != std::string::npos && absl::StrContains(line, "command:")) {
        binary = line.substr(at + 13);
        binary = binary.substr(0, binary.find('"'));
        continue;
      }
      absl::string_view item = absl::StripAsciiWhitespace(line);
      if (!binary.empty() && absl::ConsumePrefix(&item, "- --")) {
        flags.emplace_back(binary, item.substr(0, item.find('=')));
      }
    }
  }
  return flags;
}

TEST(BinariesTest, EveryFlagTheManifestsPassExists) {
  const auto flags = ManifestFlags();
  ASSERT_GT(flags.size(), 20u);
  std::map<std::string, std::string> help;
  std::set<std::string> binaries;
  for (const auto& [binary, flag] : flags) {
    if (help.count(binary) == 0) {
      int exit_code = -1;
      help[binary] = RunCommand(binary, "--helpfull", &exit_code);
    }
    binaries.insert(binary);
    EXPECT_TRUE(absl::StrContains(help[binary], absl::StrCat("--", flag, " (")))
        << "k8s passes --" << flag << " to " << binary
        << ", which has no such flag";
  }
  EXPECT_EQ(binaries, (std::set<std::string>{"ingest_service", "stats_service",
                                             "sgs_admin"}));
}

}  // namespace
}  // namespace sgs::testing
