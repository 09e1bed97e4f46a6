#include "ingest_service/storage/side_tables.h"

#include <utility>

#include "common/dates.h"
#include "common/keys.h"
#include "common/status_macros.h"

namespace sgs::ingest::storage {

void RejectedTable::Put(const sgs::v1::RejectedSubmission& rejection,
                        int64_t reject_micros, uint64_t sequence,
                        WriteBatch* batch) const {
  batch->Put(ColumnFamily::kRejected,
             keys::RejectedKey(rejection.unit_code(), reject_micros, sequence),
             rejection.SerializeAsString());
}

absl::StatusOr<Page<sgs::v1::RejectedSubmission>> RejectedTable::List(
    const std::string& unit_code, int page_size,
    const std::string& page_token) const {
  return ScanPage<sgs::v1::RejectedSubmission>(
      *engine_, ColumnFamily::kRejected, UnitRange(unit_code),
      ClampPageSize(page_size, 50, 500), page_token,
      MessageVisitor<sgs::v1::RejectedSubmission>());
}

absl::StatusOr<absl::optional<sgs::v1::Objection>> ObjectionTable::Get(
    const std::string& unit_code, uint64_t id) const {
  ASSIGN_OR_RETURN(const absl::optional<std::string> value,
                   engine_->Get(ColumnFamily::kObjections,
                                keys::ObjectionKey(unit_code, id)));
  if (!value.has_value()) return absl::optional<sgs::v1::Objection>();
  sgs::v1::Objection objection;
  RETURN_IF_ERROR(ParseStored(*value, &objection));
  return absl::optional<sgs::v1::Objection>(std::move(objection));
}

void ObjectionTable::Put(const sgs::v1::Objection& objection, uint64_t id,
                         WriteBatch* batch) const {
  batch->Put(ColumnFamily::kObjections,
             keys::ObjectionKey(objection.unit_code(), id),
             objection.SerializeAsString());
}

absl::StatusOr<Page<sgs::v1::Objection>> ObjectionTable::List(
    const std::string& unit_code, int page_size,
    const std::string& page_token) const {
  return ScanPage<sgs::v1::Objection>(
      *engine_, ColumnFamily::kObjections, UnitRange(unit_code),
      ClampPageSize(page_size, 100, 1000), page_token,
      MessageVisitor<sgs::v1::Objection>());
}

void FindingTable::Put(const sgs::v1::SpotCheckFinding& finding,
                       absl::CivilDay found, uint64_t id,
                       WriteBatch* batch) const {
  batch->Put(ColumnFamily::kFindings,
             keys::FindingKey(finding.unit_code(), found, id),
             finding.SerializeAsString());
}

absl::StatusOr<Page<sgs::v1::SpotCheckFinding>> FindingTable::List(
    const std::string& unit_code, absl::optional<absl::CivilDay> start,
    absl::optional<absl::CivilDay> end, int page_size,
    const std::string& page_token) const {
  // Findings are few (a handful a month): filter the dates while listing.
  return ScanPage<sgs::v1::SpotCheckFinding>(
      *engine_, ColumnFamily::kFindings, UnitRange(unit_code),
      ClampPageSize(page_size, 100, 1000), page_token,
      MessageVisitor<sgs::v1::SpotCheckFinding>(
          [start, end](const sgs::v1::SpotCheckFinding& finding)
              -> absl::StatusOr<bool> {
            ASSIGN_OR_RETURN(const absl::CivilDay found,
                             ParseDate(finding.found_date()));
            return !(start.has_value() && found < *start) &&
                   !(end.has_value() && found > *end);
          }));
}

}  // namespace sgs::ingest::storage
