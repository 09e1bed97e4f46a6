#include "ingest_service/storage/record_table.h"

#include <memory>
#include <utility>

#include "common/dates.h"
#include "common/keys.h"
#include "common/status_macros.h"

namespace sgs::ingest::storage {
namespace {

std::string IdentityKeyOf(const RecordIdentity& identity) {
  return keys::IdentityKey(identity.unit_code, identity.kind,
                           identity.document_number);
}

absl::StatusOr<std::string> CurrentKeyOf(const sgs::v1::Record& record) {
  ASSIGN_OR_RETURN(const absl::CivilDay receipt,
                   ParseDate(record.receipt_date()));
  const RecordIdentity identity = IdentityOf(record);
  return keys::RecordKey(identity.unit_code, receipt, identity.kind,
                         identity.document_number);
}

}  // namespace

absl::StatusOr<absl::optional<sgs::v1::Record>> RecordTable::ReadCurrent(
    const RecordIdentity& identity) const {
  ASSIGN_OR_RETURN(
      const absl::optional<std::string> receipt_value,
      engine_->Get(ColumnFamily::kRecordIds, IdentityKeyOf(identity)));
  if (!receipt_value.has_value()) return absl::optional<sgs::v1::Record>();
  absl::string_view view(*receipt_value);
  absl::CivilDay receipt;
  if (!keys::ConsumeDate(&view, &receipt)) {
    return absl::DataLossError("corrupt identity entry");
  }
  ASSIGN_OR_RETURN(
      const absl::optional<std::string> value,
      engine_->Get(ColumnFamily::kRecords,
                   keys::RecordKey(identity.unit_code, receipt, identity.kind,
                                   identity.document_number)));
  if (!value.has_value()) {
    return absl::NotFoundError("record: NotFound: ");
  }
  sgs::v1::Record record;
  RETURN_IF_ERROR(ParseStored(*value, &record));
  return absl::optional<sgs::v1::Record>(std::move(record));
}

absl::StatusOr<std::vector<absl::optional<sgs::v1::Record>>>
RecordTable::ReadCurrentMany(
    const std::vector<RecordIdentity>& identities) const {
  std::vector<absl::optional<sgs::v1::Record>> records(identities.size());
  std::vector<std::string> identity_keys;
  identity_keys.reserve(identities.size());
  for (const RecordIdentity& identity : identities) {
    identity_keys.push_back(IdentityKeyOf(identity));
  }
  ASSIGN_OR_RETURN(const std::vector<absl::optional<std::string>> receipts,
                   engine_->MultiGet(ColumnFamily::kRecordIds, identity_keys));
  std::vector<std::string> record_keys;
  std::vector<size_t> record_of;  // index into `identities` per record key
  for (size_t i = 0; i < identities.size(); ++i) {
    if (!receipts[i].has_value()) continue;
    absl::string_view view(*receipts[i]);
    absl::CivilDay receipt;
    if (!keys::ConsumeDate(&view, &receipt)) {
      return absl::DataLossError("corrupt identity entry");
    }
    record_keys.push_back(keys::RecordKey(identities[i].unit_code, receipt,
                                          identities[i].kind,
                                          identities[i].document_number));
    record_of.push_back(i);
  }
  ASSIGN_OR_RETURN(const std::vector<absl::optional<std::string>> values,
                   engine_->MultiGet(ColumnFamily::kRecords, record_keys));
  for (size_t j = 0; j < values.size(); ++j) {
    if (!values[j].has_value()) {
      return absl::NotFoundError("record: NotFound: ");
    }
    sgs::v1::Record record;
    RETURN_IF_ERROR(ParseStored(*values[j], &record));
    records[record_of[j]] = std::move(record);
  }
  return records;
}

absl::Status RecordTable::PutCurrent(const sgs::v1::Record& record,
                                     WriteBatch* batch) const {
  ASSIGN_OR_RETURN(const absl::CivilDay receipt,
                   ParseDate(record.receipt_date()));
  ASSIGN_OR_RETURN(const std::string key, CurrentKeyOf(record));
  batch->Put(ColumnFamily::kRecords, key, record.SerializeAsString());
  std::string receipt_value;
  keys::AppendDate(&receipt_value, receipt);
  batch->Put(ColumnFamily::kRecordIds, IdentityKeyOf(IdentityOf(record)),
             receipt_value);
  return absl::OkStatus();
}

absl::Status RecordTable::DeleteCurrent(const sgs::v1::Record& record,
                                        WriteBatch* batch) const {
  ASSIGN_OR_RETURN(const std::string key, CurrentKeyOf(record));
  batch->Delete(ColumnFamily::kRecords, key);
  return absl::OkStatus();
}

void RecordTable::PutVersion(const sgs::v1::Record& superseded,
                             WriteBatch* batch) const {
  const RecordIdentity identity = IdentityOf(superseded);
  batch->Put(ColumnFamily::kRecordVersions,
             keys::VersionKey(identity.unit_code, identity.kind,
                              identity.document_number, superseded.version()),
             superseded.SerializeAsString());
}

absl::StatusOr<Page<sgs::v1::Record>> RecordTable::List(
    const ListRecordsQuery& query) const {
  const std::string prefix = keys::UnitPrefix(query.unit_code);
  KeyRange range{prefix, ""};
  if (query.start_date.has_value()) {
    keys::AppendDate(&range.lower, *query.start_date);
  }
  if (query.end_date.has_value()) {
    range.upper = prefix;
    keys::AppendDate(&range.upper, *query.end_date + 1);
  } else {
    range.upper = keys::PrefixSuccessor(prefix);
  }
  const sgs::v1::RecordKind kind = query.kind;
  return ScanPage<sgs::v1::Record>(
      *engine_, ColumnFamily::kRecords, range,
      ClampPageSize(query.page_size, 100, 1000), query.page_token,
      MessageVisitor<sgs::v1::Record>(
          [kind](const sgs::v1::Record& record) -> absl::StatusOr<bool> {
            return kind == sgs::v1::RECORD_KIND_UNSPECIFIED ||
                   IdentityOf(record).kind == kind;
          }));
}

absl::StatusOr<std::vector<sgs::v1::Record>> RecordTable::ListSuperseded(
    const RecordIdentity& identity) const {
  const std::string prefix = IdentityKeyOf(identity);
  std::vector<sgs::v1::Record> versions;
  std::unique_ptr<rocksdb::Iterator> it =
      engine_->NewIterator(ColumnFamily::kRecordVersions);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    // The prefix is followed by exactly the 4-byte version.
    if (it->key().size() != prefix.size() + 4) continue;
    sgs::v1::Record record;
    RETURN_IF_ERROR(ParseStored(
        absl::string_view(it->value().data(), it->value().size()), &record));
    versions.push_back(std::move(record));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "list versions"));
  return versions;
}

absl::Status RecordTable::ForEach(
    const std::function<absl::Status(const sgs::v1::Record&)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it =
      engine_->NewIterator(ColumnFamily::kRecords);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    sgs::v1::Record record;
    RETURN_IF_ERROR(ParseStored(
        absl::string_view(it->value().data(), it->value().size()), &record));
    RETURN_IF_ERROR(visit(record));
  }
  return FromRocks(it->status(), "scan records");
}

}  // namespace sgs::ingest::storage
