// The side tables of the ingest store, each a protobuf value per key:
//   "rejected"    (unit, reject time µs, sequence) → RejectedSubmission
//   "rejected_open" (unit, kind, 文书号, reject time µs, sequence)
//                 → the "rejected" key: one entry per OPEN rejection, so
//                   an accepted record finds the rejections it resolves
//                   by identity and a unit's open count is a key scan
//   "objections"  (unit, id)                       → Objection
//   "findings"    (unit, found date, id)           → SpotCheckFinding
// They hold no rules: names, ids and state changes are the domain's
// (domain/record_store.h); these classes read and stage writes.
#ifndef SGS_INGEST_SERVICE_STORAGE_SIDE_TABLES_H_
#define SGS_INGEST_SERVICE_STORAGE_SIDE_TABLES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/paging.h"
#include "sgs/v1/ingest_service.pb.h"

namespace sgs::ingest::storage {

// The "rejected_open" key of `rejection`, stored at `rejected_key`. A
// rejection whose identity no accepted record can have (unit queued as
// "_unknown", kind unspecified, 文书号 empty or over 65535 bytes) is
// indexed under kind 0 and an empty 文书号: it counts as open and is never
// matched.
std::string RejectedOpenKey(const sgs::v1::RejectedSubmission& rejection,
                            absl::string_view rejected_key);

// Which rejections a listing shows.
enum class RejectionFilter { kOpen, kResolved, kAll };

// A stored rejection and its key in "rejected".
struct StoredRejection {
  std::string key;
  sgs::v1::RejectedSubmission rejection;
};

// Submissions that failed validation, per unit, newest first, and the
// index of the open ones by identity.
class RejectedTable {
 public:
  explicit RejectedTable(const Engine* engine) : engine_(engine) {}
  // Stages a new rejection (open unless `rejection.resolved()`).
  void Put(const sgs::v1::RejectedSubmission& rejection, int64_t reject_micros,
           uint64_t sequence, WriteBatch* batch) const;
  // The open rejections of one identity, newest first.
  absl::StatusOr<std::vector<StoredRejection>> ListOpen(
      const std::string& unit_code, sgs::v1::RecordKind kind,
      const std::string& document_number) const;
  // The same, reading through `open_index` (an iterator over
  // kRejectedOpen, e.g. one per chunk of writes rather than one per record).
  absl::StatusOr<std::vector<StoredRejection>> ListOpen(
      const std::string& unit_code, sgs::v1::RecordKind kind,
      const std::string& document_number, rocksdb::Iterator* open_index) const;
  // Stages `resolved` (resolved() set) in place of the open entry `open`.
  void PutResolved(const StoredRejection& open,
                   const sgs::v1::RejectedSubmission& resolved,
                   WriteBatch* batch) const;
  // Open rejections of the unit (a key-only scan of its index range).
  absl::StatusOr<int64_t> CountOpen(const std::string& unit_code) const;
  // Page size default 50, at most 500.
  absl::StatusOr<Page<sgs::v1::RejectedSubmission>> List(
      const std::string& unit_code, RejectionFilter filter, int page_size,
      const std::string& page_token) const;

 private:
  const Engine* engine_;
};

// Objections (异议) to records, per unit, by id.
class ObjectionTable {
 public:
  explicit ObjectionTable(const Engine* engine) : engine_(engine) {}
  // nullopt when absent.
  absl::StatusOr<absl::optional<sgs::v1::Objection>> Get(
      const std::string& unit_code, uint64_t id) const;
  void Put(const sgs::v1::Objection& objection, uint64_t id,
           WriteBatch* batch) const;
  // unit_code empty: every unit. Page size default 100, at most 1000.
  absl::StatusOr<Page<sgs::v1::Objection>> List(
      const std::string& unit_code, int page_size,
      const std::string& page_token) const;

 private:
  const Engine* engine_;
};

// Spot-check findings (抽查发现), per unit, by found date.
class FindingTable {
 public:
  explicit FindingTable(const Engine* engine) : engine_(engine) {}
  void Put(const sgs::v1::SpotCheckFinding& finding, absl::CivilDay found,
           uint64_t id, WriteBatch* batch) const;
  // Found dates within [start, end] (each bound optional); unit_code empty:
  // every unit. Page size default 100, at most 1000.
  absl::StatusOr<Page<sgs::v1::SpotCheckFinding>> List(
      const std::string& unit_code, absl::optional<absl::CivilDay> start,
      absl::optional<absl::CivilDay> end, int page_size,
      const std::string& page_token) const;

 private:
  const Engine* engine_;
};

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_SIDE_TABLES_H_
