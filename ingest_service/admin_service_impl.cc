#include "ingest_service/admin_service_impl.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/field_error.h"
#include "common/logging.h"
#include "common/rpc_answer.h"
#include "common/status_macros.h"

namespace sgs::ingest {
namespace {

constexpr int kMaxPageSize = 1000;

void ToProto(const BackupSummary& summary, sgs::v1::Backup* out) {
  out->set_name(BackupName(summary.id));
  out->set_backup_id(summary.id);
  out->mutable_create_time()->set_seconds(
      absl::ToUnixSeconds(summary.create_time));
  out->set_size_bytes(summary.size_bytes);
  out->set_file_count(summary.file_count);
}

}  // namespace

std::string BackupName(uint32_t id) { return absl::StrCat("backups/", id); }

absl::StatusOr<uint32_t> ParseBackupName(const std::string& name,
                                         absl::string_view field) {
  absl::string_view rest = name;
  uint32_t id = 0;
  if (!absl::ConsumePrefix(&rest, "backups/") || !absl::SimpleAtoi(rest, &id) ||
      id == 0) {
    return FieldError(field, "backup_name",
                      absl::StrCat("应为 backups/{编号}，收到 \"", name, "\""));
  }
  return id;
}

AdminServiceImpl::AdminServiceImpl(std::function<rocksdb::DB*()> db,
                                   BackupManager* backups,
                                   const Authenticator* auth, int default_keep)
    : db_(std::move(db)),
      backups_(backups),
      auth_(auth),
      default_keep_(default_keep) {}

absl::Status AdminServiceImpl::Allowed(
    const grpc::ServerContext& context) const {
  absl::StatusOr<Principal> caller = auth_->Authenticate(context);
  if (!caller.ok()) return caller.status();
  absl::Status role =
      RequireRole(*caller, {sgs::config::v1::CREDIT_OFFICE}, "管理数据库备份");
  if (!role.ok()) return role;
  if (backups_ == nullptr) {
    return absl::FailedPreconditionError(
        "未配置备份目录 (the ingest service runs without --backup_dir)");
  }
  return absl::OkStatus();
}

grpc::Status AdminServiceImpl::CreateBackup(
    grpc::ServerContext* context, const sgs::v1::CreateBackupRequest* request,
    sgs::v1::Backup* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(Allowed(*context));
    if (request->keep_count() < 0) {
      return FieldError("keep_count", "non_negative", "保留数量不能为负数");
    }
    const int keep =
        request->keep_count() == 0 ? default_keep_ : request->keep_count();
    const absl::Time start = absl::Now();
    absl::StatusOr<BackupSummary> backup = backups_->Create(db_(), keep);
    if (!backup.ok()) {
      const std::string message(backup.status().message());
      LogEvent(LogLevel::kError, "ingest_service", "backup_failed",
               LogFields().Add("message", message));
      return backup.status();
    }
    LogEvent(LogLevel::kInfo, "ingest_service", "backup_created",
             LogFields()
                 .Add("backup_id", static_cast<int64_t>(backup->id))
                 .Add("size_bytes", backup->size_bytes)
                 .Add("file_count", static_cast<int64_t>(backup->file_count))
                 .Add("keep", keep)
                 .Add("duration_ms",
                      absl::ToDoubleMilliseconds(absl::Now() - start)));
    ToProto(*backup, response);
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::ListBackups(
    grpc::ServerContext* context, const sgs::v1::ListBackupsRequest* request,
    sgs::v1::ListBackupsResponse* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(Allowed(*context));
    if (request->page_size() < 0) {
      return FieldError("page_size", "non_negative", "page_size 不能为负数");
    }
    const int page_size = request->page_size() == 0
                              ? kMaxPageSize
                              : std::min(request->page_size(), kMaxPageSize);
    // The token is the id to continue below (newest first).
    uint32_t below = 0;
    if (!request->page_token().empty() &&
        !absl::SimpleAtoi(request->page_token(), &below)) {
      return FieldError("page_token", "page_token", "无效的 page_token");
    }
    std::vector<BackupSummary> backups = backups_->List();
    for (const BackupSummary& backup : backups) {
      if (below != 0 && backup.id >= below) continue;
      if (response->backups_size() == page_size) {
        response->set_next_page_token(
            absl::StrCat(response->backups().rbegin()->backup_id()));
        break;
      }
      ToProto(backup, response->add_backups());
    }
    return absl::OkStatus();
  });
}

grpc::Status AdminServiceImpl::VerifyBackup(
    grpc::ServerContext* context, const sgs::v1::VerifyBackupRequest* request,
    sgs::v1::Backup* response) {
  return Answer([&]() -> absl::Status {
    RETURN_IF_ERROR(Allowed(*context));
    ASSIGN_OR_RETURN(const uint32_t id,
                     ParseBackupName(request->name(), "name"));
    absl::StatusOr<BackupSummary> backup = backups_->Verify(id);
    if (!backup.ok()) {
      const std::string message(backup.status().message());
      LogEvent(LogLevel::kError, "ingest_service", "backup_verify_failed",
               LogFields()
                   .Add("backup_id", static_cast<int64_t>(id))
                   .Add("message", message));
      return backup.status();
    }
    ToProto(*backup, response);
    return absl::OkStatus();
  });
}

}  // namespace sgs::ingest
