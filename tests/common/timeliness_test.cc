#include "common/timeliness.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "common/config_loader.h"
#include "common/dates.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace sgs {
namespace {

using ::sgs::config::v1::TimelinessPolicy;

absl::CivilDay Day(const char* text) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(text);
  EXPECT_TRUE(day.ok()) << day.status();
  return day.ok() ? *day : absl::CivilDay();
}

const char* Name(Timeliness t) {
  switch (t) {
    case Timeliness::kOnTime:
      return "on time";
    case Timeliness::kLate:
      return "late";
    case Timeliness::kMissed:
      return "missed";
  }
  return "?";
}

TimelinessPolicy Policy(int on_time, sgs::config::v1::DayKind on_time_kind,
                        int missed, sgs::config::v1::DayKind missed_kind) {
  TimelinessPolicy policy;
  policy.set_on_time_limit(on_time);
  policy.set_on_time_day_kind(on_time_kind);
  policy.set_missed_limit(missed);
  policy.set_missed_day_kind(missed_kind);
  return policy;
}

class TimelinessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<WorkingCalendar> loaded = WorkingCalendar::LoadFromFile(
        std::string(SGS_SOURCE_DIR) + "/config/calendar.textproto");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    calendar_ = std::move(*loaded);
  }

  TimelinessClassifier Make(const TimelinessPolicy& policy) {
    absl::StatusOr<TimelinessClassifier> classifier =
        TimelinessClassifier::Create(policy, &calendar_);
    EXPECT_TRUE(classifier.ok()) << classifier.status();
    return *classifier;
  }

  // "on time" / "late" / "missed", or the error.
  static std::string ClassifyText(const TimelinessClassifier& classifier,
                                  const char* decision, const char* receipt) {
    absl::StatusOr<Timeliness> t =
        classifier.Classify(Day(decision), Day(receipt));
    if (!t.ok()) return std::string(t.status().message());
    return Name(*t);
  }

  WorkingCalendar calendar_;
};

TEST_F(TimelinessTest, BulletinDefaultsAtTheBoundaries) {
  const TimelinessClassifier c = Make(TimelinessClassifier::DefaultPolicy());
  // 2024-07-01 is a Monday: the 5th working day after it is Monday 07-08.
  absl::StatusOr<Deadlines> d = c.ComputeDeadlines(Day("2024-07-01"));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(FormatDate(d->last_on_time_day), "2024-07-08");
  EXPECT_EQ(FormatDate(d->first_missed_day), "2024-08-01");

  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-07-01"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-07-08"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-07-09"), "late");
  // Exactly 30 calendar days later is not yet missed; 31 is.
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-07-31"), "late");
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-08-01"), "missed");
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2025-07-01"), "missed");
}

TEST_F(TimelinessTest, WeekendReceiptAfterAFridayDeadlineIsLate) {
  const TimelinessClassifier c = Make(TimelinessClassifier::DefaultPolicy());
  // Friday 2024-06-28 + 5 working days = Friday 2024-07-05.
  EXPECT_EQ(FormatDate(c.ComputeDeadlines(Day("2024-06-28"))->last_on_time_day),
            "2024-07-05");
  EXPECT_EQ(ClassifyText(c, "2024-06-28", "2024-07-05"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-06-28", "2024-07-06"), "late");
  // A decision taken on a Sunday still counts from the next working day.
  EXPECT_EQ(FormatDate(c.ComputeDeadlines(Day("2024-07-07"))->last_on_time_day),
            "2024-07-12");
}

TEST_F(TimelinessTest, DeadlinesSpanningHolidays) {
  const TimelinessClassifier c = Make(TimelinessClassifier::DefaultPolicy());
  // 国庆节 2024: Friday 09-27 → 09-29 (调休 Sunday), 09-30, 10-08, 10-09,
  // 10-10.
  EXPECT_EQ(FormatDate(c.ComputeDeadlines(Day("2024-09-27"))->last_on_time_day),
            "2024-10-10");
  EXPECT_EQ(ClassifyText(c, "2024-09-27", "2024-10-07"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-09-27", "2024-10-10"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-09-27", "2024-10-11"), "late");
  // 春节 2025.
  EXPECT_EQ(ClassifyText(c, "2025-01-24", "2025-02-07"), "on time");
  EXPECT_EQ(ClassifyText(c, "2025-01-24", "2025-02-08"), "late");  // 调休 Sat
  // Across the new year, both years known.
  EXPECT_EQ(ClassifyText(c, "2025-12-31", "2026-01-08"), "on time");
  EXPECT_EQ(ClassifyText(c, "2025-12-31", "2026-01-09"), "late");
  // 春节 2026 and 劳动节 2026.
  EXPECT_EQ(ClassifyText(c, "2026-02-12", "2026-02-26"), "on time");
  EXPECT_EQ(ClassifyText(c, "2026-02-12", "2026-02-27"), "late");
  EXPECT_EQ(ClassifyText(c, "2026-04-30", "2026-05-11"), "on time");
  EXPECT_EQ(ClassifyText(c, "2026-04-30", "2026-05-12"), "late");
}

TEST_F(TimelinessTest, NationalSevenWorkingDayOption) {
  const TimelinessClassifier c = Make(Policy(
      7, sgs::config::v1::WORKING_DAYS, 30, sgs::config::v1::CALENDAR_DAYS));
  EXPECT_EQ(FormatDate(c.ComputeDeadlines(Day("2024-02-08"))->last_on_time_day),
            "2024-02-23");
  EXPECT_EQ(ClassifyText(c, "2024-02-08", "2024-02-23"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-02-08", "2024-02-24"), "late");
  EXPECT_EQ(ClassifyText(c, "2026-09-24", "2026-10-12"), "on time");
  EXPECT_EQ(ClassifyText(c, "2026-09-24", "2026-10-13"), "late");
  // The bulletin's 5 days would already be late on 2024-07-09.
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-07-10"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-07-11"), "late");
}

TEST_F(TimelinessTest, CalendarDayOption) {
  const TimelinessClassifier c = Make(Policy(
      15, sgs::config::v1::CALENDAR_DAYS, 30, sgs::config::v1::CALENDAR_DAYS));
  // Holidays do not stretch calendar days.
  EXPECT_EQ(FormatDate(c.ComputeDeadlines(Day("2024-09-27"))->last_on_time_day),
            "2024-10-12");
  EXPECT_EQ(ClassifyText(c, "2024-09-27", "2024-10-12"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-09-27", "2024-10-13"), "late");
  EXPECT_EQ(ClassifyText(c, "2024-09-27", "2024-10-27"), "late");
  EXPECT_EQ(ClassifyText(c, "2024-09-27", "2024-10-28"), "missed");
}

TEST_F(TimelinessTest, CalendarDaysNeedNoCalendar) {
  absl::StatusOr<TimelinessClassifier> c =
      TimelinessClassifier::Create(Policy(15, sgs::config::v1::CALENDAR_DAYS,
                                          30, sgs::config::v1::CALENDAR_DAYS),
                                   nullptr);
  ASSERT_TRUE(c.ok()) << c.status();
  // Any year works, known to the calendar or not.
  EXPECT_EQ(ClassifyText(*c, "2030-12-20", "2031-01-04"), "on time");
  EXPECT_EQ(ClassifyText(*c, "2030-12-20", "2031-01-05"), "late");
}

TEST_F(TimelinessTest, WorkingDayMissedLimit) {
  const TimelinessClassifier c = Make(Policy(
      5, sgs::config::v1::WORKING_DAYS, 29, sgs::config::v1::WORKING_DAYS));
  // After Monday 2024-07-01 the 29th working day is Friday 08-09; the
  // Saturday after it is already beyond the limit.
  absl::StatusOr<Deadlines> d = c.ComputeDeadlines(Day("2024-07-01"));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(FormatDate(d->first_missed_day), "2024-08-10");
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-08-09"), "late");
  EXPECT_EQ(ClassifyText(c, "2024-07-01", "2024-08-10"), "missed");
}

TEST_F(TimelinessTest, MissedWinsWhenWorkingDaysOutrunCalendarDays) {
  // 5 working days from 2024-02-08 run to 02-21 across 春节, past a 7
  // calendar-day missed limit (first missed day 02-16).
  const TimelinessClassifier c = Make(Policy(
      5, sgs::config::v1::WORKING_DAYS, 7, sgs::config::v1::CALENDAR_DAYS));
  absl::StatusOr<Deadlines> d = c.ComputeDeadlines(Day("2024-02-08"));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(FormatDate(d->first_missed_day), "2024-02-16");
  EXPECT_EQ(FormatDate(d->last_on_time_day), "2024-02-15");
  EXPECT_EQ(ClassifyText(c, "2024-02-08", "2024-02-15"), "on time");
  EXPECT_EQ(ClassifyText(c, "2024-02-08", "2024-02-16"), "missed");
}

// Classify agrees with the deadlines for every decision over two years and
// every receipt up to 40 days later, for several policies.
TEST_F(TimelinessTest, ClassifyAgreesWithDeadlines) {
  const TimelinessPolicy policies[] = {
      TimelinessClassifier::DefaultPolicy(),
      Policy(7, sgs::config::v1::WORKING_DAYS, 30,
             sgs::config::v1::CALENDAR_DAYS),
      Policy(5, sgs::config::v1::WORKING_DAYS, 20,
             sgs::config::v1::WORKING_DAYS),
      Policy(10, sgs::config::v1::CALENDAR_DAYS, 12,
             sgs::config::v1::WORKING_DAYS),
  };
  for (const TimelinessPolicy& policy : policies) {
    const TimelinessClassifier c = Make(policy);
    for (absl::CivilDay decision(2024, 1, 1);
         decision < absl::CivilDay(2026, 11, 1); decision += 3) {
      absl::StatusOr<Deadlines> d = c.ComputeDeadlines(decision);
      ASSERT_TRUE(d.ok()) << d.status();
      ASSERT_LT(d->last_on_time_day, d->first_missed_day);
      for (absl::CivilDay receipt = decision; receipt <= decision + 40;
           ++receipt) {
        const Timeliness expected =
            receipt >= d->first_missed_day  ? Timeliness::kMissed
            : receipt > d->last_on_time_day ? Timeliness::kLate
                                            : Timeliness::kOnTime;
        absl::StatusOr<Timeliness> got = c.Classify(decision, receipt);
        ASSERT_TRUE(got.ok()) << got.status();
        ASSERT_EQ(*got, expected)
            << policy.ShortDebugString() << " decision " << FormatDate(decision)
            << " receipt " << FormatDate(receipt);
      }
    }
  }
}

TEST_F(TimelinessTest, DeadlineIntoAnUnknownYear) {
  const TimelinessClassifier c = Make(TimelinessClassifier::DefaultPolicy());
  // The 5th working day after 2026-12-28 falls in 2027, which the calendar
  // does not know.
  absl::Status status = c.ComputeDeadlines(Day("2026-12-28")).status();
  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(status)) << status;
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("2027"));
  status = c.Classify(Day("2026-12-28"), Day("2027-01-06")).status();
  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(status)) << status;
  // A decision in a year before the table is just as unknown.
  status = c.Classify(Day("2023-12-28"), Day("2024-01-02")).status();
  EXPECT_TRUE(WorkingCalendar::IsCalendarUnknown(status)) << status;

  // Answers that do not depend on 2027 are still given: received two days
  // later (only 12-29 lies between), or beyond 30 calendar days.
  EXPECT_EQ(ClassifyText(c, "2026-12-28", "2026-12-30"), "on time");
  EXPECT_EQ(ClassifyText(c, "2026-12-28", "2027-01-28"), "missed");
}

TEST_F(TimelinessTest, ReceiptBeforeDecisionIsRefused) {
  const TimelinessClassifier c = Make(TimelinessClassifier::DefaultPolicy());
  EXPECT_EQ(c.Classify(Day("2024-07-02"), Day("2024-07-01")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(TimelinessTest, CreateRefusesBadPolicies) {
  using sgs::config::v1::CALENDAR_DAYS;
  using sgs::config::v1::DAY_KIND_UNSPECIFIED;
  using sgs::config::v1::WORKING_DAYS;
  const TimelinessPolicy bad[] = {
      Policy(0, WORKING_DAYS, 30, CALENDAR_DAYS),
      Policy(-5, WORKING_DAYS, 30, CALENDAR_DAYS),
      Policy(5, WORKING_DAYS, 0, CALENDAR_DAYS),
      Policy(5, DAY_KIND_UNSPECIFIED, 30, CALENDAR_DAYS),
      Policy(5, WORKING_DAYS, 30, DAY_KIND_UNSPECIFIED),
      Policy(31, WORKING_DAYS, 30, CALENDAR_DAYS),
      Policy(31, CALENDAR_DAYS, 30, CALENDAR_DAYS),
      TimelinessPolicy(),
  };
  for (const TimelinessPolicy& policy : bad) {
    EXPECT_EQ(TimelinessClassifier::Create(policy, &calendar_).status().code(),
              absl::StatusCode::kInvalidArgument)
        << policy.ShortDebugString();
  }
  // Working days without a calendar.
  EXPECT_FALSE(TimelinessClassifier::Create(
                   TimelinessClassifier::DefaultPolicy(), nullptr)
                   .ok());
  // Equal limits leave no late window but are consistent.
  EXPECT_TRUE(TimelinessClassifier::Create(
                  Policy(30, CALENDAR_DAYS, 30, CALENDAR_DAYS), &calendar_)
                  .ok());
}

TEST(PolicyFileTest, ShippedPolicyIsTheBulletinsDefault) {
  sgs::config::v1::PolicyFile file;
  absl::Status status = LoadTextProtoFile(
      std::string(SGS_SOURCE_DIR) + "/config/policy.textproto", &file);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      file.timeliness(), TimelinessClassifier::DefaultPolicy()))
      << file.timeliness().ShortDebugString();
  EXPECT_EQ(file.escalation().late_rate_threshold_percent(), 20);
  EXPECT_EQ(file.escalation().consecutive_periods_for_interview(), 2);
  EXPECT_EQ(file.escalation().commendation_min_records(), 50);
  EXPECT_EQ(file.escalation().named_below_pass_rate_percent(), 100);
  // The commendation minimum separates the bulletin's 84 from its 45.
  EXPECT_GT(file.escalation().commendation_min_records(), 45);
  EXPECT_LE(file.escalation().commendation_min_records(), 84);
}

}  // namespace
}  // namespace sgs
