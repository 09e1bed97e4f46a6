#include "ingest_service/domain/request_checks.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "ingest_service/domain/text_limits.h"
#include "ingest_service/domain/timestamp_checks.h"

namespace sgs::ingest {

absl::Status CheckFinding(const sgs::v1::SpotCheckFinding& finding,
                          const UnitRegistry& registry, absl::CivilDay today) {
  FieldViolations violations;
  CheckTextLength(finding.description(), "finding.description", kMaxNoteChars,
                  &violations);
  CheckTextLength(finding.document_number(), "finding.document_number",
                  kMaxDocumentNumberChars, &violations);
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
  const absl::optional<absl::Time> time = CheckTimestamp(
      *receipt, now, "receipt_time", "归集时间不能晚于当前时间", violations);
  return time.value_or(now);
}

absl::StatusOr<absl::Time> TimeNotInFuture(
    const google::protobuf::Timestamp* time, absl::Time now,
    absl::string_view field, absl::string_view message) {
  if (time == nullptr) return now;
  FieldViolations violations;
  const absl::optional<absl::Time> given =
      CheckTimestamp(*time, now, field, message, &violations);
  if (!given.has_value()) {
    const auto& v = violations.violations().front();
    return InvalidArgumentWithViolations(
        absl::StrCat(v.field(), ": ", v.description()),
        violations.violations());
  }
  return *given;
}

}  // namespace sgs::ingest
