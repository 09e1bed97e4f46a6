// What an audit entry records about one change, as plain data: the domain
// (domain/record_lifecycle.h) decides it, the audit log (audit_log.h)
// numbers and stores it. No RocksDB or gRPC here.
#ifndef SGS_INGEST_SERVICE_STORAGE_AUDIT_EVENT_H_
#define SGS_INGEST_SERVICE_STORAGE_AUDIT_EVENT_H_

#include <string>
#include <vector>

#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest::storage {

// Who writes, for the audit trail.
struct AuditActor {
  std::string name;
  std::string role;
  std::string peer;
};

// What one change did.
struct AuditEvent {
  sgs::v1::AuditAction action = sgs::v1::AUDIT_ACTION_UNSPECIFIED;
  std::string unit_code;
  // The resource name the change is about.
  std::string target;
  std::vector<std::string> changed_fields;
  std::string detail;
};

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_AUDIT_EVENT_H_
