// The life of a record and of the things filed about it, as pure functions
// (no RocksDB, no gRPC): given what is stored and what arrives, what to
// store next and what the audit trail says about it. RecordStore
// (record_store.h) reads the current state, calls these, and stages the
// result in one WriteBatch.
//
// The rules (docs/domain.md, docs/adr/0003-receipt-time-set-by-server.md):
//   - Timeliness is judged on the FIRST receipt: a correction keeps it; only
//     a back-fill (historical receipt) may move it, and only earlier.
//   - Every write adds a version; the superseded one goes to the history.
//   - Sending a withdrawn record again reinstates it.
//   - A withdrawal changes no count (the record did reach the platform);
//     a record is withdrawn once.
//   - An objection is filed PENDING and resolved once, UPHELD or DISMISSED.
//   - A rejected submission is resolved once, by the first record accepted
//     afterwards with its unit + kind + 文书号 (any channel).
#ifndef SGS_INGEST_SERVICE_DOMAIN_RECORD_LIFECYCLE_H_
#define SGS_INGEST_SERVICE_DOMAIN_RECORD_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "ingest_service/storage/audit_event.h"
#include "sgs/v1/ingest_service.pb.h"
#include "sgs/v1/record.pb.h"

namespace sgs::ingest {

using storage::AuditActor;
using storage::AuditEvent;

// One record to store.
struct RecordWrite {
  // Validated; concealment_risk already decided by the caller.
  sgs::v1::Record record;
  // When the platform received it: now for live submissions.
  absl::Time receipt_time;
  // Back-fill: receipt_time is historical and may move an existing
  // record's first receipt earlier (never later).
  bool historical_receipt = false;
};

struct WriteOutcome {
  sgs::v1::Record stored;
  bool created = false;
};

// What a write does to the store.
struct WritePlan {
  // The new current version, output-only fields set (name, receipt
  // time/date, version, update time, withdrawal cleared).
  sgs::v1::Record record;
  bool created = false;
  // The existing version is stored under another receipt date, so its key
  // in "records" goes.
  bool receipt_date_moved = false;
  AuditEvent audit;
};

// `existing` is the current version, if any. `write` is taken by value:
// a caller done with it moves it in, and its record becomes the plan's
// without a copy.
WritePlan PlanWrite(const absl::optional<sgs::v1::Record>& existing,
                    RecordWrite write, absl::Time now);

// The withdrawn version of `current`; kFailedPrecondition when it is
// already withdrawn. Sets `audit`.
absl::StatusOr<sgs::v1::Record> PlanWithdraw(const sgs::v1::Record& current,
                                             const std::string& reason,
                                             absl::Time now, AuditEvent* audit);

// A new objection, named by `id` and PENDING; sets `audit` (dated at the
// objection's file time).
sgs::v1::Objection PlanNewObjection(sgs::v1::Objection objection, uint64_t id,
                                    AuditEvent* audit);

// The resolved version of `current`; kFailedPrecondition when it was
// resolved before. Sets `audit`.
absl::StatusOr<sgs::v1::Objection> PlanResolveObjection(
    sgs::v1::Objection current, sgs::v1::ObjectionOutcome outcome,
    const std::string& note, absl::Time resolve_time, AuditEvent* audit);

// A new finding, named by `id` and created at `now`; sets `audit`.
sgs::v1::SpotCheckFinding PlanNewFinding(sgs::v1::SpotCheckFinding finding,
                                         uint64_t id, absl::Time now,
                                         AuditEvent* audit);

// `open` resolved by the accepted (stored) `record` at `now`: resolved,
// the time, and the record's name and version.
sgs::v1::RejectedSubmission PlanResolveRejection(
    sgs::v1::RejectedSubmission open, const sgs::v1::Record& record,
    absl::Time now);

// "units/{unit}/rejectedSubmissions/{reject µs}-{sequence}".
std::string RejectionName(const std::string& unit_code, int64_t reject_micros,
                          uint64_t sequence);

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_DOMAIN_RECORD_LIFECYCLE_H_
