// RecordStore: the ingest service's durable state in RocksDB. Records are
// keyed by unit and receipt date (column family "records"); other access
// paths have column families of their own (see common/keys.h): identity
// index, version history, rejected queue, objections, spot-check findings,
// and per-unit daily aggregates by receipt and by decision date, kept by a
// merge operator so the stats service never scans records.
//
// Contract: every write of one record (record, identity, version,
// aggregates) goes into one WriteBatch, so a crash leaves all or nothing;
// a write that returned OK is in the WAL (fsynced when sync_writes) and
// survives kill -9. Callers validate records first; the store sets the
// output-only fields (name, receipt time/date, version, update time).
#ifndef SGS_INGEST_SERVICE_RECORD_STORE_H_
#define SGS_INGEST_SERVICE_RECORD_STORE_H_

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
#include "ingest_service/resource_names.h"
#include "rocksdb/db.h"
#include "sgs/v1/ingest_service.pb.h"
#include "sgs/v1/record.pb.h"

namespace sgs::ingest {

struct StoreOptions {
  // fsync the WAL before a write returns.
  bool sync_writes = true;
  // Memory and disk bounds (RocksDB): the shared block cache (index and
  // filter blocks included), all memtables together, and the write-ahead
  // log before old column families are flushed so it can be recycled.
  size_t block_cache_bytes = 16 << 20;
  size_t write_buffer_total_bytes = 16 << 20;
  uint64_t max_wal_bytes = 64 << 20;
};

// Who writes, for the audit trail.
struct AuditActor {
  std::string name;
  std::string role;
  std::string peer;
};

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

// A page of results with the AIP-158 token for the next one.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

struct ListRecordsQuery {
  std::string unit_code;
  absl::optional<absl::CivilDay> start_date;  // receipt date, inclusive
  absl::optional<absl::CivilDay> end_date;    // inclusive
  sgs::v1::RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;  // any
  int page_size = 100;
  std::string page_token;
};

struct ListAggregatesQuery {
  std::string unit_code;  // empty: every unit
  sgs::v1::DateBasis basis = sgs::v1::RECEIPT_DATE;
  absl::CivilDay start_date;
  absl::CivilDay end_date;
  int page_size = 1000;
  std::string page_token;
};

class RecordStore {
 public:
  static absl::StatusOr<std::unique_ptr<RecordStore>> Open(
      const std::string& path, const StoreOptions& options);
  ~RecordStore();
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;

  // The database itself, for backups (ingest_service/backup.h) and the
  // metrics that read its properties; never for reads or writes of data.
  rocksdb::DB* db() const { return db_.get(); }

  // Creates or corrects each record, in order, in ONE WriteBatch (a
  // stream's chunk is acknowledged together). A correction keeps the first
  // receipt time and adds a version.
  absl::StatusOr<std::vector<WriteOutcome>> WriteRecords(
      absl::Span<const RecordWrite> writes, absl::Time now,
      const AuditActor& actor);

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
  absl::StatusOr<Page<sgs::v1::RejectedSubmission>> ListRejections(
      const std::string& unit_code, int page_size,
      const std::string& page_token) const;

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

  // Recounts the aggregates from the records and compares them with the
  // stored ones (both bases). OK when equal; kDataLoss naming the first
  // difference otherwise. For crash tests and operators.
  absl::Status VerifyAggregates() const;

 private:
  RecordStore() = default;
  // Writes (fsynced when sync_writes), persisting the id counter in the
  // same batch when ids were handed out.
  absl::Status WriteBatch(rocksdb::WriteBatch* batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);
  // A fresh id for an objection, finding or audit entry.
  uint64_t NextId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);
  // Adds an audit entry for a write to `batch` (the write's own batch).
  absl::Status AppendAudit(rocksdb::WriteBatch* batch, absl::Time now,
                           const AuditActor& actor, sgs::v1::AuditAction action,
                           const std::string& unit_code,
                           const std::string& target,
                           std::vector<std::string> changed_fields,
                           const std::string& detail)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);
  absl::StatusOr<absl::optional<sgs::v1::Record>> ReadCurrent(
      const RecordIdentity& identity) const;

  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* records_ = nullptr;
  rocksdb::ColumnFamilyHandle* record_ids_ = nullptr;
  rocksdb::ColumnFamilyHandle* versions_ = nullptr;
  rocksdb::ColumnFamilyHandle* rejected_ = nullptr;
  rocksdb::ColumnFamilyHandle* objections_ = nullptr;
  rocksdb::ColumnFamilyHandle* findings_ = nullptr;
  rocksdb::ColumnFamilyHandle* agg_by_receipt_ = nullptr;
  rocksdb::ColumnFamilyHandle* agg_by_decision_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* audit_ = nullptr;

  // Read-modify-write of records and counters is serialized; RocksDB
  // serializes the writes themselves anyway, and streams write whole
  // chunks per batch, so one mutex costs little.
  mutable absl::Mutex write_mutex_;
  uint64_t next_id_ ABSL_GUARDED_BY(write_mutex_) = 0;
  uint64_t persisted_next_id_ ABSL_GUARDED_BY(write_mutex_) = 0;
  uint64_t rejection_sequence_ ABSL_GUARDED_BY(write_mutex_) = 0;
};

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_RECORD_STORE_H_
