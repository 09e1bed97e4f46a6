#include "common/keys.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace sgs::keys {
namespace {

TEST(KeysTest, BigEndianIntegersSortNumerically) {
  std::vector<uint64_t> values = {
      0, 1, 255, 256, 65535, 65536, (1ull << 32) - 1, 1ull << 32, ~0ull};
  for (size_t i = 1; i < values.size(); ++i) {
    std::string a, b;
    AppendU64(&a, values[i - 1]);
    AppendU64(&b, values[i]);
    EXPECT_LT(a, b) << values[i - 1] << " vs " << values[i];
  }
}

TEST(KeysTest, RecordKeysSortByUnitThenDate) {
  // Dates across month, year and digit-count boundaries: byte order of the
  // keys must be date order.
  std::vector<absl::CivilDay> days = {
      absl::CivilDay(2023, 12, 31), absl::CivilDay(2024, 1, 1),
      absl::CivilDay(2024, 1, 9),   absl::CivilDay(2024, 1, 10),
      absl::CivilDay(2024, 2, 29),  absl::CivilDay(2024, 10, 1),
      absl::CivilDay(2099, 12, 31)};
  std::vector<std::string> keys;
  keys.reserve(days.size());
  for (const absl::CivilDay& day : days) {
    keys.push_back(RecordKey("yd-jyj", day, sgs::v1::LICENSING, "A"));
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  // Every key of one unit lies inside that unit's prefix range.
  const std::string prefix = UnitPrefix("yd-jyj");
  for (const std::string& key : keys) {
    EXPECT_EQ(key.compare(0, prefix.size(), prefix), 0);
    EXPECT_LT(key, PrefixSuccessor(prefix));
  }
  // A unit whose code extends another's does not fall into its range.
  EXPECT_NE(RecordKey("yd-jyjx", days[0], sgs::v1::LICENSING, "A")
                .compare(0, prefix.size(), prefix),
            0);
}

TEST(KeysTest, RecordKeyRoundTrips) {
  std::string key = RecordKey("yd-scjdj", absl::CivilDay(2024, 7, 31),
                              sgs::v1::PENALTY, "殷市监罚〔2024〕12号");
  auto parts = DecodeRecordKey(key);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->unit_code, "yd-scjdj");
  EXPECT_EQ(parts->receipt_date, absl::CivilDay(2024, 7, 31));
  EXPECT_EQ(parts->kind, sgs::v1::PENALTY);
  EXPECT_EQ(parts->document_number, "殷市监罚〔2024〕12号");
  EXPECT_FALSE(DecodeRecordKey("\x05yd").ok());
}

TEST(KeysTest, AggregateKeyRoundTripsAndSortsByFirstDate) {
  std::string a = AggregateKey("yd-jyj", absl::CivilDay(2024, 7, 1),
                               sgs::v1::PENALTY, absl::CivilDay(2024, 6, 30));
  std::string b = AggregateKey("yd-jyj", absl::CivilDay(2024, 7, 2),
                               sgs::v1::LICENSING, absl::CivilDay(2024, 1, 1));
  EXPECT_LT(a, b);
  auto parts = DecodeAggregateKey(a);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->first, absl::CivilDay(2024, 7, 1));
  EXPECT_EQ(parts->second, absl::CivilDay(2024, 6, 30));
  EXPECT_EQ(parts->kind, sgs::v1::PENALTY);
  EXPECT_FALSE(DecodeAggregateKey(a + "x").ok());
}

TEST(KeysTest, ImpossibleDatesDoNotDecode) {
  std::string key = UnitPrefix("yd-jyj");
  AppendU32(&key, 20240230);  // 30 February
  AppendU8(&key, sgs::v1::LICENSING);
  key += "A";
  EXPECT_FALSE(DecodeRecordKey(key).ok());
  absl::string_view zero("\0\0\0\0", 4);
  absl::CivilDay day;
  EXPECT_FALSE(ConsumeDate(&zero, &day));
  EXPECT_EQ(zero.size(), 4u);  // Nothing consumed on failure.
}

TEST(KeysTest, RejectedKeysListNewestFirst) {
  EXPECT_LT(RejectedKey("yd-jyj", 2000, 1), RejectedKey("yd-jyj", 1000, 2));
}

TEST(KeysTest, AggregateValuesCarryNegativeDeltas) {
  int64_t count = 0, risk = 0;
  ASSERT_TRUE(DecodeAggregateValue(EncodeAggregateValue(-1, 3), &count, &risk));
  EXPECT_EQ(count, -1);
  EXPECT_EQ(risk, 3);
  EXPECT_FALSE(DecodeAggregateValue("short", &count, &risk));
}

TEST(KeysTest, PrefixSuccessorSkipsTrailingFf) {
  EXPECT_EQ(PrefixSuccessor("ab"), "ac");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff", 1)), "");
}

}  // namespace
}  // namespace sgs::keys
