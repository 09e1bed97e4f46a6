#include "ingest_service/domain/record_store.h"

#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/keys.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"

namespace sgs::ingest {
namespace {

using google::protobuf::util::TimeUtil;

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(t));
}

absl::Status RecordNotFound(const RecordIdentity& identity) {
  return absl::NotFoundError(
      absl::StrCat("记录不存在: ", RecordName(identity)));
}

}  // namespace

RecordStore::RecordStore(std::unique_ptr<storage::Engine> engine)
    : engine_(std::move(engine)),
      records_(engine_.get()),
      aggregates_(engine_.get()),
      audit_(engine_.get()),
      rejected_(engine_.get()),
      objections_(engine_.get()),
      findings_(engine_.get()) {}

absl::StatusOr<std::unique_ptr<RecordStore>> RecordStore::Open(
    const std::string& path, const StoreOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Engine> engine,
                   storage::Engine::Open(path, options));
  return std::unique_ptr<RecordStore>(new RecordStore(std::move(engine)));
}

absl::StatusOr<std::vector<WriteOutcome>> RecordStore::WriteRecords(
    std::vector<RecordWrite> writes, absl::Time now, const AuditActor& actor) {
  std::vector<WriteOutcome> outcomes;
  outcomes.reserve(writes.size());
  storage::WriteBatch batch(engine_.get());
  absl::MutexLock lock(&write_mutex_);
  // What the store holds for every record of the batch, read at once (the
  // lock keeps it current: only this batch writes until it commits).
  std::vector<RecordIdentity> identities;
  identities.reserve(writes.size());
  for (const RecordWrite& write : writes) {
    identities.push_back(IdentityOf(write.record));
  }
  ASSIGN_OR_RETURN(std::vector<absl::optional<sgs::v1::Record>> stored,
                   records_.ReadCurrentMany(identities));
  // Records written earlier in this batch (their index in `outcomes`), by
  // identity key: a stream may correct a record it sent a moment before,
  // in the same chunk.
  absl::flat_hash_map<std::string, size_t> pending;
  // Rejections resolved earlier in this batch: a record corrected twice in
  // one chunk resolves them with its first accepted version.
  std::set<std::string> resolved;
  // One pass over the open-rejection index for the whole batch.
  const std::unique_ptr<rocksdb::Iterator> open_index =
      engine_->NewIterator(storage::ColumnFamily::kRejectedOpen);
  storage::AggregateCounts deltas;
  for (size_t i = 0; i < writes.size(); ++i) {
    const RecordIdentity& identity = identities[i];
    std::string identity_key = keys::IdentityKey(
        identity.unit_code, identity.kind, identity.document_number);
    absl::optional<sgs::v1::Record> existing;
    if (auto it = pending.find(identity_key); it != pending.end()) {
      existing = outcomes[it->second].stored;
    } else {
      existing = std::move(stored[i]);
    }
    WritePlan plan = PlanWrite(existing, std::move(writes[i]), now);
    if (existing.has_value()) {
      // The current version lives in "records"; superseded ones move to
      // "record_versions", so a new record costs one copy of its value.
      records_.PutVersion(*existing, &batch);
      RETURN_IF_ERROR(deltas.Add(*existing, -1));
      if (plan.receipt_date_moved) {
        RETURN_IF_ERROR(records_.DeleteCurrent(*existing, &batch));
      }
    }
    RETURN_IF_ERROR(deltas.Add(plan.record, +1));
    RETURN_IF_ERROR(records_.PutCurrent(plan.record, &batch));
    audit_.Append(now, actor, std::move(plan.audit), &batch);
    ASSIGN_OR_RETURN(
        const std::vector<storage::StoredRejection> open,
        rejected_.ListOpen(identity.unit_code, identity.kind,
                           identity.document_number, open_index.get()));
    for (const storage::StoredRejection& rejection : open) {
      if (!resolved.insert(rejection.key).second) continue;
      rejected_.PutResolved(
          rejection,
          PlanResolveRejection(rejection.rejection, plan.record, now), &batch);
    }
    pending[std::move(identity_key)] = outcomes.size();
    outcomes.push_back(WriteOutcome{std::move(plan.record), plan.created});
  }
  if (batch.Count() == 0) return outcomes;
  aggregates_.MergeDeltas(deltas, &batch);
  RETURN_IF_ERROR(engine_->Commit(&batch));
  return outcomes;
}

absl::StatusOr<sgs::v1::Record> RecordStore::GetRecord(
    const RecordIdentity& identity) const {
  ASSIGN_OR_RETURN(absl::optional<sgs::v1::Record> current,
                   records_.ReadCurrent(identity));
  if (!current.has_value()) return RecordNotFound(identity);
  return *std::move(current);
}

absl::StatusOr<Page<sgs::v1::Record>> RecordStore::ListRecords(
    const ListRecordsQuery& query) const {
  return records_.List(query);
}

absl::StatusOr<std::vector<sgs::v1::Record>> RecordStore::ListVersions(
    const RecordIdentity& identity) const {
  ASSIGN_OR_RETURN(std::vector<sgs::v1::Record> versions,
                   records_.ListSuperseded(identity));
  ASSIGN_OR_RETURN(sgs::v1::Record current, GetRecord(identity));
  versions.push_back(std::move(current));
  return versions;
}

absl::StatusOr<sgs::v1::Record> RecordStore::WithdrawRecord(
    const RecordIdentity& identity, const std::string& reason, absl::Time now,
    const AuditActor& actor) {
  absl::MutexLock lock(&write_mutex_);
  ASSIGN_OR_RETURN(const absl::optional<sgs::v1::Record> current,
                   records_.ReadCurrent(identity));
  if (!current.has_value()) return RecordNotFound(identity);
  AuditEvent audit;
  ASSIGN_OR_RETURN(sgs::v1::Record record,
                   PlanWithdraw(*current, reason, now, &audit));
  storage::WriteBatch batch(engine_.get());
  RETURN_IF_ERROR(records_.PutCurrent(record, &batch));
  records_.PutVersion(*current, &batch);
  audit_.Append(now, actor, std::move(audit), &batch);
  RETURN_IF_ERROR(engine_->Commit(&batch));
  return record;
}

absl::Status RecordStore::AddRejections(
    std::vector<sgs::v1::RejectedSubmission>* rejections) {
  if (rejections->empty()) return absl::OkStatus();
  storage::WriteBatch batch(engine_.get());
  absl::MutexLock lock(&write_mutex_);
  for (sgs::v1::RejectedSubmission& rejection : *rejections) {
    const int64_t micros =
        TimeUtil::TimestampToMicroseconds(rejection.reject_time());
    const uint64_t sequence = ++rejection_sequence_;
    rejection.set_name(RejectionName(rejection.unit_code(), micros, sequence));
    rejected_.Put(rejection, micros, sequence, &batch);
  }
  return engine_->Commit(&batch);
}

absl::StatusOr<Page<sgs::v1::RejectedSubmission>> RecordStore::ListRejections(
    const std::string& unit_code, RejectionFilter filter, int page_size,
    const std::string& page_token) const {
  return rejected_.List(unit_code, filter, page_size, page_token);
}

absl::StatusOr<int64_t> RecordStore::CountOpenRejections(
    const std::string& unit_code) const {
  return rejected_.CountOpen(unit_code);
}

absl::StatusOr<sgs::v1::Objection> RecordStore::CreateObjection(
    sgs::v1::Objection objection, const AuditActor& actor) {
  storage::WriteBatch batch(engine_.get());
  absl::MutexLock lock(&write_mutex_);
  const uint64_t id = engine_->NextId();
  AuditEvent audit;
  sgs::v1::Objection created =
      PlanNewObjection(std::move(objection), id, &audit);
  objections_.Put(created, id, &batch);
  audit_.Append(FromProto(created.file_time()), actor, std::move(audit),
                &batch);
  RETURN_IF_ERROR(engine_->Commit(&batch));
  return created;
}

absl::StatusOr<sgs::v1::Objection> RecordStore::ResolveObjection(
    const std::string& unit_code, uint64_t id,
    sgs::v1::ObjectionOutcome outcome, const std::string& note,
    absl::Time resolve_time, const AuditActor& actor) {
  absl::MutexLock lock(&write_mutex_);
  ASSIGN_OR_RETURN(absl::optional<sgs::v1::Objection> current,
                   objections_.Get(unit_code, id));
  if (!current.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("异议不存在: ", ChildName(unit_code, "objections", id)));
  }
  AuditEvent audit;
  ASSIGN_OR_RETURN(sgs::v1::Objection resolved,
                   PlanResolveObjection(*std::move(current), outcome, note,
                                        resolve_time, &audit));
  storage::WriteBatch batch(engine_.get());
  objections_.Put(resolved, id, &batch);
  audit_.Append(resolve_time, actor, std::move(audit), &batch);
  RETURN_IF_ERROR(engine_->Commit(&batch));
  return resolved;
}

absl::StatusOr<Page<sgs::v1::Objection>> RecordStore::ListObjections(
    const std::string& unit_code, int page_size,
    const std::string& page_token) const {
  return objections_.List(unit_code, page_size, page_token);
}

absl::StatusOr<sgs::v1::SpotCheckFinding> RecordStore::CreateFinding(
    sgs::v1::SpotCheckFinding finding, absl::Time now,
    const AuditActor& actor) {
  ASSIGN_OR_RETURN(const absl::CivilDay found, ParseDate(finding.found_date()));
  storage::WriteBatch batch(engine_.get());
  absl::MutexLock lock(&write_mutex_);
  const uint64_t id = engine_->NextId();
  AuditEvent audit;
  sgs::v1::SpotCheckFinding created =
      PlanNewFinding(std::move(finding), id, now, &audit);
  findings_.Put(created, found, id, &batch);
  audit_.Append(now, actor, std::move(audit), &batch);
  RETURN_IF_ERROR(engine_->Commit(&batch));
  return created;
}

absl::StatusOr<Page<sgs::v1::SpotCheckFinding>> RecordStore::ListFindings(
    const std::string& unit_code, absl::optional<absl::CivilDay> start,
    absl::optional<absl::CivilDay> end, int page_size,
    const std::string& page_token) const {
  return findings_.List(unit_code, start, end, page_size, page_token);
}

absl::StatusOr<Page<sgs::v1::AuditEntry>> RecordStore::ListAudit(
    const std::string& unit_code, const std::string& target, int page_size,
    const std::string& page_token) const {
  return audit_.List(unit_code, target, page_size, page_token);
}

absl::StatusOr<Page<sgs::v1::DailyAggregate>> RecordStore::ListAggregates(
    const ListAggregatesQuery& query) const {
  return aggregates_.List(query);
}

absl::Status RecordStore::VerifyAggregates() const {
  storage::AggregateCounts recount;
  RETURN_IF_ERROR(records_.ForEach([&recount](const sgs::v1::Record& record) {
    if (!recount.Add(record, +1).ok()) {
      return absl::DataLossError("stored record has a bad date");
    }
    return absl::OkStatus();
  }));
  return aggregates_.Verify(recount);
}

}  // namespace sgs::ingest
