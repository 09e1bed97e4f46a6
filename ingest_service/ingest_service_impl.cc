#include "ingest_service/ingest_service_impl.h"

#include <functional>
#include <limits>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/dates.h"
#include "common/grpc_status.h"
#include "common/identity_normalizer.h"
#include "common/record_masking.h"
#include "common/rpc_answer.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "ingest_service/chunk_committer.h"
#include "ingest_service/domain/rejection_cap.h"
#include "ingest_service/domain/request_checks.h"
#include "ingest_service/domain/text_limits.h"
#include "ingest_service/read_views.h"
#include "ingest_service/stream_items.h"

namespace sgs::ingest {
namespace {

using google::protobuf::util::TimeUtil;
using google::rpc::BadRequest;

constexpr char kAllUnits[] = "-";

google::protobuf::Timestamp ToProto(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

// The record as a client may send it: output-only fields are ignored.
sgs::v1::Record ClearOutputOnly(sgs::v1::Record record) {
  record.clear_name();
  record.clear_receipt_time();
  record.clear_receipt_date();
  record.clear_update_time();
  record.clear_version();
  record.clear_concealment_risk();
  record.clear_withdrawn();
  record.clear_withdraw_reason();
  // Nothing the schema does not know is stored (or copied into versions).
  record.DiscardUnknownFields();
  return record;
}

// Optional inclusive date bound from a request field.
absl::StatusOr<absl::optional<absl::CivilDay>> OptionalDate(
    const std::string& text, absl::string_view field) {
  if (text.empty()) return absl::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = ParseDate(text);
  if (!day.ok()) {
    return FieldError(
        field, "date_format",
        absl::StrCat("日期格式应为 YYYY-MM-DD，收到 \"", text, "\""));
  }
  return absl::optional<absl::CivilDay>(*day);
}

absl::Status CheckDateRange(const absl::optional<absl::CivilDay>& start,
                            const absl::optional<absl::CivilDay>& end) {
  if (start.has_value() && end.has_value() && *end < *start) {
    return FieldError("end_date", "date_order", "结束日期不能早于开始日期");
  }
  return absl::OkStatus();
}

void FillUnit(const sgs::config::v1::UnitEntry& entry, sgs::v1::Unit* unit) {
  unit->set_name(UnitName(entry.code()));
  unit->set_code(entry.code());
  unit->set_official_name(entry.official_name());
  for (const std::string& alias : entry.aliases()) unit->add_aliases(alias);
  unit->set_kind(static_cast<sgs::v1::UnitKind>(entry.kind()));
  unit->set_display_order(entry.display_order());
}

// The rejected queue is per unit; a submission whose unit code cannot be a
// key (empty or absurdly long) is queued under this code for the office.
std::string RejectionUnit(const std::string& unit_code) {
  if (unit_code.empty() || unit_code.size() > 64) return "_unknown";
  return unit_code;
}

// The listing filter of ListRejectedSubmissions.state; unspecified is
// OPEN, the queue a unit works through.
absl::StatusOr<RejectionFilter> RejectionFilterOf(
    sgs::v1::ListRejectedSubmissionsRequest::StateFilter state) {
  switch (state) {
    case sgs::v1::ListRejectedSubmissionsRequest::STATE_FILTER_UNSPECIFIED:
    case sgs::v1::ListRejectedSubmissionsRequest::OPEN:
      return RejectionFilter::kOpen;
    case sgs::v1::ListRejectedSubmissionsRequest::RESOLVED:
      return RejectionFilter::kResolved;
    case sgs::v1::ListRejectedSubmissionsRequest::ALL:
      return RejectionFilter::kAll;
    default:
      break;
  }
  return FieldError("state", "enum_value",
                    absl::StrCat("state 应为 OPEN（待更正，默认）、RESOLVED"
                                 "（已更正）或 ALL，收到 ",
                                 static_cast<int>(state)));
}

// A record result's status and violations, for batch and stream replies.
void SetRejected(const std::vector<BadRequest::FieldViolation>& violations,
                 sgs::v1::RecordResult* result) {
  *result->mutable_status() =
      ToRpcStatus(InvalidArgumentWithViolations("记录未通过校验", violations));
  for (const auto& violation : violations) {
    *result->add_violations() = violation;
  }
}

// A rejected record's line in a stream summary: the violations once, in
// `violations` (as many and as long as a queue excerpt keeps); the status
// carries the code and the first reason only (not the violations again as
// details), so the summary stays small.
void SetRejectedInSummary(
    const std::vector<BadRequest::FieldViolation>& violations,
    const ExcerptLimits& limits, sgs::v1::RecordResult* result) {
  result->set_unit_code(
      TruncateUtf8(result->unit_code(), limits.max_field_bytes));
  result->set_document_number(
      TruncateUtf8(result->document_number(), limits.max_field_bytes));
  result->mutable_status()->set_code(grpc::StatusCode::INVALID_ARGUMENT);
  result->mutable_status()->set_message(
      violations.empty()
          ? "记录未通过校验"
          : TruncateUtf8(absl::StrCat("记录未通过校验，共 ", violations.size(),
                                      " 处问题: ", violations.front().field(),
                                      ": ", violations.front().description()),
                         limits.max_field_bytes));
  for (const auto& violation : violations) {
    if (result->violations_size() >= limits.max_violations) break;
    BadRequest::FieldViolation* kept = result->add_violations();
    kept->set_field(TruncateUtf8(violation.field(), limits.max_field_bytes));
    kept->set_description(
        TruncateUtf8(violation.description(), limits.max_field_bytes));
  }
}

// Who may read a unit's rejected queue: the credit office, or the unit's
// own submitter.
bool CanReadRejectedQueue(const Principal& caller,
                          const std::string& unit_code) {
  return RequireRole(
             caller,
             {sgs::config::v1::SUBMITTER, sgs::config::v1::CREDIT_OFFICE},
             "查看退回队列")
             .ok() &&
         RequireReadUnit(caller, unit_code).ok();
}

AuditActor ActorOf(const Principal& principal) {
  AuditActor actor;
  actor.name = principal.name;
  actor.role = principal.development
                   ? "DEVELOPMENT"
                   : sgs::config::v1::Role_Name(principal.role);
  actor.peer = principal.peer;
  return actor;
}

}  // namespace

IngestServiceImpl::IngestServiceImpl(RecordStore* store,
                                     const UnitRegistry* registry,
                                     const Authenticator* auth,
                                     IngestLimits limits, Clock clock)
    : store_(store),
      registry_(registry),
      auth_(auth),
      limits_(limits),
      clock_(OrSystemClock(std::move(clock))),
      stream_budget_(limits.max_buffered_bytes),
      stream_admission_(StreamAdmissionLimits{limits.max_concurrent_streams,
                                              limits.max_streams_per_caller,
                                              limits.stream_idle_timeout}) {}

absl::StatusOr<Principal> IngestServiceImpl::Caller(
    const grpc::ServerContext& context,
    std::initializer_list<sgs::config::v1::Role> roles,
    absl::string_view right) const {
  absl::StatusOr<Principal> caller = auth_->Authenticate(context);
  if (!caller.ok()) return caller;
  absl::Status allowed = RequireRole(*caller, roles, right);
  if (!allowed.ok()) return allowed;
  return caller;
}

IngestServiceImpl::Checked IngestServiceImpl::Check(
    const sgs::v1::Record& record, absl::Time now, absl::Time receipt_time,
    bool historical) const {
  Checked checked;
  checked.write.record = ClearOutputOnly(record);
  // One normalisation of the identity, whatever the channel.
  std::vector<BadRequest::FieldViolation> identity_violations =
      NormalizeIdentityFields(&checked.write.record);
  checked.write.receipt_time = receipt_time;
  checked.write.historical_receipt = historical;
  ValidationContext context;
  context.registry = registry_;
  context.now = now;
  context.receipt_time = receipt_time;
  context.limits = limits_.validation;
  checked.violations = ValidateRecord(checked.write.record, context);
  checked.violations.insert(checked.violations.begin(),
                            identity_violations.begin(),
                            identity_violations.end());
  checked.write.record.set_concealment_risk(
      IsConcealmentRisk(checked.write.record));
  return checked;
}

absl::StatusOr<std::vector<WriteOutcome>> IngestServiceImpl::WriteRecords(
    std::vector<RecordWrite> writes, absl::Time now, const AuditActor& actor) {
  absl::StatusOr<std::vector<WriteOutcome>> outcomes =
      store_->WriteRecords(std::move(writes), now, actor);
  if (outcomes.ok() && metrics_ != nullptr) {
    for (const WriteOutcome& outcome : *outcomes) {
      metrics_->Stored(outcome.stored, outcome.created);
    }
  }
  return outcomes;
}

absl::Status IngestServiceImpl::AddRejections(
    std::vector<sgs::v1::RejectedSubmission>* rejections) {
  RETURN_IF_ERROR(DropOverQueueCap(limits_.max_open_rejections_per_unit,
                                   *store_, rejections));
  absl::Status status = store_->AddRejections(rejections);
  if (status.ok() && metrics_ != nullptr) {
    for (const auto& rejection : *rejections) {
      metrics_->Rejected(rejection.record(), rejection.violations());
    }
  }
  return status;
}

sgs::v1::RejectedSubmission IngestServiceImpl::MakeRejection(
    const Checked& checked, absl::Time now, const std::string& channel) const {
  sgs::v1::RejectedSubmission rejection;
  rejection.set_unit_code(RejectionUnit(checked.write.record.unit_code()));
  *rejection.mutable_reject_time() = ToProto(now);
  *rejection.mutable_record() = checked.write.record;
  rejection.mutable_record()->clear_concealment_risk();
  for (const auto& violation : checked.violations) {
    *rejection.add_violations() = violation;
  }
  rejection.set_channel(channel);
  ReduceToExcerpt(limits_.excerpt, &rejection);
  return rejection;
}

absl::Status IngestServiceImpl::CheckKnownUnit(const std::string& unit_code,
                                               absl::string_view field) const {
  if (registry_->FindByCode(unit_code) == nullptr) {
    return FieldError(field, "unknown_unit",
                      absl::StrCat("单位代码 \"", unit_code,
                                   "\" 不在单位名录中（见 ListUnits）；"
                                   "已移出名录的单位的数据只能查询，不能写入"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> IngestServiceImpl::ParseParent(
    const std::string& parent, bool allow_all) const {
  absl::StatusOr<std::string> unit = ParseUnitName(parent, "parent");
  if (!unit.ok()) return unit.status();
  if (*unit == kAllUnits) {
    if (allow_all) return std::string();
    return FieldError("parent", "resource_name",
                      "此处必须指定单位，不能使用 units/-");
  }
  absl::Status known = CheckKnownUnit(*unit, "parent");
  if (!known.ok()) return known;
  return unit;
}

absl::StatusOr<std::string> IngestServiceImpl::ParseReadParent(
    const std::string& parent, bool allow_all) const {
  absl::StatusOr<std::string> unit = ParseUnitName(parent, "parent");
  if (!unit.ok()) return unit.status();
  if (*unit == kAllUnits) {
    if (allow_all) return std::string();
    return FieldError("parent", "resource_name",
                      "此处必须指定单位，不能使用 units/-");
  }
  return unit;
}

grpc::Status IngestServiceImpl::SubmitRecord(
    grpc::ServerContext* context, const sgs::v1::SubmitRecordRequest* request,
    sgs::v1::SubmitRecordResponse* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const Principal caller, auth_->Authenticate(*context));
    RETURN_IF_ERROR(
        RequireSubmitForUnit(caller, request->record().unit_code()));
    const absl::Time now = clock_();
    Checked checked = Check(request->record(), now, now, false);
    if (!checked.violations.empty()) {
      std::vector<sgs::v1::RejectedSubmission> rejections = {
          MakeRejection(checked, now, "SubmitRecord")};
      RETURN_IF_ERROR(AddRejections(&rejections));
      return InvalidArgumentWithViolations(
          absl::StrCat("记录未通过校验，共 ", checked.violations.size(),
                       " 处问题: ", checked.violations.front().field(), ": ",
                       checked.violations.front().description()),
          checked.violations);
    }
    ASSIGN_OR_RETURN(std::vector<WriteOutcome> outcomes,
                     WriteRecords({checked.write}, now, ActorOf(caller)));
    *response->mutable_record() = std::move(outcomes.front().stored);
    response->set_created(outcomes.front().created);
    response->set_concealment_risk(response->record().concealment_risk());
    response->set_concealment_reason(ConcealmentRiskReason(response->record()));
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::BatchSubmitRecords(
    grpc::ServerContext* context,
    const sgs::v1::BatchSubmitRecordsRequest* request,
    sgs::v1::BatchSubmitRecordsResponse* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        const Principal caller,
        Caller(*context, {sgs::config::v1::SUBMITTER}, "报送记录"));
    if (request->records_size() > limits_.max_batch_size) {
      return FieldError(
          "records", "too_many",
          absl::StrCat("一批最多 ", limits_.max_batch_size, " 条记录，收到 ",
                       request->records_size(),
                       " 条；请分批提交或使用 UploadRecords 流式上传"));
    }
    if (request->records_size() == 0) {
      return FieldError("records", "required", "请求中没有记录");
    }
    const absl::Time now = clock_();
    std::vector<RecordWrite> writes;
    std::vector<int> write_index;
    std::vector<sgs::v1::RejectedSubmission> rejections;
    // Rejections of a record accepted earlier in this batch are stored
    // after the writes, so that acceptance does not resolve them.
    std::vector<sgs::v1::RejectedSubmission> later_rejections;
    std::set<std::string> accepted_names;
    int denied = 0;
    for (int i = 0; i < request->records_size(); ++i) {
      sgs::v1::RecordResult* result = response->add_results();
      result->set_index(i);
      const RecordIdentity identity = IdentityOf(request->records(i));
      result->set_unit_code(identity.unit_code);
      result->set_document_number(identity.document_number);
      // Another unit's record is refused, not queued in that unit's queue.
      if (absl::Status allowed =
              RequireSubmitForUnit(caller, identity.unit_code);
          !allowed.ok()) {
        *result->mutable_status() = ToRpcStatus(allowed);
        ++denied;
        continue;
      }
      Checked checked = Check(request->records(i), now, now, false);
      const std::string name = RecordName(IdentityOf(checked.write.record));
      if (checked.violations.empty()) {
        accepted_names.insert(name);
        writes.push_back(std::move(checked.write));
        write_index.push_back(i);
        continue;
      }
      SetRejected(checked.violations, result);
      (accepted_names.count(name) > 0 ? later_rejections : rejections)
          .push_back(MakeRejection(checked, now, "BatchSubmitRecords"));
    }
    RETURN_IF_ERROR(AddRejections(&rejections));
    ASSIGN_OR_RETURN(const std::vector<WriteOutcome> outcomes,
                     WriteRecords(std::move(writes), now, ActorOf(caller)));
    RETURN_IF_ERROR(AddRejections(&later_rejections));
    for (size_t j = 0; j < outcomes.size(); ++j) {
      sgs::v1::RecordResult* result = response->mutable_results(write_index[j]);
      result->set_name(outcomes[j].stored.name());
      result->set_created(outcomes[j].created);
      result->set_concealment_risk(outcomes[j].stored.concealment_risk());
      result->set_concealment_reason(ConcealmentRiskReason(outcomes[j].stored));
    }
    response->set_accepted_count(static_cast<int32_t>(outcomes.size()));
    response->set_rejected_count(
        static_cast<int32_t>(rejections.size() + later_rejections.size()) +
        denied);
    return absl::OkStatus();
  });
}

namespace {

// The records of a stream message (stream_items.h), whichever RPC it came
// from.
absl::StatusOr<std::vector<StreamItem>> ItemsOf(
    const sgs::v1::UploadRecordsRequest& request, int /*max_batch_records*/) {
  return StreamItemsOf(request);
}

absl::StatusOr<std::vector<StreamItem>> ItemsOf(
    const sgs::v1::BackfillRecordsRequest& request, int max_batch_records) {
  return StreamItemsOf(request, max_batch_records);
}

}  // namespace

template <typename Request>
absl::Status IngestServiceImpl::ConsumeStream(
    grpc::ServerContext* context, grpc::ServerReader<Request>* reader,
    const Principal& caller, bool historical, const std::string& channel,
    sgs::v1::UploadSummary* summary) {
  if (stop_streams_at_micros_.load() != std::numeric_limits<int64_t>::max()) {
    return absl::UnavailableError(
        "服务正在停止，不再接受新的流式上传；请稍后重试");
  }
  // Bounded concurrency and memory: a slot per stream (in all and per
  // caller, cancelled when idle), and a byte budget for what it buffers.
  ASSIGN_OR_RETURN(
      const std::unique_ptr<StreamAdmission::Slot> slot,
      stream_admission_.Admit(caller.development ? caller.peer : caller.name,
                              context));
  BudgetHold held(&stream_budget_);
  int64_t summary_bytes = 0;
  // Counted for WaitForStreams (a graceful stop waits for open streams).
  open_streams_.fetch_add(1);
  struct Release {
    std::atomic<int>* count;
    ~Release() { count->fetch_sub(1); }
  } release{&open_streams_};
  std::vector<RecordWrite> chunk;
  // Names of the records in `chunk`: a later rejection of one of them
  // must be stored after it, or the accepted record would resolve a
  // rejection sent after it.
  std::set<std::string> chunk_names;
  std::vector<sgs::v1::RejectedSubmission> rejections;
  int64_t index = 0;
  // The chunk being written on the committer's thread while this one
  // reads the next (chunk_committer.h): its records, rejections, message
  // bytes and, once written, its outcomes. Only the job touches them until
  // Wait() returns.
  std::vector<RecordWrite> committing;
  std::vector<sgs::v1::RejectedSubmission> committing_rejections;
  std::vector<WriteOutcome> committed;
  BudgetHold committing_held(&stream_budget_);
  const AuditActor actor = ActorOf(caller);
  ChunkCommitter committer;  // after what its jobs refer to
  // Waits for the chunk in flight and counts it: a record is in the
  // summary only once its commit (fsynced) has returned.
  auto finish_commit = [&]() -> absl::Status {
    absl::Status written = committer.Wait();
    committing.clear();
    committing_rejections.clear();
    committing_held.ReleaseAll();
    if (!written.ok()) return written;
    for (const WriteOutcome& outcome : committed) {
      if (outcome.created) {
        summary->set_created_count(summary->created_count() + 1);
      } else {
        summary->set_corrected_count(summary->corrected_count() + 1);
      }
    }
    committed.clear();
    return absl::OkStatus();
  };
  // Hands the chunk and the rejections gathered so far to the committer,
  // after the previous chunk (writes stay in stream order); `overlap`: on
  // its thread, while this one reads on, else here.
  auto start_commit = [&](bool overlap) -> absl::Status {
    RETURN_IF_ERROR(finish_commit());
    if (chunk.empty() && rejections.empty()) return absl::OkStatus();
    committing.swap(chunk);
    committing_rejections.swap(rejections);
    held.MoveTo(&committing_held);
    chunk_names.clear();
    const absl::Time now = clock_();
    auto job = [this, &committing, &committing_rejections, &committed, &actor,
                now]() -> absl::Status {
      RETURN_IF_ERROR(AddRejections(&committing_rejections));
      // The records move into the store; `committing` is only cleared
      // after this.
      ASSIGN_OR_RETURN(committed,
                       WriteRecords(std::move(committing), now, actor));
      return absl::OkStatus();
    };
    if (overlap) {
      committer.Start(std::move(job));
    } else {
      committer.RunHere(job);
    }
    return absl::OkStatus();
  };
  // Writes the chunk and the rejections gathered so far and waits:
  // everything counted in the summary is durable before the summary (or an
  // error saying what was stored) is sent.
  auto flush = [&]() -> absl::Status {
    RETURN_IF_ERROR(start_commit(false));
    return finish_commit();
  };
  // A rejected record's line in the summary (bounded; all are queued).
  auto summarize =
      [&](const sgs::v1::Record& record) -> sgs::v1::RecordResult* {
    summary->set_rejected_count(summary->rejected_count() + 1);
    if (summary->rejections_size() >= limits_.max_summary_rejections ||
        summary_bytes >= limits_.max_summary_bytes) {
      return nullptr;
    }
    sgs::v1::RecordResult* result = summary->add_rejections();
    result->set_index(index);
    const RecordIdentity identity = IdentityOf(record);
    result->set_unit_code(identity.unit_code);
    result->set_document_number(identity.document_number);
    return result;
  };

  Request request;
  while (reader->Read(&request)) {
    slot->Touch();
    if (context->IsCancelled()) {
      return absl::CancelledError("客户端已取消上传");
    }
    if (absl::Now() >= absl::FromUnixMicros(stop_streams_at_micros_.load())) {
      // Shutting down: what was read is stored and counted, the rest is
      // the client's to resend (a resend corrects, never duplicates).
      RETURN_IF_ERROR(flush());
      streams_stopped_.fetch_add(1);
      return absl::UnavailableError(absl::StrCat(
          "服务正在停止：本次流式上传的前 ", index, " 条已处理并保存（新建 ",
          summary->created_count(), " 条、更正 ", summary->corrected_count(),
          " 条、退回 ", summary->rejected_count(),
          " 条，退回的记录见退回队列）；请从第 ", index + 1,
          " 条起在新的流中重新上传"));
    }
    // The message's bytes, held until its chunk is written: by count and
    // by bytes per stream, and within the process-wide budget.
    const int64_t message_bytes = static_cast<int64_t>(request.ByteSizeLong());
    if (held.held() + committing_held.held() + message_bytes >
        limits_.max_stream_buffer_bytes) {
      RETURN_IF_ERROR(flush());
    }
    if (!held.TryAdd(message_bytes)) {
      RETURN_IF_ERROR(flush());
      if (!held.TryAdd(message_bytes)) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "所有上传流的缓冲已达 --max_buffered_bytes=",
            limits_.max_buffered_bytes, " 字节（同时上传的数据过多）；前 ",
            index, " 条已处理并保存，请稍后从第 ", index + 1,
            " 条起在新的流中继续上传"));
      }
    }
    absl::StatusOr<std::vector<StreamItem>> items =
        ItemsOf(request, limits_.max_backfill_batch);
    if (!items.ok()) {
      // A batch that breaks the rules is not stored at all; what came
      // before it is, and the error says where to resume.
      RETURN_IF_ERROR(flush());
      return InvalidArgumentWithViolations(
          absl::StrCat(items.status().message(), "；前 ", index,
                       " 条已处理并保存，请从第 ", index + 1,
                       " 条起在新的流中继续上传"),
          ViolationsOf(items.status()));
    }
    for (const StreamItem& item : *items) {
      if (index >= limits_.max_stream_records) {
        // Keep what was sent within the limit, then say where to resume.
        RETURN_IF_ERROR(flush());
        return absl::ResourceExhaustedError(
            absl::StrCat("一次流式上传最多 ", limits_.max_stream_records,
                         " 条记录；前 ", index, " 条已处理并保存，请从第 ",
                         index + 1, " 条起在新的流中继续上传"));
      }
      const sgs::v1::Record* record = item.record;
      const google::protobuf::Timestamp* receipt_proto = item.receipt_time;
      const absl::Time now = clock_();
      FieldViolations request_violations;
      // Bytes that were not UTF-8 arrive repaired and marked
      // (common/wire/request_parsing.h): the record is refused by name.
      for (const std::string& field : item.invalid_utf8_fields) {
        request_violations.Add(
            field, rules::kInvalidUtf8,
            "不是有效的 UTF-8 文本（无效字节已显示为 U+FFFD）");
      }
      const absl::Time receipt_time =
          historical
              ? BackfillReceiptTime(receipt_proto, now, &request_violations)
              : now;
      summary->set_received_count(summary->received_count() + 1);
      if (absl::Status allowed =
              RequireSubmitForUnit(caller, record->unit_code());
          !historical && !allowed.ok()) {
        if (sgs::v1::RecordResult* result = summarize(*record)) {
          *result->mutable_status() = ToRpcStatus(allowed);
          summary_bytes += static_cast<int64_t>(result->ByteSizeLong());
        }
        ++index;
        continue;
      }
      Checked checked = Check(*record, now, receipt_time, historical);
      checked.violations.insert(checked.violations.begin(),
                                request_violations.violations().begin(),
                                request_violations.violations().end());
      if (checked.violations.empty()) {
        if (checked.write.record.concealment_risk()) {
          // Reported in the summary, which is only sent once the record is
          // stored: the unit learns it with the acknowledgement.
          summary->set_concealment_risk_count(
              summary->concealment_risk_count() + 1);
          if (summary->concealment_risks_size() <
                  limits_.max_summary_rejections &&
              summary_bytes < limits_.max_summary_bytes) {
            sgs::v1::RecordResult* result = summary->add_concealment_risks();
            result->set_index(index);
            RecordIdentity identity = IdentityOf(checked.write.record);
            result->set_unit_code(identity.unit_code);
            result->set_document_number(identity.document_number);
            result->set_name(RecordName(identity));
            result->set_concealment_risk(true);
            result->set_concealment_reason(
                ConcealmentRiskReason(checked.write.record));
            summary_bytes += static_cast<int64_t>(result->ByteSizeLong());
          }
        }
        chunk_names.insert(RecordName(IdentityOf(checked.write.record)));
        chunk.push_back(std::move(checked.write));
      } else {
        if (sgs::v1::RecordResult* result = summarize(checked.write.record)) {
          SetRejectedInSummary(checked.violations, limits_.excerpt, result);
          summary_bytes += static_cast<int64_t>(result->ByteSizeLong());
        }
        if (chunk_names.count(RecordName(IdentityOf(checked.write.record))) >
            0) {
          RETURN_IF_ERROR(flush());
        }
        rejections.push_back(MakeRejection(checked, now, channel));
      }
      ++index;
      if (static_cast<int>(chunk.size()) >= limits_.stream_chunk_size ||
          static_cast<int>(rejections.size()) >= limits_.stream_chunk_size) {
        // Written while the next records are read and checked.
        RETURN_IF_ERROR(start_commit(true));
      }
    }
  }
  if (slot->timed_out()) {
    return absl::DeadlineExceededError(absl::StrCat(
        "流式上传 ", absl::ToInt64Seconds(limits_.stream_idle_timeout),
        " 秒未收到消息 (--stream_idle_timeout_seconds)，已取消"));
  }
  return flush();
}

bool IngestServiceImpl::WaitForStreams(absl::Time deadline) const {
  while (open_streams_.load() > 0) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return true;
}

grpc::Status IngestServiceImpl::UploadRecords(
    grpc::ServerContext* context,
    grpc::ServerReader<sgs::v1::UploadRecordsRequest>* reader,
    sgs::v1::UploadSummary* summary) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        const Principal caller,
        Caller(*context, {sgs::config::v1::SUBMITTER}, "报送记录"));
    return ConsumeStream(context, reader, caller, false, "UploadRecords",
                         summary);
  });
}

grpc::Status IngestServiceImpl::BackfillRecords(
    grpc::ServerContext* context,
    grpc::ServerReader<sgs::v1::BackfillRecordsRequest>* reader,
    sgs::v1::UploadSummary* summary) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        const Principal caller,
        Caller(*context, {sgs::config::v1::CREDIT_OFFICE}, "回填历史归集时间"));
    return ConsumeStream(context, reader, caller, true, "BackfillRecords",
                         summary);
  });
}

grpc::Status IngestServiceImpl::GetRecord(
    grpc::ServerContext* context, const sgs::v1::GetRecordRequest* request,
    sgs::v1::Record* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const Principal caller, auth_->Authenticate(*context));
    RecordIdentity identity;
    if (!request->name().empty()) {
      ASSIGN_OR_RETURN(identity, ParseRecordName(request->name(), "name"));
    } else {
      FieldViolations violations;
      auto require = [&violations](bool present, const char* field,
                                   const char* what) {
        if (!present) {
          violations.Add(field, "required",
                         absl::StrCat("未提供 name 时必须提供", what));
        }
      };
      require(!request->unit_code().empty(), "unit_code", "单位代码");
      require(request->kind() != sgs::v1::RECORD_KIND_UNSPECIFIED, "kind",
              "记录种类 (LICENSING / PENALTY)");
      require(!request->document_number().empty(), "document_number", "文书号");
      RETURN_IF_ERROR(violations.ToStatus("查询条件不完整"));
      identity.unit_code = request->unit_code();
      identity.kind = request->kind();
      identity.document_number = request->document_number();
    }
    // Looked up as it was stored: normalised (common/identity_normalizer.h).
    RETURN_IF_ERROR(NormalizeLookup(&identity));
    RETURN_IF_ERROR(RequireReadUnit(caller, identity.unit_code));
    ASSIGN_OR_RETURN(*response, store_->GetRecord(identity));
    MaskRecordFor(caller, response);
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ListRecords(
    grpc::ServerContext* context, const sgs::v1::ListRecordsRequest* request,
    sgs::v1::ListRecordsResponse* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const Principal caller, auth_->Authenticate(*context));
    ASSIGN_OR_RETURN(const std::string unit,
                     ParseReadParent(request->parent(), false));
    RETURN_IF_ERROR(RequireReadUnit(caller, unit));
    ListRecordsQuery query;
    ASSIGN_OR_RETURN(query.start_date,
                     OptionalDate(request->start_date(), "start_date"));
    ASSIGN_OR_RETURN(query.end_date,
                     OptionalDate(request->end_date(), "end_date"));
    RETURN_IF_ERROR(CheckDateRange(query.start_date, query.end_date));
    query.unit_code = unit;
    query.kind = request->kind();
    query.page_size = request->page_size();
    query.page_token = request->page_token();
    ASSIGN_OR_RETURN(Page<sgs::v1::Record> page, store_->ListRecords(query));
    for (auto& record : page.items) {
      MaskRecordFor(caller, &record);
      *response->add_records() = std::move(record);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ListRecordVersions(
    grpc::ServerContext* context,
    const sgs::v1::ListRecordVersionsRequest* request,
    sgs::v1::ListRecordVersionsResponse* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const Principal caller, auth_->Authenticate(*context));
    ASSIGN_OR_RETURN(const RecordIdentity identity,
                     ParseRecordName(request->name(), "name"));
    RETURN_IF_ERROR(RequireReadUnit(caller, identity.unit_code));
    ASSIGN_OR_RETURN(std::vector<sgs::v1::Record> versions,
                     store_->ListVersions(identity));
    for (auto& version : versions) {
      MaskRecordFor(caller, &version);
      *response->add_versions() = std::move(version);
    }
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::WithdrawRecord(
    grpc::ServerContext* context, const sgs::v1::WithdrawRecordRequest* request,
    sgs::v1::Record* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const Principal caller, auth_->Authenticate(*context));
    ASSIGN_OR_RETURN(const RecordIdentity identity,
                     ParseRecordName(request->name(), "name"));
    RETURN_IF_ERROR(RequireSubmitForUnit(caller, identity.unit_code));
    RETURN_IF_ERROR(CheckKnownUnit(identity.unit_code, "name"));
    if (request->reason().empty()) {
      return FieldError("reason", "required", "撤销必须说明原因");
    }
    RETURN_IF_ERROR(
        TextLengthStatus(request->reason(), "reason", kMaxReasonChars));
    ASSIGN_OR_RETURN(
        *response, store_->WithdrawRecord(identity, request->reason(), clock_(),
                                          ActorOf(caller)));
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ListRejectedSubmissions(
    grpc::ServerContext* context,
    const sgs::v1::ListRejectedSubmissionsRequest* request,
    sgs::v1::ListRejectedSubmissionsResponse* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        const Principal caller,
        Caller(*context,
               {sgs::config::v1::SUBMITTER, sgs::config::v1::CREDIT_OFFICE},
               "查看退回队列"));
    // Any code is allowed here: submissions naming an unknown unit are
    // queued under the code they gave.
    ASSIGN_OR_RETURN(const std::string unit,
                     ParseUnitName(request->parent(), "parent"));
    RETURN_IF_ERROR(RequireReadUnit(caller, unit));
    ASSIGN_OR_RETURN(const RejectionFilter filter,
                     RejectionFilterOf(request->state()));
    ASSIGN_OR_RETURN(Page<sgs::v1::RejectedSubmission> page,
                     store_->ListRejections(unit, filter, request->page_size(),
                                            request->page_token()));
    for (auto& rejection : page.items) {
      *response->add_rejected_submissions() = std::move(rejection);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ListUnits(
    grpc::ServerContext* context, const sgs::v1::ListUnitsRequest* request,
    sgs::v1::ListUnitsResponse* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const Principal caller, auth_->Authenticate(*context));
    for (const auto& entry : registry_->units()) {
      if (request->kind() != sgs::v1::UNIT_KIND_UNSPECIFIED &&
          static_cast<int>(entry.kind()) != static_cast<int>(request->kind())) {
        continue;
      }
      sgs::v1::Unit* unit = response->add_units();
      FillUnit(entry, unit);
      // The open count is the rejected queue's, shown to whoever may read
      // that queue (ListRejectedSubmissions' rule).
      if (CanReadRejectedQueue(caller, entry.code())) {
        ASSIGN_OR_RETURN(const int64_t open,
                         store_->CountOpenRejections(entry.code()));
        unit->set_open_rejected_count(open);
      }
    }
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::CreateObjection(
    grpc::ServerContext* context,
    const sgs::v1::CreateObjectionRequest* request,
    sgs::v1::Objection* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        const Principal caller,
        Caller(*context, {sgs::config::v1::CREDIT_OFFICE}, "登记异议"));
    ASSIGN_OR_RETURN(const RecordIdentity identity,
                     ParseRecordName(request->record_name(), "record_name"));
    RETURN_IF_ERROR(CheckKnownUnit(identity.unit_code, "record_name"));
    if (request->description().empty()) {
      return FieldError("description", "required", "异议内容不能为空");
    }
    RETURN_IF_ERROR(
        TextLengthStatus(request->description(), "description", kMaxNoteChars));
    // The objection must point at a stored record.
    ASSIGN_OR_RETURN(const sgs::v1::Record record, store_->GetRecord(identity));
    const absl::Time now = clock_();
    RETURN_IF_ERROR(
        TimeNotInFuture(
            request->has_file_time() ? &request->file_time() : nullptr, now,
            "file_time", "提出时间不能晚于当前时间")
            .status());
    sgs::v1::Objection objection;
    objection.set_unit_code(identity.unit_code);
    objection.set_record_name(record.name());
    objection.set_description(request->description());
    *objection.mutable_file_time() =
        request->has_file_time() ? request->file_time() : ToProto(now);
    ASSIGN_OR_RETURN(*response, store_->CreateObjection(std::move(objection),
                                                        ActorOf(caller)));
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ResolveObjection(
    grpc::ServerContext* context,
    const sgs::v1::ResolveObjectionRequest* request,
    sgs::v1::Objection* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        const Principal caller,
        Caller(*context, {sgs::config::v1::CREDIT_OFFICE}, "处理异议"));
    ASSIGN_OR_RETURN(const auto name,
                     ParseChildName(request->name(), "objections", "name"));
    if (request->outcome() != sgs::v1::UPHELD &&
        request->outcome() != sgs::v1::DISMISSED) {
      return FieldError(
          "outcome", "enum_unspecified",
          "处理结果必须为 UPHELD（有效异议）或 DISMISSED（无效异议）");
    }
    RETURN_IF_ERROR(TextLengthStatus(request->resolution_note(),
                                     "resolution_note", kMaxNoteChars));
    ASSIGN_OR_RETURN(
        const absl::Time resolve_time,
        TimeNotInFuture(
            request->has_resolve_time() ? &request->resolve_time() : nullptr,
            clock_(), "resolve_time", "处理时间不能晚于当前时间"));
    ASSIGN_OR_RETURN(*response, store_->ResolveObjection(
                                    name.first, name.second, request->outcome(),
                                    request->resolution_note(), resolve_time,
                                    ActorOf(caller)));
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ListObjections(
    grpc::ServerContext* context, const sgs::v1::ListObjectionsRequest* request,
    sgs::v1::ListObjectionsResponse* response) {
  return Answer([&]() -> absl::Status {
    // A submitter reads the objections against its own unit's records
    // (so it can answer them); readers and the office read every unit's.
    ASSIGN_OR_RETURN(
        const Principal caller,
        Caller(*context,
               {sgs::config::v1::READER, sgs::config::v1::CREDIT_OFFICE,
                sgs::config::v1::SUBMITTER},
               "查看异议"));
    ASSIGN_OR_RETURN(const std::string unit,
                     ParseParent(request->parent(), true));
    if (caller.role == sgs::config::v1::SUBMITTER && !caller.development &&
        unit != caller.unit_code) {
      return absl::PermissionDeniedError(absl::StrCat(
          "缺少权限「查看单位 ", unit.empty() ? "units/-（全部单位）" : unit,
          " 的异议」: 报送单位 ", caller.unit_code,
          " 只能查看针对本单位记录的异议 (parent 应为 units/", caller.unit_code,
          ")"));
    }
    ASSIGN_OR_RETURN(
        const auto resolved_start,
        OptionalDate(request->resolved_start_date(), "resolved_start_date"));
    ASSIGN_OR_RETURN(
        const auto resolved_end,
        OptionalDate(request->resolved_end_date(), "resolved_end_date"));
    RETURN_IF_ERROR(CheckDateRange(resolved_start, resolved_end));
    ASSIGN_OR_RETURN(Page<sgs::v1::Objection> page,
                     store_->ListObjections(unit, request->page_size(),
                                            request->page_token()));
    for (auto& objection : page.items) {
      if (!ResolvedWithin(objection, resolved_start, resolved_end)) continue;
      if (request->view() == sgs::v1::LIST_VIEW_BASIC) {
        StripObjectionText(&objection);
      }
      *response->add_objections() = std::move(objection);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::CreateSpotCheckFinding(
    grpc::ServerContext* context,
    const sgs::v1::CreateSpotCheckFindingRequest* request,
    sgs::v1::SpotCheckFinding* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(
        const Principal caller,
        Caller(*context, {sgs::config::v1::CREDIT_OFFICE}, "登记抽查发现"));
    RETURN_IF_ERROR(
        CheckFinding(request->finding(), *registry_, ChinaDate(clock_())));
    sgs::v1::SpotCheckFinding to_store = request->finding();
    to_store.clear_name();
    to_store.DiscardUnknownFields();
    ASSIGN_OR_RETURN(
        *response,
        store_->CreateFinding(std::move(to_store), clock_(), ActorOf(caller)));
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ListSpotCheckFindings(
    grpc::ServerContext* context,
    const sgs::v1::ListSpotCheckFindingsRequest* request,
    sgs::v1::ListSpotCheckFindingsResponse* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(
        Caller(*context,
               {sgs::config::v1::READER, sgs::config::v1::CREDIT_OFFICE},
               "查看抽查发现")
            .status());
    ASSIGN_OR_RETURN(const std::string unit,
                     ParseParent(request->parent(), true));
    ASSIGN_OR_RETURN(const auto start,
                     OptionalDate(request->start_date(), "start_date"));
    ASSIGN_OR_RETURN(const auto end,
                     OptionalDate(request->end_date(), "end_date"));
    RETURN_IF_ERROR(CheckDateRange(start, end));
    ASSIGN_OR_RETURN(
        Page<sgs::v1::SpotCheckFinding> page,
        store_->ListFindings(unit, start, end, request->page_size(),
                             request->page_token()));
    for (auto& finding : page.items) {
      if (request->view() == sgs::v1::LIST_VIEW_BASIC) {
        StripFindingText(&finding);
      }
      *response->add_findings() = std::move(finding);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ListDailyAggregates(
    grpc::ServerContext* context,
    const sgs::v1::ListDailyAggregatesRequest* request,
    sgs::v1::ListDailyAggregatesResponse* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(
        Caller(*context,
               {sgs::config::v1::READER, sgs::config::v1::CREDIT_OFFICE},
               "读取统计汇总")
            .status());
    // Any unit code: a unit removed from the registry keeps its totals.
    ASSIGN_OR_RETURN(const auto start,
                     OptionalDate(request->start_date(), "start_date"));
    ASSIGN_OR_RETURN(const auto end,
                     OptionalDate(request->end_date(), "end_date"));
    if (!start.has_value() || !end.has_value()) {
      return FieldError(start.has_value() ? "end_date" : "start_date",
                        "required", "必须提供开始和结束日期 (YYYY-MM-DD)");
    }
    RETURN_IF_ERROR(CheckDateRange(start, end));
    if (request->view() == sgs::v1::AGGREGATE_VIEW_UNIT_TALLIES) {
      ASSIGN_OR_RETURN(storage::AggregateTallyPage page,
                       store_->TallyAggregates(
                           {request->unit_code(), request->date_basis(), *start,
                            *end, request->page_size(), request->page_token()},
                           request->deadlines()));
      for (sgs::v1::UnitTally& tally : page.tallies) {
        response->add_unit_tallies()->Swap(&tally);
      }
      response->mutable_columns()->Swap(&page.left_rows);
      response->set_next_page_token(page.next_page_token);
      return absl::OkStatus();
    }
    if (request->view() == sgs::v1::AGGREGATE_VIEW_COLUMNS) {
      ASSIGN_OR_RETURN(
          storage::AggregateColumnsPage page,
          store_->ListAggregateColumns(
              {request->unit_code(), request->date_basis(), *start, *end,
               request->page_size(), request->page_token()}));
      response->mutable_columns()->Swap(&page.columns);
      response->set_next_page_token(page.next_page_token);
      return absl::OkStatus();
    }
    ListAggregatesQuery query;
    query.unit_code = request->unit_code();
    query.basis = request->date_basis() == sgs::v1::DECISION_DATE
                      ? sgs::v1::DECISION_DATE
                      : sgs::v1::RECEIPT_DATE;
    query.start_date = *start;
    query.end_date = *end;
    query.page_size = request->page_size();
    query.page_token = request->page_token();
    ASSIGN_OR_RETURN(Page<sgs::v1::DailyAggregate> page,
                     store_->ListAggregates(query));
    for (auto& aggregate : page.items) {
      *response->add_aggregates() = std::move(aggregate);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status IngestServiceImpl::ListAuditEntries(
    grpc::ServerContext* context,
    const sgs::v1::ListAuditEntriesRequest* request,
    sgs::v1::ListAuditEntriesResponse* response) {
  return Answer([&]() -> absl::Status {
    ASSIGN_OR_RETURN(const Principal caller, auth_->Authenticate(*context));
    RETURN_IF_ERROR(
        RequireRole(caller, {sgs::config::v1::CREDIT_OFFICE}, "查看审计记录"));
    ASSIGN_OR_RETURN(const std::string unit,
                     ParseReadParent(request->parent(), true));
    ASSIGN_OR_RETURN(
        Page<sgs::v1::AuditEntry> page,
        store_->ListAudit(unit, request->target(), request->page_size(),
                          request->page_token()));
    for (auto& entry : page.items) {
      *response->add_audit_entries() = std::move(entry);
    }
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

}  // namespace sgs::ingest
