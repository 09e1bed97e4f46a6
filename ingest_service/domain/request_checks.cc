#include "ingest_service/domain/request_checks.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "google/protobuf/util/time_util.h"

namespace sgs::ingest {
namespace {

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(
      google::protobuf::util::TimeUtil::TimestampToMicroseconds(t));
}

}  // namespace

absl::Status CheckFinding(const sgs::v1::SpotCheckFinding& finding,
                          const UnitRegistry& registry, absl::CivilDay today) {
  FieldViolations violations;
  if (registry.FindByCode(finding.unit_code()) == nullptr) {
    violations.Add(
        "finding.unit_code", "unknown_unit",
        absl::StrCat("单位代码 \"", finding.unit_code(), "\" 不在单位名录中"));
  }
  if (finding.source() != sgs::v1::NATIONAL &&
      finding.source() != sgs::v1::PROVINCIAL) {
    violations.Add("finding.source", "enum_unspecified",
                   "抽查来源必须为 NATIONAL（国家）或 PROVINCIAL（省级）");
  }
  if (finding.found_date().empty()) {
    violations.Add("finding.found_date", "required", "发现日期不能为空");
  } else if (absl::StatusOr<absl::CivilDay> found =
                 ParseDate(finding.found_date());
             !found.ok()) {
    violations.Add("finding.found_date", "date_format",
                   "发现日期格式应为 YYYY-MM-DD");
  } else if (*found > today) {
    violations.Add("finding.found_date", "date_in_future",
                   "发现日期不能晚于今天");
  }
  if (!finding.decision_date().empty()) {
    absl::StatusOr<absl::CivilDay> decision =
        ParseDate(finding.decision_date());
    if (!decision.ok()) {
      violations.Add("finding.decision_date", "date_format",
                     "决定日期格式应为 YYYY-MM-DD");
    } else if (*decision > today) {
      violations.Add("finding.decision_date", "date_in_future",
                     "决定日期不能晚于今天");
    }
  }
  return violations.ToStatus("抽查发现未通过校验");
}

absl::Time BackfillReceiptTime(const google::protobuf::Timestamp* receipt,
                               absl::Time now, FieldViolations* violations) {
  if (receipt == nullptr) {
    violations->Add("receipt_time", "required",
                    "回填必须提供原始归集时间 (receipt_time)");
    return now;
  }
  const absl::Time time = FromProto(*receipt);
  if (time > now) {
    violations->Add("receipt_time", "date_in_future",
                    "归集时间不能晚于当前时间");
    return now;
  }
  return time;
}

absl::StatusOr<absl::Time> TimeNotInFuture(
    const google::protobuf::Timestamp* time, absl::Time now,
    absl::string_view field, absl::string_view message) {
  if (time == nullptr) return now;
  const absl::Time given = FromProto(*time);
  if (given > now) return FieldError(field, "date_in_future", message);
  return given;
}

}  // namespace sgs::ingest
