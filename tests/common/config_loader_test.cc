#include "common/config_loader.h"

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sgs/config/v1/config.pb.h"

namespace sgs {
namespace {

using ::testing::HasSubstr;

// Writes `contents` to a fresh file under the test's temporary directory.
std::string WriteTempFile(const std::string& name,
                          const std::string& contents) {
  const std::string path = ::testing::TempDir() + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr) << path;
  if (f != nullptr) {
    std::fwrite(contents.data(), 1, contents.size(), f);
    std::fclose(f);
  }
  return path;
}

TEST(ReadFileToStringTest, ReadsWholeFileIncludingNulBytes) {
  constexpr char kData[] = "abc\0def\n中文";
  const std::string contents(kData, sizeof(kData) - 1);
  const std::string path = WriteTempFile("read_whole.txt", contents);
  absl::StatusOr<std::string> read = ReadFileToString(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, contents);
  std::remove(path.c_str());
}

TEST(ReadFileToStringTest, MissingFileIsNotFoundNamingThePath) {
  absl::Status status =
      ReadFileToString("/nonexistent/dir/file.textproto").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("/nonexistent/dir/file.textproto"));
}

TEST(ReadFileToStringTest, DirectoryIsAnError) {
  absl::Status status = ReadFileToString(::testing::TempDir()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), HasSubstr(::testing::TempDir()));
}

TEST(LoadTextProtoFileTest, LoadsAValidFile) {
  const std::string path = WriteTempFile("policy_ok.textproto", R"pb(
    # A comment.
    timeliness { on_time_limit: 7 on_time_day_kind: WORKING_DAYS }
    escalation { late_rate_threshold_percent: 20.5 }
  )pb");
  sgs::config::v1::PolicyFile file;
  absl::Status status = LoadTextProtoFile(path, &file);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(file.timeliness().on_time_limit(), 7);
  EXPECT_EQ(file.timeliness().on_time_day_kind(),
            sgs::config::v1::WORKING_DAYS);
  EXPECT_EQ(file.escalation().late_rate_threshold_percent(), 20.5);
  std::remove(path.c_str());
}

TEST(LoadTextProtoFileTest, ErrorNamesFileLineAndColumn) {
  // Line 3: a misspelt field name. (The parser reports the column of the
  // token after the name, so only the line is pinned here.)
  const std::string path =
      WriteTempFile("policy_bad.textproto",
                    "timeliness {\n  on_time_limit: 5\n  on_time_limt: 7\n}\n");
  sgs::config::v1::PolicyFile file;
  absl::Status status = LoadTextProtoFile(path, &file);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              ::testing::ContainsRegex(":3:[0-9]+: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr(path + ":3:"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("on_time_limt"));
  std::remove(path.c_str());
}

TEST(LoadTextProtoFileTest, BadEnumValueIsRefused) {
  const std::string path = WriteTempFile(
      "policy_enum.textproto", "timeliness { on_time_day_kind: WORKDAYS }\n");
  sgs::config::v1::PolicyFile file;
  absl::Status status = LoadTextProtoFile(path, &file);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr(path + ":1:"));
  std::remove(path.c_str());
}

TEST(LoadTextProtoFileTest, MissingFileIsNotFound) {
  sgs::config::v1::PolicyFile file;
  EXPECT_EQ(LoadTextProtoFile("/nonexistent/policy.textproto", &file).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace sgs
