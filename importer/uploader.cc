#include "importer/uploader.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace sgs::importer {
namespace {

absl::Status FromGrpc(const grpc::Status& status, absl::string_view what) {
  return absl::Status(
      static_cast<absl::StatusCode>(status.error_code()),
      absl::StrCat(what, "：",
                   status.error_message().empty() ? "（无详细信息）"
                                                  : status.error_message()));
}

}  // namespace

Uploader::Uploader(sgs::v1::IngestService::StubInterface* stub,
                   UploadOptions options, RejectionHandler on_rejection,
                   ChunkHandler on_chunk)
    : stub_(stub),
      options_(std::move(options)),
      on_rejection_(std::move(on_rejection)),
      on_chunk_(std::move(on_chunk)) {
  if (options_.chunk_size < 1) options_.chunk_size = 1;
  if (options_.backfill_batch < 1) options_.backfill_batch = 1;
}

Uploader::~Uploader() {
  // An open stream here means the import was abandoned: cancel it rather
  // than commit a chunk nobody will read the summary of.
  if (context_ != nullptr) context_->TryCancel();
}

int64_t Uploader::first_unacknowledged_line() const {
  return refs_.empty() ? 0 : refs_.front().line;
}

absl::Status Uploader::OpenStream() {
  context_ = std::make_unique<grpc::ClientContext>();
  if (!options_.token.empty()) {
    context_->AddMetadata("authorization",
                          absl::StrCat("Bearer ", options_.token));
  }
  summary_.Clear();
  refs_.clear();
  batched_.Clear();
  batched_bytes_ = 0;
  if (options_.backfill) {
    backfill_writer_ = stub_->BackfillRecords(context_.get(), &summary_);
  } else {
    upload_writer_ = stub_->UploadRecords(context_.get(), &summary_);
  }
  return absl::OkStatus();
}

absl::Status Uploader::StreamFailed() {
  // Write() failed: the server ended the stream; Finish() tells why.
  const grpc::Status status =
      options_.backfill ? backfill_writer_->Finish() : upload_writer_->Finish();
  upload_writer_.reset();
  backfill_writer_.reset();
  context_.reset();
  if (status.ok()) {
    return absl::InternalError("服务器提前结束了上传流");
  }
  return FromGrpc(status, options_.backfill ? "回填流失败" : "上传流失败");
}

absl::Status Uploader::Send(sgs::v1::Record* record,
                            absl::optional<absl::Time> receipt_time,
                            RowRef ref) {
  if (context_ == nullptr) {
    if (absl::Status s = OpenStream(); !s.ok()) return s;
  }
  refs_.push_back(std::move(ref));
  if (options_.backfill) {
    sgs::v1::HistoricalRecord* entry = batched_.add_records();
    entry->mutable_record()->Swap(record);
    if (receipt_time.has_value()) {
      const absl::Time t = *receipt_time;
      const int64_t seconds = absl::ToUnixSeconds(t);
      entry->mutable_receipt_time()->set_seconds(seconds);
      entry->mutable_receipt_time()->set_nanos(static_cast<int32_t>(
          absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
    }
    batched_bytes_ += entry->ByteSizeLong() + 8;
    // Well below the server's default 4 MiB message limit.
    constexpr size_t kMaxBatchedBytes = 1 << 20;
    if (batched_.records_size() >= options_.backfill_batch ||
        batched_bytes_ >= kMaxBatchedBytes) {
      if (absl::Status s = WriteBatched(); !s.ok()) return s;
    }
  } else {
    sgs::v1::UploadRecordsRequest request;
    request.mutable_record()->Swap(record);
    if (!upload_writer_->Write(request)) return StreamFailed();
    ++sent_;
  }
  if (static_cast<int>(refs_.size()) >= options_.chunk_size) {
    return CloseStream();
  }
  return absl::OkStatus();
}

absl::Status Uploader::WriteBatched() {
  const int count = batched_.records_size();
  if (count == 0) return absl::OkStatus();
  bool written;
  if (count == 1) {
    // The single-record form: what a server before the batched form reads.
    sgs::v1::BackfillRecordsRequest single;
    sgs::v1::HistoricalRecord* entry = batched_.mutable_records(0);
    single.set_allocated_record(entry->release_record());
    if (entry->has_receipt_time()) {
      single.set_allocated_receipt_time(entry->release_receipt_time());
    }
    written = backfill_writer_->Write(single);
  } else {
    written = backfill_writer_->Write(batched_);
  }
  batched_.Clear();
  batched_bytes_ = 0;
  if (!written) return StreamFailed();
  sent_ += count;
  return absl::OkStatus();
}

absl::Status Uploader::Finish() {
  if (context_ == nullptr) return absl::OkStatus();
  return CloseStream();
}

absl::Status Uploader::CloseStream() {
  grpc::Status status;
  if (options_.backfill) {
    if (absl::Status s = WriteBatched(); !s.ok()) return s;
    backfill_writer_->WritesDone();
    status = backfill_writer_->Finish();
  } else {
    upload_writer_->WritesDone();
    status = upload_writer_->Finish();
  }
  upload_writer_.reset();
  backfill_writer_.reset();
  context_.reset();
  ++chunks_;
  if (!status.ok()) {
    return FromGrpc(status, options_.backfill ? "回填流失败" : "上传流失败");
  }
  const int64_t expected = static_cast<int64_t>(refs_.size());
  for (const sgs::v1::RecordResult& result : summary_.rejections()) {
    RowRef ref;
    if (result.index() >= 0 && result.index() < expected) {
      ref = refs_[result.index()];
    } else {
      // Not ours to place: keep what the server tells about the record.
      ref.unit_code = result.unit_code();
      ref.document_number = result.document_number();
    }
    if (ref.unit_code.empty()) ref.unit_code = result.unit_code();
    if (ref.document_number.empty()) {
      ref.document_number = result.document_number();
    }
    if (on_rejection_) on_rejection_(ref, result);
  }
  const int64_t undetailed =
      summary_.rejected_count() - summary_.rejections_size();
  if (undetailed > 0 && on_rejection_ && !refs_.empty()) {
    // The server caps the rejections it lists; say so rather than let the
    // report look complete.
    RowRef ref = refs_.front();
    ref.document_number.clear();
    sgs::v1::RecordResult result;
    result.set_index(-1);
    result.mutable_status()->set_code(3);  // INVALID_ARGUMENT
    result.mutable_status()->set_message(
        absl::StrCat("第", refs_.front().line, "行至第", refs_.back().line,
                     "行中另有", undetailed,
                     "条记录被退回，服务器未返回其明细；请在退回队列"
                     "（ListRejectedSubmissions）中查看"));
    on_rejection_(ref, result);
  }
  for (const sgs::v1::RecordResult& result : summary_.concealment_risks()) {
    if (!on_concealment_risk_) break;
    RowRef ref;
    if (result.index() >= 0 && result.index() < expected) {
      ref = refs_[result.index()];
    } else {
      ref.unit_code = result.unit_code();
      ref.document_number = result.document_number();
    }
    on_concealment_risk_(ref, result);
  }
  concealment_risks_ += summary_.concealment_risk_count();
  acknowledged_ += summary_.received_count();
  created_ += summary_.created_count();
  corrected_ += summary_.corrected_count();
  rejected_ += summary_.rejected_count();
  const int64_t received = summary_.received_count();
  refs_.clear();
  if (on_chunk_) on_chunk_();
  if (received != expected) {
    // The summary must account for every record written; if not, the
    // outcome of some rows is unknown and the operator must know.
    return absl::DataLossError(absl::StrCat(
        "服务器确认收到", received, "条，本批实际发送", expected,
        "条；请核对后重新导入（重复报送按更正处理，不会重复计数）"));
  }
  return absl::OkStatus();
}

}  // namespace sgs::importer
