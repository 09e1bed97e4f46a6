// RecordStore: the ingest service's durable state, as the domain sees it.
// It composes the storage tables (ingest_service/storage/: records, daily
// aggregates, audit log, rejected queue, objections, findings) with the
// record lifecycle rules (record_lifecycle.h): each operation reads the
// current state, asks the lifecycle what to store, and commits every
// change — record, identity, version, aggregates, audit entry — in ONE
// WriteBatch through the engine's one commit point, so a crash leaves all
// or nothing; a write that returned OK is in the WAL (fsynced when
// sync_writes) and survives kill -9. Callers validate records first; the
// store sets the output-only fields (name, receipt time/date, version,
// update time).
//
// No gRPC here: errors are absl::Status (field violations via
// common/field_error.h); the RPC layer converts them at its edge.
#ifndef SGS_INGEST_SERVICE_DOMAIN_RECORD_STORE_H_
#define SGS_INGEST_SERVICE_DOMAIN_RECORD_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "absl/types/span.h"
#include "ingest_service/domain/record_lifecycle.h"
#include "ingest_service/resource_names.h"
#include "ingest_service/storage/aggregate_table.h"
#include "ingest_service/storage/audit_log.h"
#include "ingest_service/storage/engine.h"
#include "ingest_service/storage/paging.h"
#include "ingest_service/storage/record_table.h"
#include "ingest_service/storage/side_tables.h"
#include "sgs/v1/ingest_service.pb.h"
#include "sgs/v1/record.pb.h"

namespace sgs::ingest {

using storage::ListAggregatesQuery;
using storage::ListRecordsQuery;
using storage::Page;
using storage::RejectionFilter;
using storage::StoreOptions;

class RecordStore {
 public:
  static absl::StatusOr<std::unique_ptr<RecordStore>> Open(
      const std::string& path, const StoreOptions& options);
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;

  // Creates or corrects each record, in order, in ONE WriteBatch (a
  // stream's chunk is acknowledged together). A correction keeps the first
  // receipt time and adds a version. The open rejections of each record's
  // identity are resolved by it, in the same batch. The writes are taken
  // by value: their records become the stored ones without a copy.
  absl::StatusOr<std::vector<WriteOutcome>> WriteRecords(
      std::vector<RecordWrite> writes, absl::Time now, const AuditActor& actor);

  // kNotFound when absent.
  absl::StatusOr<sgs::v1::Record> GetRecord(
      const RecordIdentity& identity) const;
  absl::StatusOr<Page<sgs::v1::Record>> ListRecords(
      const ListRecordsQuery& query) const;
  // Every version, oldest first; the last is the current record.
  absl::StatusOr<std::vector<sgs::v1::Record>> ListVersions(
      const RecordIdentity& identity) const;
  absl::StatusOr<sgs::v1::Record> WithdrawRecord(const RecordIdentity& identity,
                                                 const std::string& reason,
                                                 absl::Time now,
                                                 const AuditActor& actor);

  // Assigns names and stores the rejections in one batch.
  absl::Status AddRejections(
      std::vector<sgs::v1::RejectedSubmission>* rejections);
  // Newest first.
  absl::StatusOr<Page<sgs::v1::RejectedSubmission>> ListRejections(
      const std::string& unit_code, RejectionFilter filter, int page_size,
      const std::string& page_token) const;
  // Rejections of the unit not yet resolved.
  absl::StatusOr<int64_t> CountOpenRejections(
      const std::string& unit_code) const;

  absl::StatusOr<sgs::v1::Objection> CreateObjection(
      sgs::v1::Objection objection, const AuditActor& actor);
  absl::StatusOr<sgs::v1::Objection> ResolveObjection(
      const std::string& unit_code, uint64_t id,
      sgs::v1::ObjectionOutcome outcome, const std::string& note,
      absl::Time resolve_time, const AuditActor& actor);
  // unit_code empty: every unit.
  absl::StatusOr<Page<sgs::v1::Objection>> ListObjections(
      const std::string& unit_code, int page_size,
      const std::string& page_token) const;

  // finding.found_date must be a valid date.
  absl::StatusOr<sgs::v1::SpotCheckFinding> CreateFinding(
      sgs::v1::SpotCheckFinding finding, absl::Time now,
      const AuditActor& actor);
  absl::StatusOr<Page<sgs::v1::SpotCheckFinding>> ListFindings(
      const std::string& unit_code, absl::optional<absl::CivilDay> start,
      absl::optional<absl::CivilDay> end, int page_size,
      const std::string& page_token) const;

  // The audit trail of a unit (every unit when empty), oldest first;
  // `target` keeps only entries about that resource.
  absl::StatusOr<Page<sgs::v1::AuditEntry>> ListAudit(
      const std::string& unit_code, const std::string& target, int page_size,
      const std::string& page_token) const;

  // Non-zero aggregates in the range, by unit then date.
  absl::StatusOr<Page<sgs::v1::DailyAggregate>> ListAggregates(
      const ListAggregatesQuery& query) const;
  // The same as packed columns; every unit: by date then unit, one range.
  absl::StatusOr<storage::AggregateColumnsPage> ListAggregateColumns(
      const storage::AggregateColumnsQuery& query) const {
    return aggregates_.ListColumns(query);
  }
  // The same range counted per unit by the caller's deadlines.
  absl::StatusOr<storage::AggregateTallyPage> TallyAggregates(
      const storage::AggregateColumnsQuery& query,
      const sgs::v1::DeadlineTable& deadlines) const {
    return aggregates_.Tally(query, deadlines);
  }

  // Recounts the aggregates from the records (with the write path's own
  // counting, storage::AggregateCounts) and compares them with the stored
  // ones (both bases). OK when equal; kDataLoss naming the first
  // difference otherwise. For crash tests and operators.
  absl::Status VerifyAggregates() const;

  // The database itself, for backups and metrics only.
  rocksdb::DB* db() const { return engine_->db(); }

 private:
  explicit RecordStore(std::unique_ptr<storage::Engine> engine);

  std::unique_ptr<storage::Engine> engine_;
  storage::RecordTable records_;
  storage::AggregateTable aggregates_;
  storage::AuditLog audit_;
  storage::RejectedTable rejected_;
  storage::ObjectionTable objections_;
  storage::FindingTable findings_;

  // Read-modify-write of records and objections is serialized; RocksDB
  // serializes the writes themselves anyway, and streams write whole
  // chunks per batch, so one mutex costs little.
  mutable absl::Mutex write_mutex_;
  uint64_t rejection_sequence_ ABSL_GUARDED_BY(write_mutex_) = 0;
};

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_DOMAIN_RECORD_STORE_H_
