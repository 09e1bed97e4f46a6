#include "ingest_service/storage/side_tables.h"

#include <functional>
#include <memory>
#include <utility>

#include "common/dates.h"
#include "common/keys.h"
#include "common/status_macros.h"
#include "ingest_service/resource_names.h"

namespace sgs::ingest::storage {

std::string RejectedOpenKey(const sgs::v1::RejectedSubmission& rejection,
                            absl::string_view rejected_key) {
  const RecordIdentity identity = IdentityOf(rejection.record());
  const bool matchable = rejection.unit_code() == identity.unit_code &&
                         (identity.kind == sgs::v1::LICENSING ||
                          identity.kind == sgs::v1::PENALTY) &&
                         !identity.document_number.empty() &&
                         identity.document_number.size() <= 0xFFFF;
  std::string key =
      matchable ? keys::IdentityKey(identity.unit_code, identity.kind,
                                    identity.document_number)
                : keys::IdentityKey(rejection.unit_code(),
                                    sgs::v1::RECORD_KIND_UNSPECIFIED, "");
  // The rejected key's tail (reject time, sequence) keeps entries unique
  // and, within one identity, newest first.
  const size_t unit_prefix = keys::UnitPrefix(rejection.unit_code()).size();
  if (rejected_key.size() > unit_prefix) {
    key.append(rejected_key.data() + unit_prefix,
               rejected_key.size() - unit_prefix);
  }
  return key;
}

void RejectedTable::Put(const sgs::v1::RejectedSubmission& rejection,
                        int64_t reject_micros, uint64_t sequence,
                        WriteBatch* batch) const {
  const std::string key =
      keys::RejectedKey(rejection.unit_code(), reject_micros, sequence);
  batch->Put(ColumnFamily::kRejected, key, rejection.SerializeAsString());
  if (!rejection.resolved()) {
    batch->Put(ColumnFamily::kRejectedOpen, RejectedOpenKey(rejection, key),
               key);
  }
}

absl::StatusOr<std::vector<StoredRejection>> RejectedTable::ListOpen(
    const std::string& unit_code, sgs::v1::RecordKind kind,
    const std::string& document_number) const {
  std::vector<StoredRejection> open;
  if (document_number.empty() || document_number.size() > 0xFFFF) return open;
  std::unique_ptr<rocksdb::Iterator> it =
      engine_->NewIterator(ColumnFamily::kRejectedOpen);
  return ListOpen(unit_code, kind, document_number, it.get());
}

absl::StatusOr<std::vector<StoredRejection>> RejectedTable::ListOpen(
    const std::string& unit_code, sgs::v1::RecordKind kind,
    const std::string& document_number, rocksdb::Iterator* it) const {
  std::vector<StoredRejection> open;
  if (document_number.empty() || document_number.size() > 0xFFFF) return open;
  const std::string prefix =
      keys::IdentityKey(unit_code, kind, document_number);
  const std::string end = keys::PrefixSuccessor(prefix);
  for (it->Seek(prefix); it->Valid() && it->key().compare(end) < 0;
       it->Next()) {
    StoredRejection stored;
    stored.key = it->value().ToString();
    ASSIGN_OR_RETURN(const absl::optional<std::string> value,
                     engine_->Get(ColumnFamily::kRejected, stored.key));
    if (!value.has_value()) {
      return absl::DataLossError(
          "rejected_open names a rejection that is not stored");
    }
    RETURN_IF_ERROR(ParseStored(*value, &stored.rejection));
    open.push_back(std::move(stored));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "list rejected_open"));
  return open;
}

void RejectedTable::PutResolved(const StoredRejection& open,
                                const sgs::v1::RejectedSubmission& resolved,
                                WriteBatch* batch) const {
  batch->Put(ColumnFamily::kRejected, open.key, resolved.SerializeAsString());
  batch->Delete(ColumnFamily::kRejectedOpen,
                RejectedOpenKey(open.rejection, open.key));
}

absl::StatusOr<int64_t> RejectedTable::CountOpen(
    const std::string& unit_code) const {
  const KeyRange range = UnitRange(unit_code);
  int64_t count = 0;
  std::unique_ptr<rocksdb::Iterator> it =
      engine_->NewIterator(ColumnFamily::kRejectedOpen);
  for (it->Seek(range.lower);
       it->Valid() &&
       (range.upper.empty() || it->key().compare(range.upper) < 0);
       it->Next()) {
    ++count;
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "count rejected_open"));
  return count;
}

absl::StatusOr<Page<sgs::v1::RejectedSubmission>> RejectedTable::List(
    const std::string& unit_code, RejectionFilter filter, int page_size,
    const std::string& page_token) const {
  std::function<absl::StatusOr<bool>(const sgs::v1::RejectedSubmission&)> keep;
  if (filter != RejectionFilter::kAll) {
    const bool want_resolved = filter == RejectionFilter::kResolved;
    keep = [want_resolved](const sgs::v1::RejectedSubmission& rejection)
        -> absl::StatusOr<bool> {
      return rejection.resolved() == want_resolved;
    };
  }
  return ScanPage<sgs::v1::RejectedSubmission>(
      *engine_, ColumnFamily::kRejected, UnitRange(unit_code),
      ClampPageSize(page_size, 50, 500), page_token,
      MessageVisitor<sgs::v1::RejectedSubmission>(std::move(keep)));
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
