#include "stats_service/rates.h"

#include "gtest/gtest.h"

namespace sgs::stats {
namespace {

TEST(RatesTest, BulletinFiguresRoundHalfUpToTwoDecimals) {
  EXPECT_EQ(MakeRate(8, 756).percent(), "1.06%");
  EXPECT_EQ(MakeRate(747, 756).percent(), "98.81%");
  EXPECT_EQ(MakeRate(1, 756).percent(), "0.13%");
  EXPECT_EQ(MakeRate(1, 25).percent(), "4.00%");
  EXPECT_EQ(MakeRate(3, 25).percent(), "12.00%");
  EXPECT_EQ(MakeRate(21, 25).percent(), "84.00%");
  EXPECT_EQ(MakeRate(3, 3).percent(), "100.00%");
  EXPECT_EQ(MakeRate(0, 3).percent(), "0.00%");
  // The bulletin's own total row: 8 of 747 is what it printed as 1.07%.
  EXPECT_EQ(MakeRate(8, 747).percent(), "1.07%");
}

TEST(RatesTest, NoRecordsShowZero) {
  const sgs::v1::Rate rate = MakeRate(0, 0);
  EXPECT_EQ(rate.percent(), "0.00%");
  EXPECT_EQ(rate.hundredths_of_percent(), 0);
  EXPECT_EQ(rate.numerator(), 0);
  EXPECT_EQ(rate.denominator(), 0);
}

TEST(RatesTest, ExactHalvesRoundUpNotToEven) {
  EXPECT_EQ(MakeRate(1, 800).percent(), "0.13%");    // 0.125 %
  EXPECT_EQ(MakeRate(3, 800).percent(), "0.38%");    // 0.375 %
  EXPECT_EQ(MakeRate(1, 1600).percent(), "0.06%");   // 0.0625 %
  EXPECT_EQ(MakeRate(1, 80000).percent(), "0.00%");  // 0.00125 %
  EXPECT_EQ(MakeRate(1, 3).percent(), "33.33%");
  EXPECT_EQ(MakeRate(2, 3).percent(), "66.67%");
  EXPECT_EQ(MakeRate(1999, 200000).percent(), "1.00%");  // 0.9995 %
  // 99.995 % shows as 100.00% although one record failed; the no_records
  // flag and the exact numerator/denominator keep the truth.
  EXPECT_EQ(MakeRate(19999, 20000).percent(), "100.00%");
  EXPECT_EQ(MakeRate(19999, 20000).hundredths_of_percent(), 10000);
}

TEST(RatesTest, KeepsTheFractionAndHundredths) {
  const sgs::v1::Rate rate = MakeRate(1, 25);
  EXPECT_EQ(rate.numerator(), 1);
  EXPECT_EQ(rate.denominator(), 25);
  EXPECT_EQ(rate.hundredths_of_percent(), 400);
}

TEST(RatesTest, HugeCountsDoNotOverflow) {
  const int64_t big = int64_t{1} << 60;
  EXPECT_EQ(MakeRate(big / 2, big).percent(), "50.00%");
  EXPECT_EQ(MakeRate(big, big).percent(), "100.00%");
}

TEST(RatesTest, ParsesPublishedPercentages) {
  EXPECT_EQ(ParsePercentHundredths("1.07%"), 107);
  EXPECT_EQ(ParsePercentHundredths("100%"), 10000);
  EXPECT_EQ(ParsePercentHundredths("0%"), 0);
  EXPECT_EQ(ParsePercentHundredths("98.8%"), 9880);
  EXPECT_EQ(ParsePercentHundredths(" 4.00 % "), 400);
  EXPECT_EQ(ParsePercentHundredths("12"), 1200);
  EXPECT_EQ(ParsePercentHundredths("1.005%"), 101);
  EXPECT_EQ(ParsePercentHundredths("1.004%"), 100);
  EXPECT_EQ(ParsePercentHundredths(".5%"), 50);
  EXPECT_FALSE(ParsePercentHundredths("").has_value());
  EXPECT_FALSE(ParsePercentHundredths("%").has_value());
  EXPECT_FALSE(ParsePercentHundredths(".").has_value());
  EXPECT_FALSE(ParsePercentHundredths("-1%").has_value());
  EXPECT_FALSE(ParsePercentHundredths("1.0.0%").has_value());
  EXPECT_FALSE(ParsePercentHundredths("abc").has_value());
}

TEST(RatesTest, ComparesRatesToConfiguredThresholdsExactly) {
  EXPECT_EQ(CompareRateToPercent(1, 5, 20), 0);  // exactly 20 %
  EXPECT_EQ(CompareRateToPercent(21, 100, 20), 1);
  EXPECT_EQ(CompareRateToPercent(19, 100, 20), -1);
  // 33.3 as a double is slightly below 33.3; the comparison must not be.
  EXPECT_EQ(CompareRateToPercent(333, 1000, 33.3), 0);
  EXPECT_EQ(CompareRateToPercent(3, 3, 100), 0);
  EXPECT_EQ(CompareRateToPercent(2, 3, 100), -1);
  EXPECT_EQ(CompareRateToPercent(0, 0, 20), -1);
  EXPECT_EQ(CompareRateToPercent(0, 0, 0), 0);
}

TEST(RatesTest, FormatsHundredths) {
  EXPECT_EQ(FormatHundredths(0), "0.00%");
  EXPECT_EQ(FormatHundredths(5), "0.05%");
  EXPECT_EQ(FormatHundredths(10000), "100.00%");
  EXPECT_EQ(FormatHundredths(-250), "-2.50%");
}

}  // namespace
}  // namespace sgs::stats
