#include "ingest_service/storage/paging.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/field_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace sgs::ingest::storage {
namespace {

using ::testing::ElementsAre;

TEST(PageTokenTest, RoundTripsAKeyInsideTheRange) {
  const KeyRange range{"a", "z"};
  absl::StatusOr<std::string> key =
      DecodePageToken(EncodePageToken("m\x01\xff"), range);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, "m\x01\xff");
}

TEST(PageTokenTest, EmptyTokenStartsAtTheLowerBound) {
  absl::StatusOr<std::string> key = DecodePageToken("", KeyRange{"b", "c"});
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, "b");
}

TEST(PageTokenTest, RefusesATokenOutsideTheRangeNamingTheField) {
  for (const std::string& token :
       {EncodePageToken("0"), EncodePageToken("z"), std::string("!!")}) {
    absl::StatusOr<std::string> key =
        DecodePageToken(token, KeyRange{"a", "z"});
    ASSERT_FALSE(key.ok()) << token;
    EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument);
    ASSERT_EQ(ViolationsOf(key.status()).size(), 1u);
    EXPECT_EQ(ViolationsOf(key.status())[0].field(), "page_token");
  }
}

TEST(ClampPageSizeTest, DefaultsAndCaps) {
  EXPECT_EQ(ClampPageSize(0, 100, 1000), 100);
  EXPECT_EQ(ClampPageSize(-3, 100, 1000), 100);
  EXPECT_EQ(ClampPageSize(7, 100, 1000), 7);
  EXPECT_EQ(ClampPageSize(5000, 100, 1000), 1000);
}

class ScanPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Open(dir_.path() + "/db", StoreOptions());
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = *std::move(engine);
    WriteBatch batch(engine_.get());
    for (char c = 'a'; c <= 'j'; ++c) {
      batch.Put(ColumnFamily::kObjections, std::string(1, c),
                absl::StrCat(c - 'a'));
    }
    ASSERT_TRUE(engine_->Commit(&batch).ok());
  }

  // Keeps even values, skips odd ones, and jumps from "e" to "h".
  static absl::StatusOr<ScanStep<std::string>> Visit(absl::string_view key,
                                                     absl::string_view value) {
    if (key == "e") return ScanStep<std::string>::SeekTo("h");
    int n = value[0] - '0';
    if (n % 2 == 1) return ScanStep<std::string>::Skip();
    return ScanStep<std::string>::Keep(std::string(key));
  }

  std::vector<std::string> ReadAll(int page_size, int* pages) {
    std::vector<std::string> all;
    std::string token;
    *pages = 0;
    do {
      absl::StatusOr<Page<std::string>> page = ScanPage<std::string>(
          *engine_, ColumnFamily::kObjections, KeyRange{"", ""}, page_size,
          token, &ScanPageTest::Visit);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      ++*pages;
      all.insert(all.end(), page->items.begin(), page->items.end());
      token = page->next_page_token;
    } while (!token.empty() && *pages < 100);
    return all;
  }

  sgs::testing::TempDir dir_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(ScanPageTest, KeepsSkipsAndSeeksAcrossPages) {
  int pages = 0;
  // a(0) c(2) [e seeks to h] i(8); b d h j are odd.
  EXPECT_THAT(ReadAll(1, &pages), ElementsAre("a", "c", "i"));
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(ReadAll(10, &pages), ElementsAre("a", "c", "i"));
  EXPECT_EQ(pages, 1);
}

TEST_F(ScanPageTest, StopsAtTheUpperBound) {
  absl::StatusOr<Page<std::string>> page =
      ScanPage<std::string>(*engine_, ColumnFamily::kObjections,
                            KeyRange{"b", "d"}, 10, "", &ScanPageTest::Visit);
  ASSERT_TRUE(page.ok());
  EXPECT_THAT(page->items, ElementsAre("c"));
  EXPECT_TRUE(page->next_page_token.empty());
}

}  // namespace
}  // namespace sgs::ingest::storage
