// ListRecordTimeliness end to end: records go in through the ingest
// service's BackfillRecords, the stats service reads them back over gRPC
// (ListRecords) and classifies each; its counts must equal GetUnitStats.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "stats_service/period.h"
#include "tests/stats_service/seed_tables.h"
#include "tests/stats_service/stats_env.h"

namespace sgs::testing {
namespace {

using ::sgs::stats::MonthPeriod;
using ::sgs::v1::RecordTimeliness;

struct Listing {
  sgs::v1::ListRecordTimelinessResponse first;  // counts
  std::vector<RecordTimeliness> records;        // every page
  int pages = 0;
};

Listing ListAll(StatsEnv& env, const std::string& unit,
                const sgs::v1::Period& period,
                const std::vector<sgs::v1::TimelinessClass>& classes = {},
                int page_size = 0) {
  Listing listing;
  std::string token;
  do {
    sgs::v1::ListRecordTimelinessRequest request;
    request.set_parent(absl::StrCat("units/", unit));
    *request.mutable_period() = period;
    for (auto c : classes) request.add_classes(c);
    request.set_page_size(page_size);
    request.set_page_token(token);
    sgs::v1::ListRecordTimelinessResponse response;
    auto context = StatsEnv::Context();
    const grpc::Status status =
        env.stats().ListRecordTimeliness(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    if (listing.pages++ == 0) listing.first = response;
    listing.records.insert(listing.records.end(), response.records().begin(),
                           response.records().end());
    token = response.next_page_token();
  } while (!token.empty());
  return listing;
}

// The list and GetUnitStats agree for `unit` in `period`.
void ExpectAgrees(StatsEnv& env, const std::string& unit,
                  const sgs::v1::Period& period) {
  const sgs::v1::UnitStats stats = env.UnitStats(unit, period);
  const Listing all = ListAll(env, unit, period, {}, 7);
  const auto& counts = all.first;
  EXPECT_EQ(counts.late_count(), stats.all().late_count()) << unit;
  EXPECT_EQ(counts.missed_count(), stats.all().missed_count()) << unit;
  EXPECT_EQ(counts.on_time_count(), stats.all().qualified_count()) << unit;
  EXPECT_EQ(counts.calendar_unknown_count(), stats.unclassified_count())
      << unit;
  EXPECT_EQ(static_cast<int64_t>(all.records.size()),
            stats.all().total_count() + stats.unclassified_count())
      << unit;
  std::map<sgs::v1::TimelinessClass, int64_t> by_class;
  int64_t risks = 0;
  for (const RecordTimeliness& r : all.records) {
    ++by_class[r.timeliness()];
    risks += r.concealment_risk() ? 1 : 0;
  }
  EXPECT_EQ(by_class[sgs::v1::LATE], stats.all().late_count()) << unit;
  EXPECT_EQ(by_class[sgs::v1::MISSED], stats.all().missed_count()) << unit;
  EXPECT_EQ(risks, stats.concealment_risk_count()) << unit;
  // What the unit has to fix: the late and missed ones only.
  const Listing to_fix =
      ListAll(env, unit, period, {sgs::v1::LATE, sgs::v1::MISSED});
  EXPECT_EQ(static_cast<int64_t>(to_fix.records.size()),
            stats.all().late_count() + stats.all().missed_count())
      << unit;
  for (const RecordTimeliness& r : to_fix.records) {
    EXPECT_TRUE(r.timeliness() == sgs::v1::LATE ||
                r.timeliness() == sgs::v1::MISSED);
  }
}

TEST(RecordTimelinessTest, AgreesWithUnitStatsOnAGeneratedMonth) {
  StatsEnv env;
  const UnitRegistry registry = ShippedRegistry();
  env.BackfillPlan(PlanJuly2024(registry));
  for (const auto& unit : registry.units()) {
    ExpectAgrees(env, unit.code(), MonthPeriod(2024, 7));
    ExpectAgrees(env, unit.code(), MonthPeriod(2024, 6));
  }
  // The decision-date basis places the missed records (decided in June)
  // in June.
  sgs::v1::Period june = MonthPeriod(2024, 6);
  june.set_date_basis(sgs::v1::DECISION_DATE);
  sgs::v1::Period july = MonthPeriod(2024, 7);
  july.set_date_basis(sgs::v1::DECISION_DATE);
  const std::string scjdj = registry.FindByName("市场监管局")->code();
  ExpectAgrees(env, scjdj, june);
  ExpectAgrees(env, scjdj, july);
  EXPECT_GT(ListAll(env, scjdj, june).first.missed_count(), 0);
}

TEST(RecordTimelinessTest, NationalDay2024RecordByRecord) {
  StatsEnv env;
  const std::string unit = "yd-jyj";
  env.Backfill(NationalDay2024Records(unit));
  ExpectAgrees(env, unit, MonthPeriod(2024, 10));
  std::map<std::string, RecordTimeliness> by_number;
  for (const RecordTimeliness& r :
       ListAll(env, unit, MonthPeriod(2024, 10)).records) {
    by_number[r.document_number()] = r;
  }
  ASSERT_EQ(by_number.size(), 5u);
  const RecordTimeliness& r901 = by_number["殷教许〔2024〕901号"];
  EXPECT_EQ(r901.timeliness(), sgs::v1::ON_TIME);
  EXPECT_EQ(r901.last_on_time_date(), "2024-10-10");
  EXPECT_EQ(r901.first_missed_date(), "2024-10-28");
  EXPECT_EQ(r901.working_days_taken(), 5);
  EXPECT_EQ(r901.calendar_days_taken(), 13);
  EXPECT_EQ(r901.record_name(), "units/yd-jyj/records/xk/殷教许〔2024〕901号");
  EXPECT_EQ(r901.kind(), sgs::v1::LICENSING);
  EXPECT_EQ(r901.decision_date(), "2024-09-27");
  EXPECT_EQ(r901.receipt_date(), "2024-10-10");
  const RecordTimeliness& r902 = by_number["殷教许〔2024〕902号"];
  EXPECT_EQ(r902.timeliness(), sgs::v1::LATE);
  EXPECT_EQ(r902.working_days_taken(), 6);
  EXPECT_EQ(by_number["殷教许〔2024〕903号"].timeliness(), sgs::v1::ON_TIME);
  EXPECT_EQ(by_number["殷教许〔2024〕904号"].timeliness(), sgs::v1::LATE);
  EXPECT_EQ(by_number["殷教许〔2024〕905号"].timeliness(), sgs::v1::ON_TIME);
  EXPECT_EQ(by_number["殷教许〔2024〕905号"].working_days_taken(), 5);
}

// A calendar of 2024 only, so year-end records meet an unknown 2025.
std::string Calendar2024Only(const std::string& dir) {
  std::ifstream in(SourcePath("config/calendar.textproto"));
  std::stringstream text;
  text << in.rdbuf();
  sgs::config::v1::CalendarFile file;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &file));
  sgs::config::v1::CalendarFile only;
  for (const auto& year : file.years()) {
    if (year.year() == 2024) *only.add_years() = year;
  }
  std::string out;
  EXPECT_TRUE(google::protobuf::TextFormat::PrintToString(only, &out));
  const std::string path = dir + "/calendar-2024.textproto";
  std::ofstream(path) << out;
  return path;
}

TEST(RecordTimelinessTest, LeastCalendarAtTheYearEnd) {
  TempDir dir;
  const std::string calendar = Calendar2024Only(dir.path());
  StatsEnv env([&](stats::StatsServerOptions* options) {
    options->calendar_path = calendar;
  });
  const std::string unit = "yd-jyj";
  env.Backfill({
      // Fri 12-27, received Mon 12-30: within 5 working days of 2024
      // alone, though the formal deadline is in 2025.
      Licensing(unit, "殷教许〔2024〕991号", "2024-12-27",
                ChinaTime(2024, 12, 30, 9)),
      // 36 calendar days: missed without any working-day calendar.
      Licensing(unit, "殷教许〔2024〕992号", "2024-12-20",
                ChinaTime(2025, 1, 25, 9)),
      // Mon 12-23, received 2025-01-02: 6 working days of 2024 between.
      Licensing(unit, "殷教许〔2024〕993号", "2024-12-23",
                ChinaTime(2025, 1, 2, 9)),
      // Mon 12-30, received 2025-01-06: truly depends on 2025.
      Licensing(unit, "殷教许〔2024〕994号", "2024-12-30",
                ChinaTime(2025, 1, 6, 9)),
  });
  sgs::v1::Period span;
  span.set_type(sgs::v1::Period::DATE_RANGE);
  span.set_start_date("2024-12-01");
  span.set_end_date("2025-01-31");
  ExpectAgrees(env, unit, span);
  std::map<std::string, RecordTimeliness> by_number;
  for (const RecordTimeliness& r : ListAll(env, unit, span).records) {
    by_number[r.document_number()] = r;
  }
  const RecordTimeliness& on_time = by_number["殷教许〔2024〕991号"];
  EXPECT_EQ(on_time.timeliness(), sgs::v1::ON_TIME);
  EXPECT_EQ(on_time.working_days_taken(), 1);
  EXPECT_EQ(on_time.last_on_time_date(), "");  // needs 2025
  EXPECT_THAT(on_time.missing_calendar_years(), ::testing::ElementsAre(2025));
  EXPECT_EQ(by_number["殷教许〔2024〕992号"].timeliness(), sgs::v1::MISSED);
  EXPECT_EQ(by_number["殷教许〔2024〕992号"].calendar_days_taken(), 36);
  EXPECT_EQ(by_number["殷教许〔2024〕993号"].timeliness(), sgs::v1::LATE);
  const RecordTimeliness& unknown = by_number["殷教许〔2024〕994号"];
  EXPECT_EQ(unknown.timeliness(), sgs::v1::CALENDAR_UNKNOWN);
  EXPECT_EQ(unknown.working_days_taken(), -1);
  EXPECT_THAT(unknown.missing_calendar_years(), ::testing::ElementsAre(2025));
  // The report applies the same rule: one unclassified record, not four.
  const sgs::v1::UnitStats stats = env.UnitStats(unit, span);
  EXPECT_EQ(stats.unclassified_count(), 1);
  EXPECT_EQ(stats.all().late_count(), 1);
  EXPECT_EQ(stats.all().missed_count(), 1);
  EXPECT_EQ(stats.all().qualified_count(), 1);
}

TEST(RecordTimelinessTest, BadRequestsNameTheField) {
  StatsEnv env;
  sgs::v1::ListRecordTimelinessRequest request;
  request.set_parent("yd-jyj");
  *request.mutable_period() = MonthPeriod(2024, 7);
  sgs::v1::ListRecordTimelinessResponse response;
  auto context = StatsEnv::Context();
  grpc::Status status =
      env.stats().ListRecordTimeliness(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("units/"));
  request.set_parent("units/yd-no-such-unit");
  context = StatsEnv::Context();
  status = env.stats().ListRecordTimeliness(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  request.set_parent("units/yd-jyj");
  request.set_page_token("forged");
  context = StatsEnv::Context();
  status = env.stats().ListRecordTimeliness(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace sgs::testing
