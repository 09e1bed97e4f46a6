#include "ingest_service/storage/audit_log.h"

#include <functional>
#include <utility>

#include "common/keys.h"
#include "google/protobuf/util/time_util.h"
#include "ingest_service/resource_names.h"

namespace sgs::ingest::storage {

using google::protobuf::util::TimeUtil;

void AuditLog::Append(absl::Time time, const AuditActor& actor,
                      AuditEvent event, WriteBatch* batch) const {
  const uint64_t id = engine_->NextId();
  sgs::v1::AuditEntry entry;
  entry.set_name(ChildName(event.unit_code, "auditEntries", id));
  *entry.mutable_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
  entry.set_actor(actor.name);
  entry.set_actor_role(actor.role);
  entry.set_peer(actor.peer);
  entry.set_action(event.action);
  entry.set_unit_code(event.unit_code);
  entry.set_target(std::move(event.target));
  for (std::string& field : event.changed_fields) {
    entry.add_changed_fields(std::move(field));
  }
  entry.set_detail(std::move(event.detail));
  batch->Put(ColumnFamily::kAudit, keys::AuditKey(event.unit_code, id),
             entry.SerializeAsString());
}

absl::StatusOr<Page<sgs::v1::AuditEntry>> AuditLog::List(
    const std::string& unit_code, const std::string& target, int page_size,
    const std::string& page_token) const {
  std::function<absl::StatusOr<bool>(const sgs::v1::AuditEntry&)> keep;
  if (!target.empty()) {
    // A record's trail: the unit's trail, filtered.
    keep = [target](const sgs::v1::AuditEntry& entry) -> absl::StatusOr<bool> {
      return entry.target() == target;
    };
  }
  return ScanPage<sgs::v1::AuditEntry>(
      *engine_, ColumnFamily::kAudit, UnitRange(unit_code),
      ClampPageSize(page_size, 100, 1000), page_token,
      MessageVisitor<sgs::v1::AuditEntry>(std::move(keep)));
}

}  // namespace sgs::ingest::storage
