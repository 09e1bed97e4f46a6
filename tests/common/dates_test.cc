#include "common/dates.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sgs {
namespace {

using ::testing::HasSubstr;

TEST(ParseDateTest, AcceptsRealDates) {
  absl::StatusOr<absl::CivilDay> day = ParseDate("2024-07-31");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2024, 7, 31));

  ASSERT_TRUE(ParseDate("2024-02-29").ok());  // leap year
  EXPECT_EQ(*ParseDate("2000-02-29"), absl::CivilDay(2000, 2, 29));
  EXPECT_EQ(*ParseDate("1900-01-01"), absl::CivilDay(1900, 1, 1));
  EXPECT_EQ(*ParseDate("9999-12-31"), absl::CivilDay(9999, 12, 31));
}

TEST(ParseDateTest, RefusesDatesThatDoNotExist) {
  for (const char* text :
       {"2024-13-01", "2024-00-10", "2024-02-30", "2023-02-29", "1900-02-29",
        "2024-04-31", "2024-07-00", "2024-07-32", "1899-12-31", "0000-01-01"}) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(text);
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

TEST(ParseDateTest, RefusesOtherShapes) {
  for (const char* text :
       {"", "2024-7-31", "2024-07-1", "24-07-31", "2024/07/31", "20240731",
        "2024-07-31 ", " 2024-07-31", "2024-07-31T00:00:00", "2024.07.31",
        "２０２４-07-31", "2024-0a-31", "+024-07-31", "2024-07-3１"}) {
    EXPECT_FALSE(ParseDate(text).ok()) << "\"" << text << "\"";
  }
}

TEST(ParseDateTest, MessageIsChineseAndNamesTheInput) {
  absl::Status status = ParseDate("2024-13-01").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("日期格式应为 YYYY-MM-DD: \"2024-13-01\""));
}

TEST(ParseImportDateTest, AcceptsBothSeparators) {
  EXPECT_EQ(*ParseImportDate("2024-07-31"), absl::CivilDay(2024, 7, 31));
  EXPECT_EQ(*ParseImportDate("2024/07/31"), absl::CivilDay(2024, 7, 31));
  EXPECT_EQ(*ParseImportDate("2024/02/29"), absl::CivilDay(2024, 2, 29));
}

TEST(ParseImportDateTest, RefusesMixedSeparatorsAndUnrealDates) {
  for (const char* text : {"2024/07-31", "2024-07/31", "2024/02/30",
                           "2024/13/01", "2024/7/31", "2024.07.31", ""}) {
    absl::Status status = ParseImportDate(text).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text;
  }
  EXPECT_THAT(std::string(ParseImportDate("2024/13/01").status().message()),
              HasSubstr("2024/13/01"));
}

TEST(FormatDateTest, PadsFields) {
  EXPECT_EQ(FormatDate(absl::CivilDay(2024, 7, 1)), "2024-07-01");
  EXPECT_EQ(FormatDate(absl::CivilDay(1999, 12, 31)), "1999-12-31");
  EXPECT_EQ(*ParseDate(FormatDate(absl::CivilDay(2026, 2, 3))),
            absl::CivilDay(2026, 2, 3));
}

TEST(ChinaDateTest, UsesUtcPlusEight) {
  // 23:30 on 31 July Beijing time is 15:30 UTC: still July 31 in China.
  const absl::Time late_evening = absl::FromCivil(
      absl::CivilSecond(2024, 7, 31, 15, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(ChinaDate(late_evening), absl::CivilDay(2024, 7, 31));

  // 16:00 UTC on 31 July is midnight on 1 August in Beijing.
  const absl::Time midnight = absl::FromCivil(
      absl::CivilSecond(2024, 7, 31, 16, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(ChinaDate(midnight), absl::CivilDay(2024, 8, 1));
  EXPECT_EQ(ChinaDate(midnight - absl::Seconds(1)),
            absl::CivilDay(2024, 7, 31));

  // No daylight saving: the offset is the same in January and July.
  EXPECT_EQ(ChinaStandardTime().At(midnight).offset, 8 * 3600);
  const absl::Time january = absl::FromCivil(
      absl::CivilSecond(2024, 1, 15, 0, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(ChinaStandardTime().At(january).offset, 8 * 3600);
}

TEST(DateNumberTest, RoundTripsAndOrders) {
  EXPECT_EQ(DateNumber(absl::CivilDay(2024, 7, 31)), 20240731u);
  EXPECT_EQ(DateFromNumber(20240731u), absl::CivilDay(2024, 7, 31));

  // Numeric order is date order over a span with month and year changes.
  absl::CivilDay previous(2023, 12, 25);
  for (absl::CivilDay day = previous + 1; day < absl::CivilDay(2025, 3, 1);
       ++day) {
    EXPECT_LT(DateNumber(previous), DateNumber(day));
    EXPECT_EQ(DateFromNumber(DateNumber(day)), day);
    previous = day;
  }
}

}  // namespace
}  // namespace sgs
