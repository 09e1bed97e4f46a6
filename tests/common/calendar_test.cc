#include "common/calendar.h"

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/dates.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace sgs {
namespace {

using ::sgs::config::v1::CalendarFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::CivilDay Day(const char* text) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(text);
  EXPECT_TRUE(day.ok()) << day.status();
  return day.ok() ? *day : absl::CivilDay();
}

class ShippedCalendarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<WorkingCalendar> loaded = WorkingCalendar::LoadFromFile(
        std::string(SGS_SOURCE_DIR) + "/config/calendar.textproto");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    calendar_ = std::move(*loaded);
  }

  bool Working(const char* date) {
    absl::StatusOr<bool> working = calendar_.IsWorkingDay(Day(date));
    EXPECT_TRUE(working.ok()) << date << ": " << working.status();
    return working.ok() && *working;
  }

  WorkingCalendar calendar_;
};

TEST_F(ShippedCalendarTest, KnowsTheAnnouncedYears) {
  EXPECT_THAT(calendar_.KnownYears(), ElementsAre(2024, 2025, 2026));
  EXPECT_TRUE(calendar_.KnowsYear(2025));
  EXPECT_FALSE(calendar_.KnowsYear(2023));
  EXPECT_FALSE(calendar_.KnowsYear(2027));
}

// docs/domain.md §6: decision date + N working days = last on-time date.
struct CheckVector {
  const char* decision;
  int working_days;
  const char* expected;
};

TEST_F(ShippedCalendarTest, DomainCheckVectors) {
  const CheckVector vectors[] = {
      {"2025-01-24", 5, "2025-02-07"}, {"2024-09-27", 5, "2024-10-10"},
      {"2026-02-12", 5, "2026-02-26"}, {"2025-09-30", 5, "2025-10-14"},
      {"2024-02-08", 7, "2024-02-23"}, {"2026-04-30", 5, "2026-05-11"},
      {"2025-12-31", 5, "2026-01-08"}, {"2026-09-24", 7, "2026-10-12"},
  };
  for (const CheckVector& v : vectors) {
    absl::StatusOr<absl::CivilDay> deadline =
        calendar_.AddWorkingDays(Day(v.decision), v.working_days);
    ASSERT_TRUE(deadline.ok()) << v.decision << ": " << deadline.status();
    EXPECT_EQ(FormatDate(*deadline), v.expected)
        << v.decision << " + " << v.working_days;
  }
}

TEST_F(ShippedCalendarTest, WorkingDaysPerYearByIteratingDays) {
  const std::pair<int, int> expected[] = {
      {2024, 251}, {2025, 248}, {2026, 248}};
  for (const auto& [year, count] : expected) {
    int working = 0;
    int days = 0;
    for (absl::CivilDay day(year, 1, 1); day.year() == year; ++day) {
      absl::StatusOr<bool> is_working = calendar_.IsWorkingDay(day);
      ASSERT_TRUE(is_working.ok()) << is_working.status();
      working += *is_working ? 1 : 0;
      ++days;
    }
    EXPECT_EQ(working, count) << year;
    EXPECT_EQ(days, year == 2024 ? 366 : 365);
    absl::StatusOr<int> reported = calendar_.WorkingDaysInYear(year);
    ASSERT_TRUE(reported.ok()) << reported.status();
    EXPECT_EQ(*reported, count) << year;
  }
}

TEST_F(ShippedCalendarTest, HolidaysAdjustedDaysAndWeekends) {
  EXPECT_TRUE(Working("2024-02-09"));   // 除夕 2024, a Friday, was worked
  EXPECT_FALSE(Working("2024-02-10"));  // 春节
  EXPECT_FALSE(Working("2024-02-16"));  // a Friday inside 春节
  EXPECT_TRUE(Working("2024-02-04"));   // Sunday, 调休
  EXPECT_TRUE(Working("2024-02-18"));   // Sunday, 调休
  EXPECT_FALSE(Working("2024-06-10"));  // 端午节, a Monday
  EXPECT_TRUE(Working("2024-07-01"));   // an ordinary Monday
  EXPECT_FALSE(Working("2024-07-06"));  // an ordinary Saturday
  EXPECT_FALSE(Working("2024-07-07"));  // an ordinary Sunday
  EXPECT_FALSE(Working("2025-10-08"));  // 国庆节、中秋节, a Wednesday
  EXPECT_TRUE(Working("2025-10-11"));   // Saturday, 调休
  EXPECT_FALSE(Working("2026-01-02"));  // 元旦, a Friday
  EXPECT_TRUE(Working("2026-01-04"));   // Sunday, 调休
  EXPECT_TRUE(Working("2026-02-28"));   // Saturday, 调休
  EXPECT_FALSE(Working("2026-02-23"));  // 春节, a Monday
}

TEST_F(ShippedCalendarTest, AddZeroWorkingDaysIsTheSameDay) {
  // Even a rest day: day 0 is never counted.
  EXPECT_EQ(*calendar_.AddWorkingDays(Day("2024-02-10"), 0), Day("2024-02-10"));
  EXPECT_EQ(*calendar_.AddWorkingDays(Day("2024-07-01"), 1), Day("2024-07-02"));
  EXPECT_EQ(*calendar_.AddWorkingDays(Day("2024-07-05"), 1), Day("2024-07-08"));
  EXPECT_EQ(calendar_.AddWorkingDays(Day("2024-07-01"), -1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ShippedCalendarTest, UnknownYearIsAnExplicitError) {
  absl::Status status = calendar_.IsWorkingDay(Day("2027-03-01")).status();
  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(status)) << status;
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("2027"));

  status = calendar_.IsWorkingDay(Day("2023-12-29")).status();
  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("2023"));

  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(
      calendar_.WorkingDaysInYear(2027).status()));

  // Adding working days across the end of 2026 needs 2027.
  absl::Status crossing =
      calendar_.AddWorkingDays(Day("2026-12-28"), 5).status();
  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(crossing)) << crossing;
  EXPECT_THAT(std::string(crossing.message()), HasSubstr("2027"));
  // ... but not when the count ends inside 2026.
  absl::StatusOr<absl::CivilDay> inside =
      calendar_.AddWorkingDays(Day("2026-12-28"), 3);
  ASSERT_TRUE(inside.ok()) << inside.status();
  EXPECT_EQ(*inside, Day("2026-12-31"));
}

TEST(CalendarUnknownTest, RecognisesOnlyItsOwnError) {
  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(
      WorkingCalendar::UnknownYearError(2030)));
  EXPECT_FALSE(WorkingCalendar::IsCalendarUnknown(absl::OkStatus()));
  EXPECT_FALSE(WorkingCalendar::IsCalendarUnknown(
      absl::FailedPreconditionError("something else")));
  EXPECT_FALSE(WorkingCalendar::IsCalendarUnknown(
      absl::InvalidArgumentError("calendar unknown")));
  // A status rebuilt from code and message (payload lost) still counts.
  const absl::Status original = WorkingCalendar::UnknownYearError(2030);
  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(
      absl::Status(original.code(), original.message())));
}

// --- Refused tables --------------------------------------------------------

absl::Status FromText(const std::string& text) {
  CalendarFile file;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &file))
      << text;
  return WorkingCalendar::FromProto(file).status();
}

TEST(CalendarValidationTest, AcceptsAConsistentTable) {
  // 2024 without holidays: 262 weekdays; plus one adjusted Sunday, minus
  // one holiday Monday.
  EXPECT_TRUE(FromText(R"pb(years {
                              year: 2024
                              holidays: "2024-06-10 端午节"
                              adjusted_working_days: "2024-02-04"
                              expected_working_days: 262
                            })pb")
                  .ok());
  EXPECT_TRUE(FromText("years { year: 2024 }").ok());  // count not checked
}

TEST(CalendarValidationTest, RefusesWrongWorkingDayCount) {
  absl::Status status = FromText(R"pb(years {
                                        year: 2024
                                        holidays: "2024-06-10"
                                        expected_working_days: 262
                                      })pb");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("261"));
}

TEST(CalendarValidationTest, RefusesBadTables) {
  const char* bad[] = {
      // Holiday outside its year.
      R"pb(years { year: 2024 holidays: "2025-01-01" })pb",
      // Range crossing into the next year.
      R"pb(years { year: 2024 holidays: "2024-12-31..2025-01-01" })pb",
      // Malformed date and range.
      R"pb(years { year: 2024 holidays: "2024-13-01" })pb",
      R"pb(years { year: 2024 holidays: "2024-02-17..2024-02-10" })pb",
      R"pb(years { year: 2024 holidays: "2024/02/10" })pb",
      R"pb(years { year: 2024 holidays: "" })pb",
      // Adjusted working day on a weekday (2024-02-05 is a Monday).
      R"pb(years { year: 2024 adjusted_working_days: "2024-02-05" })pb",
      // Adjusted working day outside its year.
      R"pb(years { year: 2024 adjusted_working_days: "2023-12-31" })pb",
      // The same day both holiday and working day.
      R"pb(years {
             year: 2024
             holidays: "2024-02-04"
             adjusted_working_days: "2024-02-04"
           })pb",
      // A holiday listed twice.
      R"pb(years {
             year: 2024
             holidays: "2024-10-01..2024-10-07"
             holidays: "2024-10-07"
           })pb",
      // The same year twice.
      R"pb(years { year: 2024 }
           years { year: 2024 })pb",
      R"pb(years { year: 0 })pb",
  };
  for (const char* text : bad) {
    EXPECT_EQ(FromText(text).code(), absl::StatusCode::kInvalidArgument)
        << text;
  }
}

TEST(CalendarValidationTest, MistypedDateIsCaughtByTheCount) {
  // 端午节 2024 typed as Saturday 06-08 instead of Monday 06-10 is still a
  // well-formed table; only expected_working_days catches it.
  CalendarFile file;
  file.add_years()->set_year(2024);
  file.mutable_years(0)->add_holidays("2024-06-10 端午节");
  file.mutable_years(0)->set_expected_working_days(261);
  EXPECT_TRUE(WorkingCalendar::FromProto(file).ok());
  file.mutable_years(0)->set_holidays(0, "2024-06-08 端午节");
  EXPECT_FALSE(WorkingCalendar::FromProto(file).ok());
}

TEST(CalendarLoadTest, ParseErrorNamesFileAndLine) {
  const std::string path = ::testing::TempDir() + "/bad_calendar.textproto";
  {
    FILE* f = fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    fputs("years {\n  year: 2024\n  holiday: \"2024-01-01\"\n}\n", f);
    fclose(f);
  }
  absl::Status status = WorkingCalendar::LoadFromFile(path).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(absl::StrCat(path, ":3:")));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace sgs
