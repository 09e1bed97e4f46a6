// RecordTable: the records and their two access paths. The current version
// of a record lives in "records" under (unit, receipt date, kind, 文书号);
// "record_ids" maps (unit, kind, 文书号) to its receipt date, so a record
// is found by identity with two point reads; superseded versions move to
// "record_versions" under (unit, kind, 文书号, version). Which version to
// store is the domain's decision (domain/record_lifecycle.h); this table
// only reads and stages writes into the caller's WriteBatch.
#ifndef SGS_INGEST_SERVICE_STORAGE_RECORD_TABLE_H_
#define SGS_INGEST_SERVICE_STORAGE_RECORD_TABLE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "ingest_service/resource_names.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/paging.h"
#include "sgs/v1/record.pb.h"

namespace sgs::ingest::storage {

struct ListRecordsQuery {
  std::string unit_code;
  absl::optional<absl::CivilDay> start_date;  // receipt date, inclusive
  absl::optional<absl::CivilDay> end_date;    // inclusive
  sgs::v1::RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;  // any
  int page_size = 100;
  std::string page_token;
};

class RecordTable {
 public:
  // `engine` must outlive the table.
  explicit RecordTable(const Engine* engine) : engine_(engine) {}

  // The current version; nullopt when there is none.
  absl::StatusOr<absl::optional<sgs::v1::Record>> ReadCurrent(
      const RecordIdentity& identity) const;
  // The current versions of many records at once (two MultiGets), in the
  // order of `identities`: what a chunk's writes need to plan.
  absl::StatusOr<std::vector<absl::optional<sgs::v1::Record>>> ReadCurrentMany(
      const std::vector<RecordIdentity>& identities) const;
  // Stages `record` as the current version under its receipt_date and
  // points the identity index at it.
  absl::Status PutCurrent(const sgs::v1::Record& record,
                          WriteBatch* batch) const;
  // Stages the removal of `record` from "records" at its receipt_date (the
  // identity index is left to the PutCurrent that follows).
  absl::Status DeleteCurrent(const sgs::v1::Record& record,
                             WriteBatch* batch) const;
  // Stages `superseded` into the version history under its version.
  void PutVersion(const sgs::v1::Record& superseded, WriteBatch* batch) const;

  // A unit's current records by receipt date (page size default 100, at
  // most 1000).
  absl::StatusOr<Page<sgs::v1::Record>> List(
      const ListRecordsQuery& query) const;
  // The superseded versions of a record, oldest first.
  absl::StatusOr<std::vector<sgs::v1::Record>> ListSuperseded(
      const RecordIdentity& identity) const;
  // Calls `visit` on every current record (recounts, verification).
  absl::Status ForEach(
      const std::function<absl::Status(const sgs::v1::Record&)>& visit) const;

 private:
  const Engine* engine_;
};

}  // namespace sgs::ingest::storage

#endif  // SGS_INGEST_SERVICE_STORAGE_RECORD_TABLE_H_
