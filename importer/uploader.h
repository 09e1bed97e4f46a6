// Uploader: streams mapped records to IngestService.UploadRecords (or
// BackfillRecords) in chunks. Each chunk of `chunk_size` records is one
// client stream: the summary that closes it says how many records the
// server holds durably and which were rejected, so a long import gets
// acknowledgements (and progress) regularly instead of once at the very
// end, and a broken connection loses at most one chunk's answer.
//
// The streams have no deadline: a large chunk on a slow link must not be
// cut off; a dead connection fails the stream instead. Each result's index
// (0-based within its stream) is mapped back to the RowRef the record was
// sent with, so a rejection is reported with its file line.
//
// A back-fill sends its records in batched messages
// (BackfillRecordsRequest.records) of up to `backfill_batch` records and
// about 1 MiB, so gRPC's per-message cost is paid once per batch; the
// summary still indexes records, not messages. `backfill_batch` = 1 sends
// the single-record form, for a server older than the batched form.
//
// Counters are atomics so a progress thread can read them while Send()
// blocks on flow control.
#ifndef SGS_IMPORTER_UPLOADER_H_
#define SGS_IMPORTER_UPLOADER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "grpcpp/grpcpp.h"
#include "sgs/v1/ingest_service.grpc.pb.h"

namespace sgs::importer {

// Where a sent record came from.
struct RowRef {
  int64_t line = 0;  // physical line in the input file (1-based)
  std::string unit_code;
  std::string document_number;
  sgs::v1::RecordKind kind = sgs::v1::RECORD_KIND_UNSPECIFIED;
};

// Records per stream by default. A stream's end waits for its last chunk
// to be written and fsynced before the next stream starts, with both ends
// idle; a back-fill of millions takes ten times fewer ends (a 300k-record
// back-fill went from 19-20k to 21-24k records/s, issue 11). Uploads keep
// the smaller acknowledgement unit a department's pipeline expects.
inline constexpr int kUploadStreamRecords = 5000;
inline constexpr int kBackfillStreamRecords = 50000;

// Records per stream for a --chunk_size of `requested` (0: the default).
inline int StreamRecords(int requested, bool backfill) {
  if (requested > 0) return requested;
  return backfill ? kBackfillStreamRecords : kUploadStreamRecords;
}

struct UploadOptions {
  // BackfillRecords instead of UploadRecords; every record then needs its
  // receipt time.
  bool backfill = false;
  // Records per stream (>= 1).
  int chunk_size = kUploadStreamRecords;
  // Records per BackfillRecords message (>= 1; the server's
  // --max_backfill_batch must allow it).
  int backfill_batch = 500;
  // Sent as "authorization: Bearer <token>" when not empty.
  std::string token;
};

class Uploader {
 public:
  // Called once per rejected record, with the row it came from.
  using RejectionHandler =
      std::function<void(const RowRef&, const sgs::v1::RecordResult&)>;
  // Called after each chunk's summary has been handled.
  using ChunkHandler = std::function<void()>;

  // `stub` must outlive the uploader.
  Uploader(sgs::v1::IngestService::StubInterface* stub, UploadOptions options,
           RejectionHandler on_rejection, ChunkHandler on_chunk = nullptr);
  ~Uploader();
  Uploader(const Uploader&) = delete;
  Uploader& operator=(const Uploader&) = delete;

  // Sends one record (opening a stream if needed, closing it when the chunk
  // is full). An error (the stream failed: connection lost, permission
  // denied, ...) is final: the open chunk's outcome is unknown. The record
  // is moved into the message (swapped: *record is left holding whatever
  // the message held, to be cleared by the caller).
  absl::Status Send(sgs::v1::Record* record,
                    absl::optional<absl::Time> receipt_time, RowRef ref);
  // Closes the open chunk, if any, and handles its summary.
  absl::Status Finish();

  // Records written to a stream.
  int64_t sent() const { return sent_.load(); }
  // Records the server has answered for (accepted or rejected).
  int64_t acknowledged() const { return acknowledged_.load(); }
  int64_t created() const { return created_.load(); }
  int64_t corrected() const { return corrected_.load(); }
  int64_t rejected() const { return rejected_.load(); }
  int64_t concealment_risks() const { return concealment_risks_.load(); }
  // Called once per accepted record flagged as a concealment risk.
  void set_on_concealment_risk(RejectionHandler handler) {
    on_concealment_risk_ = std::move(handler);
  }
  // Records sent in the open chunk, not yet answered for.
  int64_t in_flight() const { return sent() - acknowledged(); }
  // Line of the first record of the open chunk (0 if none): after a fatal
  // error, rows from here on have unknown outcome.
  int64_t first_unacknowledged_line() const;

 private:
  absl::Status OpenStream();
  absl::Status CloseStream();
  absl::Status StreamFailed();
  // Writes the batched back-fill message being filled, if any.
  absl::Status WriteBatched();

  sgs::v1::IngestService::StubInterface* stub_;
  UploadOptions options_;
  RejectionHandler on_rejection_;
  ChunkHandler on_chunk_;

  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientWriterInterface<sgs::v1::UploadRecordsRequest>>
      upload_writer_;
  std::unique_ptr<grpc::ClientWriterInterface<sgs::v1::BackfillRecordsRequest>>
      backfill_writer_;
  sgs::v1::UploadSummary summary_;
  // The batched back-fill message being filled, and its size so far.
  sgs::v1::BackfillRecordsRequest batched_;
  size_t batched_bytes_ = 0;
  std::vector<RowRef> refs_;  // the open chunk's rows, by stream index
  int64_t chunks_ = 0;

  std::atomic<int64_t> sent_{0};
  std::atomic<int64_t> acknowledged_{0};
  std::atomic<int64_t> created_{0};
  std::atomic<int64_t> corrected_{0};
  std::atomic<int64_t> rejected_{0};
  std::atomic<int64_t> concealment_risks_{0};
  RejectionHandler on_concealment_risk_;
};

}  // namespace sgs::importer

#endif  // SGS_IMPORTER_UPLOADER_H_
