#include "ingest_service/domain/request_checks.h"

#include "absl/time/time.h"
#include "common/registry.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"

namespace sgs::ingest {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::Property;

TEST(BackfillReceiptTimeTest, RequiredAndNotInTheFuture) {
  const absl::Time now = absl::FromUnixSeconds(1720591200);
  FieldViolations violations;
  EXPECT_EQ(BackfillReceiptTime(nullptr, now, &violations), now);
  const google::protobuf::Timestamp future =
      TimeUtil::SecondsToTimestamp(1720591200 + 60);
  EXPECT_EQ(BackfillReceiptTime(&future, now, &violations), now);
  const google::protobuf::Timestamp past =
      TimeUtil::SecondsToTimestamp(1720591200 - 86400);
  EXPECT_EQ(BackfillReceiptTime(&past, now, &violations),
            absl::FromUnixSeconds(1720591200 - 86400));
  EXPECT_THAT(
      violations.violations(),
      ElementsAre(
          Property(&google::rpc::BadRequest::FieldViolation::description,
                   "required: 回填必须提供原始归集时间 (receipt_time)"),
          Property(&google::rpc::BadRequest::FieldViolation::description,
                   "date_in_future: 归集时间不能晚于当前时间")));
}

TEST(TimeNotInFutureTest, DefaultsToNowAndRefusesTheFuture) {
  const absl::Time now = absl::FromUnixSeconds(1720591200);
  auto none = TimeNotInFuture(nullptr, now, "file_time", "x");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, now);
  const google::protobuf::Timestamp future =
      TimeUtil::SecondsToTimestamp(1720591200 + 1);
  auto refused =
      TimeNotInFuture(&future, now, "file_time", "提出时间不能晚于当前时间");
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(ViolationsOf(refused.status()).size(), 1u);
  EXPECT_EQ(ViolationsOf(refused.status())[0].field(), "file_time");
}

TEST(CheckFindingTest, ReportsEveryViolation) {
  sgs::config::v1::RegistryFile file;
  file.set_district_name("殷都区");
  file.set_issuing_office("殷都区社会信用体系建设领导小组办公室");
  sgs::config::v1::UnitEntry* unit = file.add_units();
  unit->set_code("yd-jyj");
  unit->set_official_name("殷都区教育局");
  unit->set_kind(sgs::config::v1::DEPARTMENT);
  unit->set_display_order(1);
  absl::StatusOr<UnitRegistry> registry = UnitRegistry::FromProto(file);
  ASSERT_TRUE(registry.ok()) << registry.status();
  sgs::v1::SpotCheckFinding finding;
  finding.set_unit_code("nowhere");
  finding.set_found_date("2024-13-01");
  finding.set_decision_date("2099-01-01");
  absl::Status status =
      CheckFinding(finding, *registry, absl::CivilDay(2024, 7, 10));
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& violation : ViolationsOf(status)) {
    fields.push_back(violation.field());
  }
  EXPECT_THAT(fields,
              ElementsAre("finding.unit_code", "finding.source",
                          "finding.found_date", "finding.decision_date"));
}

}  // namespace
}  // namespace sgs::ingest
