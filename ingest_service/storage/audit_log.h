// AuditLog: who changed what and when ("audit", key (unit, id)). Each
// entry is staged into the WriteBatch of the change it describes, so the
// trail and the data can never disagree. What an entry says (action,
// changed fields, detail text) is the domain's decision
// (domain/record_lifecycle.h); the log only numbers and stores it.
#ifndef SGS_INGEST_SERVICE_STORAGE_AUDIT_LOG_H_
#define SGS_INGEST_SERVICE_STORAGE_AUDIT_LOG_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ingest_service/storage/audit_event.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/paging.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest::storage {

class AuditLog {
 public:
  // `engine` must outlive the log; it hands out the entries' ids.
  explicit AuditLog(Engine* engine) : engine_(engine) {}

  // Stages an entry for `event`, done at `time` by `actor`.
  void Append(absl::Time time, const AuditActor& actor, AuditEvent event,
              WriteBatch* batch) const;

  // The trail of a unit (every unit when empty), oldest first; `target`
  // keeps only entries about that resource (page size default 100, at most
  // 1000).
  absl::StatusOr<Page<sgs::v1::AuditEntry>> List(
      const std::string& unit_code, const std::string& target, int page_size,
      const std::string& page_token) const;

 private:
  Engine* engine_;
};

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_AUDIT_LOG_H_
