#include "ingest_service/domain/record_lifecycle.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "google/protobuf/util/time_util.h"
#include "ingest_service/domain/record_diff.h"
#include "ingest_service/resource_names.h"

namespace sgs::ingest {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToProto(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(t));
}

sgs::v1::AuditAction WriteAction(bool historical, bool created) {
  if (historical) {
    return created ? sgs::v1::RECORD_BACKFILL_CREATE
                   : sgs::v1::RECORD_BACKFILL_CORRECT;
  }
  return created ? sgs::v1::RECORD_CREATE : sgs::v1::RECORD_CORRECT;
}

}  // namespace

WritePlan PlanWrite(const absl::optional<sgs::v1::Record>& existing,
                    RecordWrite write, absl::Time now) {
  WritePlan plan;
  plan.created = !existing.has_value();
  sgs::v1::Record& record = plan.record;
  record = std::move(write.record);
  absl::Time receipt_time = write.receipt_time;
  if (existing.has_value()) {
    // Timeliness is judged on the first receipt: a correction keeps it,
    // only a back-fill of an earlier platform receipt moves it back.
    const absl::Time first_receipt = FromProto(existing->receipt_time());
    if (!write.historical_receipt || first_receipt < receipt_time) {
      receipt_time = first_receipt;
    }
    record.set_version(existing->version() + 1);
    plan.receipt_date_moved =
        existing->receipt_date() != FormatDate(ChinaDate(receipt_time));
  } else {
    record.set_version(1);
  }
  const RecordIdentity identity = IdentityOf(record);
  record.set_name(RecordName(identity));
  *record.mutable_receipt_time() = ToProto(receipt_time);
  record.set_receipt_date(FormatDate(ChinaDate(receipt_time)));
  *record.mutable_update_time() = ToProto(now);
  // Sending a record again after a withdrawal reinstates it.
  record.set_withdrawn(false);
  record.clear_withdraw_reason();

  plan.audit.action = WriteAction(write.historical_receipt, plan.created);
  plan.audit.unit_code = identity.unit_code;
  plan.audit.target = record.name();
  if (!plan.created)
    plan.audit.changed_fields = ChangedFields(*existing, record);
  if (write.historical_receipt) {
    plan.audit.detail =
        absl::StrCat("归集时间 ",
                     absl::FormatTime("%Y-%m-%d %H:%M:%S", receipt_time,
                                      ChinaStandardTime()),
                     " (UTC+8)");
  }
  return plan;
}

absl::StatusOr<sgs::v1::Record> PlanWithdraw(const sgs::v1::Record& current,
                                             const std::string& reason,
                                             absl::Time now,
                                             AuditEvent* audit) {
  const RecordIdentity identity = IdentityOf(current);
  if (current.withdrawn()) {
    return absl::FailedPreconditionError(
        absl::StrCat("记录已撤销: ", RecordName(identity)));
  }
  // Withdrawal changes no count: the record did reach the platform, and
  // timeliness was judged when it did.
  sgs::v1::Record record = current;
  record.set_withdrawn(true);
  record.set_withdraw_reason(reason);
  record.set_version(record.version() + 1);
  *record.mutable_update_time() = ToProto(now);
  *audit = AuditEvent{sgs::v1::RECORD_WITHDRAW,
                      identity.unit_code,
                      record.name(),
                      {"withdrawn"},
                      absl::StrCat("撤销原因: ", reason)};
  return record;
}

sgs::v1::Objection PlanNewObjection(sgs::v1::Objection objection, uint64_t id,
                                    AuditEvent* audit) {
  objection.set_name(ChildName(objection.unit_code(), "objections", id));
  objection.set_outcome(sgs::v1::PENDING);
  *audit = AuditEvent{sgs::v1::OBJECTION_CREATE,
                      objection.unit_code(),
                      objection.name(),
                      {},
                      absl::StrCat("针对 ", objection.record_name())};
  return objection;
}

absl::StatusOr<sgs::v1::Objection> PlanResolveObjection(
    sgs::v1::Objection current, sgs::v1::ObjectionOutcome outcome,
    const std::string& note, absl::Time resolve_time, AuditEvent* audit) {
  if (current.outcome() != sgs::v1::PENDING) {
    return absl::FailedPreconditionError(
        absl::StrCat("异议已处理，不能再次处理: ", current.name()));
  }
  current.set_outcome(outcome);
  current.set_resolution_note(note);
  *current.mutable_resolve_time() = ToProto(resolve_time);
  *audit = AuditEvent{
      sgs::v1::OBJECTION_RESOLVE,
      current.unit_code(),
      current.name(),
      {"outcome"},
      absl::StrCat(outcome == sgs::v1::UPHELD ? "有效异议" : "无效异议",
                   note.empty() ? "" : ": ", note)};
  return current;
}

sgs::v1::SpotCheckFinding PlanNewFinding(sgs::v1::SpotCheckFinding finding,
                                         uint64_t id, absl::Time now,
                                         AuditEvent* audit) {
  finding.set_name(ChildName(finding.unit_code(), "spotCheckFindings", id));
  *finding.mutable_create_time() = ToProto(now);
  *audit = AuditEvent{sgs::v1::FINDING_CREATE,
                      finding.unit_code(),
                      finding.name(),
                      {},
                      absl::StrCat("发现日期 ", finding.found_date(),
                                   " 文书号 ", finding.document_number())};
  return finding;
}

sgs::v1::RejectedSubmission PlanResolveRejection(
    sgs::v1::RejectedSubmission open, const sgs::v1::Record& record,
    absl::Time now) {
  open.set_resolved(true);
  *open.mutable_resolve_time() = ToProto(now);
  open.set_resolved_record(record.name());
  open.set_resolved_version(record.version());
  return open;
}

std::string RejectionName(const std::string& unit_code, int64_t reject_micros,
                          uint64_t sequence) {
  return absl::StrCat("units/", unit_code, "/rejectedSubmissions/",
                      reject_micros, "-", sequence);
}

}  // namespace sgs::ingest
