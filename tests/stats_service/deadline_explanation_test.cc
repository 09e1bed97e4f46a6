// CalculateDeadline explains itself: each counted day with its weekday,
// whether it is worked and the holiday or 调休 that made it so; an unknown
// calendar year is FAILED_PRECONDITION naming the year. Through gRPC on a
// real port with the shipped calendar.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/stats_service/stats_env.h"

namespace sgs::testing {
namespace {

using ::testing::HasSubstr;

grpc::Status Deadline(StatsEnv& env, const std::string& date,
                      sgs::v1::CalculateDeadlineResponse* response) {
  sgs::v1::CalculateDeadlineRequest request;
  request.set_decision_date(date);
  auto context = StatsEnv::Context();
  return env.stats().CalculateDeadline(context.get(), request, response);
}

TEST(DeadlineExplanationTest,
     NationalDay2024NamesTheHolidayAndTheWorkedSaturday) {
  StatsEnv env;
  sgs::v1::CalculateDeadlineResponse response;
  ASSERT_TRUE(Deadline(env, "2024-09-30", &response).ok());
  EXPECT_EQ(response.last_on_time_date(), "2024-10-12");
  EXPECT_EQ(response.first_missed_date(), "2024-10-31");
  EXPECT_EQ(response.last_not_missed_date(), "2024-10-30");
  EXPECT_THAT(response.rule(),
              HasSubstr("自作出决定之日起5个工作日内报送，决定当日不计"));
  ASSERT_EQ(response.counted_days_size(), 12);  // 10-01 .. 10-12
  const sgs::v1::CountedDay& first = response.counted_days(0);
  EXPECT_EQ(first.date(), "2024-10-01");
  EXPECT_EQ(first.weekday(), "星期二");
  EXPECT_FALSE(first.working_day());
  EXPECT_EQ(first.reason(), "国庆节");
  EXPECT_EQ(first.working_day_number(), 0);
  const sgs::v1::CountedDay& tuesday = response.counted_days(7);
  EXPECT_EQ(tuesday.date(), "2024-10-08");
  EXPECT_TRUE(tuesday.working_day());
  EXPECT_EQ(tuesday.working_day_number(), 1);
  EXPECT_EQ(tuesday.reason(), "");
  const sgs::v1::CountedDay& saturday = response.counted_days(11);
  EXPECT_EQ(saturday.date(), "2024-10-12");
  EXPECT_EQ(saturday.weekday(), "星期六");
  EXPECT_TRUE(saturday.working_day());
  EXPECT_EQ(saturday.reason(), "国庆节调休上班");
  EXPECT_EQ(saturday.working_day_number(), 5);
}

TEST(DeadlineExplanationTest, WeekendsAreNamed) {
  StatsEnv env;
  sgs::v1::CalculateDeadlineResponse response;
  ASSERT_TRUE(Deadline(env, "2024-07-05", &response).ok());  // a Friday
  EXPECT_EQ(response.last_on_time_date(), "2024-07-12");
  ASSERT_GE(response.counted_days_size(), 2);
  EXPECT_EQ(response.counted_days(0).reason(), "周末");
  EXPECT_EQ(response.counted_days(0).weekday(), "星期六");
}

TEST(DeadlineExplanationTest, UnknownYearNamesTheYearAndWhoMustAddIt) {
  StatsEnv env;
  sgs::v1::CalculateDeadlineResponse response;
  const grpc::Status status = Deadline(env, "2027-03-01", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("2027"));
  EXPECT_THAT(status.error_message(), HasSubstr("区信用办补充"));
}

}  // namespace
}  // namespace sgs::testing
