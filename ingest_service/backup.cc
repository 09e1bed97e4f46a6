#include "ingest_service/backup.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"

namespace sgs::ingest {
namespace {

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(what, ": ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  return absl::InternalError(message);
}

BackupSummary Summarize(const rocksdb::BackupInfo& info) {
  BackupSummary summary;
  summary.id = info.backup_id;
  summary.create_time = absl::FromUnixSeconds(info.timestamp);
  summary.size_bytes = static_cast<int64_t>(info.size);
  summary.file_count = static_cast<int32_t>(info.number_files);
  return summary;
}

std::vector<BackupSummary> SummarizeAll(
    const rocksdb::BackupEngineReadOnlyBase& engine) {
  std::vector<rocksdb::BackupInfo> infos;
  engine.GetBackupInfo(&infos);
  std::vector<BackupSummary> out;
  out.reserve(infos.size());
  for (const auto& info : infos) out.push_back(Summarize(info));
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.id > b.id; });
  return out;
}

rocksdb::BackupEngineOptions EngineOptions(const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  options.sync = true;  // a finished backup survives a power cut
  options.share_table_files = true;
  options.share_files_with_checksum = true;
  options.max_background_operations = 1;  // leave the CPU to the service
  return options;
}

}  // namespace

absl::StatusOr<std::unique_ptr<BackupManager>> BackupManager::Open(
    const std::string& backup_dir) {
  if (backup_dir.empty()) {
    return absl::InvalidArgumentError("--backup_dir: 未指定备份目录");
  }
  rocksdb::BackupEngine* engine = nullptr;
  absl::Status opened =
      FromRocks(rocksdb::BackupEngine::Open(EngineOptions(backup_dir),
                                            rocksdb::Env::Default(), &engine),
                absl::StrCat("无法打开备份目录 ", backup_dir));
  if (!opened.ok()) return opened;
  std::unique_ptr<BackupManager> manager(new BackupManager());
  absl::MutexLock lock(&manager->mutex_);
  manager->engine_.reset(engine);
  return manager;
}

BackupManager::~BackupManager() = default;

absl::StatusOr<BackupSummary> BackupManager::Create(rocksdb::DB* db, int keep) {
  if (keep < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("keep_count: 至少保留 1 个备份 (got ", keep, ")"));
  }
  absl::MutexLock lock(&mutex_);
  rocksdb::CreateBackupOptions options;
  options.flush_before_backup = false;  // the WAL goes into the backup
  rocksdb::BackupID id = 0;
  absl::Status created = FromRocks(engine_->CreateNewBackup(options, db, &id),
                                   "备份失败 (backup failed)");
  if (!created.ok()) return created;
  absl::Status purged =
      FromRocks(engine_->PurgeOldBackups(static_cast<uint32_t>(keep)),
                "清理旧备份失败 (purging old backups failed)");
  if (!purged.ok()) return purged;
  rocksdb::BackupInfo info;
  absl::Status described =
      FromRocks(engine_->GetBackupInfo(id, &info), "读取备份信息失败");
  if (!described.ok()) return described;
  return Summarize(info);
}

std::vector<BackupSummary> BackupManager::List() {
  absl::MutexLock lock(&mutex_);
  return SummarizeAll(*engine_);
}

absl::StatusOr<BackupSummary> BackupManager::Verify(uint32_t id) {
  absl::MutexLock lock(&mutex_);
  rocksdb::BackupInfo info;
  absl::Status found = FromRocks(engine_->GetBackupInfo(id, &info),
                                 absl::StrCat("备份 ", id, " 不存在"));
  if (!found.ok()) return absl::NotFoundError(found.message());
  rocksdb::IOStatus verified =
      engine_->VerifyBackup(id, /*verify_with_checksum=*/true);
  if (!verified.ok()) {
    return absl::DataLossError(
        absl::StrCat("备份 ", id, " 校验失败: ", verified.ToString()));
  }
  return Summarize(info);
}

absl::StatusOr<std::vector<BackupSummary>> ListBackupsInDirectory(
    const std::string& backup_dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(backup_dir, error)) {
    return absl::NotFoundError(absl::StrCat(
        "备份目录不存在 (no such backup directory): ", backup_dir));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  absl::Status opened =
      FromRocks(rocksdb::BackupEngineReadOnly::Open(
                    EngineOptions(backup_dir), rocksdb::Env::Default(), &raw),
                absl::StrCat("无法打开备份目录 ", backup_dir));
  if (!opened.ok()) return opened;
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  return SummarizeAll(*engine);
}

absl::StatusOr<BackupSummary> RestoreBackup(const std::string& backup_dir,
                                            uint32_t id,
                                            const std::string& data_dir) {
  std::error_code error;
  if (std::filesystem::exists(data_dir, error) &&
      !std::filesystem::is_empty(data_dir, error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "恢复目标目录非空，拒绝覆盖 (restore target is not empty): ",
        data_dir));
  }
  if (!std::filesystem::is_directory(backup_dir, error)) {
    return absl::NotFoundError(absl::StrCat(
        "备份目录不存在 (no such backup directory): ", backup_dir));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  absl::Status opened =
      FromRocks(rocksdb::BackupEngineReadOnly::Open(
                    EngineOptions(backup_dir), rocksdb::Env::Default(), &raw),
                absl::StrCat("无法打开备份目录 ", backup_dir));
  if (!opened.ok()) return opened;
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw);
  rocksdb::BackupInfo info;
  if (id == 0) {
    absl::Status latest = FromRocks(engine->GetLatestBackupInfo(&info),
                                    "备份目录中没有备份 (no backup)");
    if (!latest.ok()) return absl::NotFoundError(latest.message());
    id = info.backup_id;
  } else {
    absl::Status found = FromRocks(engine->GetBackupInfo(id, &info),
                                   absl::StrCat("备份 ", id, " 不存在"));
    if (!found.ok()) return absl::NotFoundError(found.message());
  }
  rocksdb::IOStatus verified = engine->VerifyBackup(id, true);
  if (!verified.ok()) {
    return absl::DataLossError(
        absl::StrCat("备份 ", id, " 校验失败: ", verified.ToString()));
  }
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("无法创建恢复目录 ", data_dir, ": ", error.message()));
  }
  absl::Status restored =
      FromRocks(engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), id,
                                            data_dir, data_dir),
                absl::StrCat("恢复备份 ", id, " 失败"));
  if (!restored.ok()) return restored;
  return Summarize(info);
}

}  // namespace sgs::ingest
