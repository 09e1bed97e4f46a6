// IngestServiceImpl: the sgs.v1.IngestService RPC handlers, the rpc layer
// over the domain (ingest_service/domain/). Each handler is thin: parse the
// request, authorise the caller, call the domain (validator.h,
// domain/request_checks.h, domain/record_store.h), and convert the
// absl::Status to grpc::Status once, at its edge (common/grpc_status.h).
// The server sets receipt times, from its clock; only BackfillRecords
// takes historical ones (docs/adr/0003-receipt-time-set-by-server.md).
#ifndef SGS_INGEST_SERVICE_INGEST_SERVICE_IMPL_H_
#define SGS_INGEST_SERVICE_INGEST_SERVICE_IMPL_H_

#include <atomic>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "common/clock.h"
#include "common/registry.h"
#include "ingest_service/byte_budget.h"
#include "ingest_service/domain/record_store.h"
#include "ingest_service/domain/rejection_excerpt.h"
#include "ingest_service/ingest_metrics.h"
#include "ingest_service/stream_admission.h"
#include "ingest_service/validator.h"
#include "sgs/v1/ingest_service.grpc.pb.h"

namespace sgs::ingest {

struct IngestLimits {
  // Records in one BatchSubmitRecords call.
  int max_batch_size = 1000;
  // Records in one UploadRecords / BackfillRecords stream.
  int64_t max_stream_records = 10'000'000;
  // UploadRecords / BackfillRecords streams open at once, in all and for
  // one caller, and how long one may send nothing before it is cancelled
  // (stream_admission.h).
  int max_concurrent_streams = 8;
  int max_streams_per_caller = 2;
  absl::Duration stream_idle_timeout = absl::Seconds(60);
  // Records written per WriteBatch while streaming: one fsync per chunk
  // (--stream_chunk_records).
  int stream_chunk_size = 4000;
  // Records in one batched BackfillRecords message (records field).
  int max_backfill_batch = 1000;
  // A stream's chunk is also written once it holds this many bytes of
  // records and rejections (--max_stream_buffer_bytes) ...
  int64_t max_stream_buffer_bytes = 8 << 20;
  // ... and all streams together hold at most this many
  // (--max_buffered_bytes); a stream that finds the budget spent writes its
  // chunk, and if that is not enough is refused (RESOURCE_EXHAUSTED).
  int64_t max_buffered_bytes = 64 << 20;
  // Rejections listed in one stream summary, by count and by bytes, so the
  // summary always fits a message; all of them are in the rejected queue
  // regardless (the counts are exact).
  int max_summary_rejections = 100;
  int64_t max_summary_bytes = 512 << 10;
  // Open entries of one unit's rejected queue; beyond it a rejection is
  // still answered to the caller but not queued
  // (--max_open_rejections_per_unit).
  int64_t max_open_rejections_per_unit = 10000;
  // What the queue keeps of a rejected record (domain/rejection_excerpt.h).
  ExcerptLimits excerpt;
  ValidationLimits validation;
};

class IngestServiceImpl final : public sgs::v1::IngestService::Service {
 public:
  // `store`, `registry` and `auth` must outlive the service. `clock`
  // defaults to absl::Now.
  IngestServiceImpl(RecordStore* store, const UnitRegistry* registry,
                    const Authenticator* auth, IngestLimits limits,
                    Clock clock = nullptr);
  // Counts stored and rejected records there from now on (may be null).
  void set_record_metrics(RecordMetrics* metrics) { metrics_ = metrics; }
  // Shutdown (SIGTERM), before the gRPC server stops: new UploadRecords /
  // BackfillRecords streams are refused (UNAVAILABLE), open ones read on
  // until `stop_reading_at` (real time), so that a stream ending within the
  // grace period gets its summary; one still open then stores what it has
  // read and answers UNAVAILABLE naming the record to resume from.
  void StopStreamsAt(absl::Time stop_reading_at) {
    stop_streams_at_micros_.store(absl::ToUnixMicros(stop_reading_at));
  }
  // Waits until no stream is open or `deadline` passes; true when none is.
  bool WaitForStreams(absl::Time deadline) const;
  // How many streams StopStreamsAt has ended so far.
  int streams_stopped() const { return streams_stopped_.load(); }

  grpc::Status SubmitRecord(grpc::ServerContext* context,
                            const sgs::v1::SubmitRecordRequest* request,
                            sgs::v1::SubmitRecordResponse* response) override;
  grpc::Status BatchSubmitRecords(
      grpc::ServerContext* context,
      const sgs::v1::BatchSubmitRecordsRequest* request,
      sgs::v1::BatchSubmitRecordsResponse* response) override;
  grpc::Status UploadRecords(
      grpc::ServerContext* context,
      grpc::ServerReader<sgs::v1::UploadRecordsRequest>* reader,
      sgs::v1::UploadSummary* summary) override;
  grpc::Status BackfillRecords(
      grpc::ServerContext* context,
      grpc::ServerReader<sgs::v1::BackfillRecordsRequest>* reader,
      sgs::v1::UploadSummary* summary) override;
  grpc::Status GetRecord(grpc::ServerContext* context,
                         const sgs::v1::GetRecordRequest* request,
                         sgs::v1::Record* response) override;
  grpc::Status ListRecords(grpc::ServerContext* context,
                           const sgs::v1::ListRecordsRequest* request,
                           sgs::v1::ListRecordsResponse* response) override;
  grpc::Status ListRecordVersions(
      grpc::ServerContext* context,
      const sgs::v1::ListRecordVersionsRequest* request,
      sgs::v1::ListRecordVersionsResponse* response) override;
  grpc::Status WithdrawRecord(grpc::ServerContext* context,
                              const sgs::v1::WithdrawRecordRequest* request,
                              sgs::v1::Record* response) override;
  grpc::Status ListRejectedSubmissions(
      grpc::ServerContext* context,
      const sgs::v1::ListRejectedSubmissionsRequest* request,
      sgs::v1::ListRejectedSubmissionsResponse* response) override;
  grpc::Status ListUnits(grpc::ServerContext* context,
                         const sgs::v1::ListUnitsRequest* request,
                         sgs::v1::ListUnitsResponse* response) override;
  grpc::Status CreateObjection(grpc::ServerContext* context,
                               const sgs::v1::CreateObjectionRequest* request,
                               sgs::v1::Objection* response) override;
  grpc::Status ResolveObjection(grpc::ServerContext* context,
                                const sgs::v1::ResolveObjectionRequest* request,
                                sgs::v1::Objection* response) override;
  grpc::Status ListObjections(
      grpc::ServerContext* context,
      const sgs::v1::ListObjectionsRequest* request,
      sgs::v1::ListObjectionsResponse* response) override;
  grpc::Status CreateSpotCheckFinding(
      grpc::ServerContext* context,
      const sgs::v1::CreateSpotCheckFindingRequest* request,
      sgs::v1::SpotCheckFinding* response) override;
  grpc::Status ListSpotCheckFindings(
      grpc::ServerContext* context,
      const sgs::v1::ListSpotCheckFindingsRequest* request,
      sgs::v1::ListSpotCheckFindingsResponse* response) override;
  grpc::Status ListDailyAggregates(
      grpc::ServerContext* context,
      const sgs::v1::ListDailyAggregatesRequest* request,
      sgs::v1::ListDailyAggregatesResponse* response) override;
  grpc::Status ListAuditEntries(
      grpc::ServerContext* context,
      const sgs::v1::ListAuditEntriesRequest* request,
      sgs::v1::ListAuditEntriesResponse* response) override;

 private:
  // A record checked for one submission channel: either ready to write or
  // rejected with its violations.
  struct Checked {
    RecordWrite write;
    std::vector<google::rpc::BadRequest::FieldViolation> violations;
  };
  Checked Check(const sgs::v1::Record& record, absl::Time now,
                absl::Time receipt_time, bool historical) const;
  sgs::v1::RejectedSubmission MakeRejection(const Checked& checked,
                                            absl::Time now,
                                            const std::string& channel) const;

  // Shared by UploadRecords and BackfillRecords (historical receipts).
  template <typename Request>
  absl::Status ConsumeStream(grpc::ServerContext* context,
                             grpc::ServerReader<Request>* reader,
                             const Principal& caller, bool historical,
                             const std::string& channel,
                             sgs::v1::UploadSummary* summary);

  // The authenticated caller, if it has one of `roles` (PERMISSION_DENIED
  // naming `right` otherwise).
  absl::StatusOr<Principal> Caller(
      const grpc::ServerContext& context,
      std::initializer_list<sgs::config::v1::Role> roles,
      absl::string_view right) const;
  absl::Status CheckKnownUnit(const std::string& unit_code,
                              absl::string_view field) const;
  // "units/{code}" of a known unit; "units/-" gives "" when allowed.
  absl::StatusOr<std::string> ParseParent(const std::string& parent,
                                          bool allow_all) const;
  // The same for reads: any unit code, listed or not, so that the records
  // of a unit removed from the registry stay readable (README.md, "A unit
  // removed from the registry").
  absl::StatusOr<std::string> ParseReadParent(const std::string& parent,
                                              bool allow_all) const;

  // The store's writes, counted in metrics_ once durable.
  absl::StatusOr<std::vector<WriteOutcome>> WriteRecords(
      std::vector<RecordWrite> writes, absl::Time now, const AuditActor& actor);
  absl::Status AddRejections(
      std::vector<sgs::v1::RejectedSubmission>* rejections);

  RecordStore* store_;
  RecordMetrics* metrics_ = nullptr;
  const UnitRegistry* registry_;
  const Authenticator* auth_;
  IngestLimits limits_;
  Clock clock_;
  // Process-wide bytes buffered by streams, and their slots.
  ByteBudget stream_budget_;
  StreamAdmission stream_admission_;
  std::atomic<int> open_streams_{0};
  // StopStreamsAt, in Unix microseconds; never until then.
  std::atomic<int64_t> stop_streams_at_micros_{
      std::numeric_limits<int64_t>::max()};
  std::atomic<int> streams_stopped_{0};
};

}  // namespace sgs::ingest

#endif  // SGS_INGEST_SERVICE_INGEST_SERVICE_IMPL_H_
