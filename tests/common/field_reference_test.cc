#include "common/field_reference.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace sgs {
namespace {

TEST(FieldReferenceTest, DocsFileIsCurrent) {
  std::ifstream in(SGS_SOURCE_DIR "/docs/field-reference.md");
  ASSERT_TRUE(in) << "docs/field-reference.md is missing";
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_EQ(file.str(), RenderFieldReference())
      << "docs/field-reference.md is stale: run\n"
         "  build/sgs_field_reference > docs/field-reference.md";
}

TEST(FieldReferenceTest, ListsCodesNamesAndCodeLists) {
  const std::string doc = RenderFieldReference();
  EXPECT_TRUE(absl::StrContains(doc, "| XK_XDR_MC | 行政相对人名称 |"));
  EXPECT_TRUE(absl::StrContains(doc, "| CF_XDR_MC | 行政相对人名称 |"));
  EXPECT_TRUE(absl::StrContains(doc, "| CF_CFLB | 处罚类别 |"));
  EXPECT_TRUE(absl::StrContains(doc, "身份证/居民身份证"));
  EXPECT_TRUE(absl::StrContains(doc, "有效（1）；无效（2）"));
}

}  // namespace
}  // namespace sgs
