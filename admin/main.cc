// sgs_admin: the operator's tool.
//   sgs_admin backup  --target=host:port --token_file=F [--keep=N]
//   sgs_admin list    --target=host:port --token_file=F | --backup_dir=D
//   sgs_admin verify  --target=host:port --token_file=F --backup_id=N
//   sgs_admin restore --backup_dir=D [--backup_id=N] --data_dir=NEW
//   sgs_admin check-calendar FILE
// backup, list and verify call the ingest service's AdminService (a
// CREDIT_OFFICE token); list --backup_dir reads a backup directory
// directly; restore and check-calendar work on local files only (restore
// while no service runs on --data_dir: it must be new or empty).
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/calendar_coverage.h"
#include "common/config_loader.h"
#include "common/program_flags.h"
#include "common/tls.h"
#include "grpcpp/grpcpp.h"
#include "ingest_service/backup.h"
#include "sgs/v1/admin_service.grpc.pb.h"

ABSL_FLAG(std::string, target, "localhost:50051",
          "The ingest service (host:port) for backup, list and verify.");
ABSL_FLAG(std::string, token_file, "",
          "File holding a CREDIT_OFFICE bearer token (a Kubernetes Secret).");
ABSL_FLAG(std::string, token, "",
          "The bearer token itself (prefer --token_file: argv is visible).");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA to verify the ingest service with (enables TLS).");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate (mTLS).");
ABSL_FLAG(std::string, tls_key, "", "PEM client private key (mTLS).");
ABSL_FLAG(int32_t, keep, 0,
          "backup: backups to keep afterwards (0 = the service's "
          "--backup_keep).");
ABSL_FLAG(int64_t, backup_id, 0,
          "verify / restore: the backup's number (restore: 0 = newest).");
ABSL_FLAG(std::string, backup_dir, "",
          "list / restore: the BackupEngine directory on this machine.");
ABSL_FLAG(std::string, data_dir, "",
          "restore: the new, empty RocksDB directory to restore into.");
ABSL_FLAG(int32_t, timeout_seconds, 600, "Deadline of each call, in seconds.");
ABSL_FLAG(int32_t, min_working_days, 240,
          "check-calendar: fewest plausible working days in a year.");
ABSL_FLAG(int32_t, max_working_days, 255,
          "check-calendar: most plausible working days in a year.");

namespace {

constexpr char kUsage[] =
    "双公示运维工具 (operator's tool).\n"
    "  sgs_admin backup  --target=host:port --token_file=F [--keep=N]\n"
    "  sgs_admin list    --target=host:port --token_file=F | --backup_dir=D\n"
    "  sgs_admin verify  --target=host:port --token_file=F --backup_id=N\n"
    "  sgs_admin restore --backup_dir=D [--backup_id=N] --data_dir=NEW\n"
    "  sgs_admin check-calendar FILE";

int Fail(const std::string& message) {
  std::cerr << "sgs_admin: " << message << "\n";
  return 1;
}

std::string FormatTime(int64_t seconds) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S %Ez",
                          absl::FromUnixSeconds(seconds),
                          absl::FixedTimeZone(8 * 3600));
}

void PrintBackup(const sgs::v1::Backup& backup) {
  std::cout << backup.name() << "\t"
            << FormatTime(backup.create_time().seconds()) << "\t"
            << backup.size_bytes() << " bytes\t" << backup.file_count()
            << " files\n";
}

class AdminClient {
 public:
  absl::Status Connect() {
    sgs::TlsClientFiles files;
    files.ca_path = absl::GetFlag(FLAGS_tls_ca);
    files.cert_path = absl::GetFlag(FLAGS_tls_cert);
    files.key_path = absl::GetFlag(FLAGS_tls_key);
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        sgs::ChannelCredentials(files);
    if (!credentials.ok()) return credentials.status();
    token_ = absl::GetFlag(FLAGS_token);
    if (!absl::GetFlag(FLAGS_token_file).empty()) {
      absl::StatusOr<std::string> token =
          sgs::ReadFileToString(absl::GetFlag(FLAGS_token_file));
      if (!token.ok()) return token.status();
      token_ = std::string(absl::StripAsciiWhitespace(*token));
    }
    stub_ = sgs::v1::AdminService::NewStub(
        grpc::CreateChannel(absl::GetFlag(FLAGS_target), *credentials));
    return absl::OkStatus();
  }
  void Prepare(grpc::ClientContext* context) const {
    context->set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::seconds(absl::GetFlag(FLAGS_timeout_seconds)));
    sgs::AddBearerToken(context, token_);
  }
  sgs::v1::AdminService::Stub& stub() { return *stub_; }

 private:
  std::string token_;
  std::unique_ptr<sgs::v1::AdminService::Stub> stub_;
};

std::string Describe(const grpc::Status& status) {
  return absl::StrCat("调用失败 (code ", static_cast<int>(status.error_code()),
                      "): ", status.error_message());
}

int Backup() {
  AdminClient client;
  if (absl::Status connected = client.Connect(); !connected.ok()) {
    return Fail(connected.ToString());
  }
  grpc::ClientContext context;
  client.Prepare(&context);
  sgs::v1::CreateBackupRequest request;
  request.set_keep_count(absl::GetFlag(FLAGS_keep));
  sgs::v1::Backup backup;
  grpc::Status status = client.stub().CreateBackup(&context, request, &backup);
  if (!status.ok()) return Fail(Describe(status));
  std::cout << "备份完成 (backup created): ";
  PrintBackup(backup);
  return 0;
}

int List() {
  if (!absl::GetFlag(FLAGS_backup_dir).empty()) {
    absl::StatusOr<std::vector<sgs::ingest::BackupSummary>> backups =
        sgs::ingest::ListBackupsInDirectory(absl::GetFlag(FLAGS_backup_dir));
    if (!backups.ok()) return Fail(backups.status().ToString());
    for (const auto& backup : *backups) {
      sgs::v1::Backup proto;
      proto.set_name(absl::StrCat("backups/", backup.id));
      proto.mutable_create_time()->set_seconds(
          absl::ToUnixSeconds(backup.create_time));
      proto.set_size_bytes(backup.size_bytes);
      proto.set_file_count(backup.file_count);
      PrintBackup(proto);
    }
    return 0;
  }
  AdminClient client;
  if (absl::Status connected = client.Connect(); !connected.ok()) {
    return Fail(connected.ToString());
  }
  std::string page_token;
  do {
    grpc::ClientContext context;
    client.Prepare(&context);
    sgs::v1::ListBackupsRequest request;
    request.set_page_token(page_token);
    sgs::v1::ListBackupsResponse response;
    grpc::Status status =
        client.stub().ListBackups(&context, request, &response);
    if (!status.ok()) return Fail(Describe(status));
    for (const auto& backup : response.backups()) PrintBackup(backup);
    page_token = response.next_page_token();
  } while (!page_token.empty());
  return 0;
}

int Verify() {
  if (absl::GetFlag(FLAGS_backup_id) <= 0) {
    return Fail("verify 需要 --backup_id");
  }
  AdminClient client;
  if (absl::Status connected = client.Connect(); !connected.ok()) {
    return Fail(connected.ToString());
  }
  grpc::ClientContext context;
  client.Prepare(&context);
  sgs::v1::VerifyBackupRequest request;
  request.set_name(absl::StrCat("backups/", absl::GetFlag(FLAGS_backup_id)));
  sgs::v1::Backup backup;
  grpc::Status status = client.stub().VerifyBackup(&context, request, &backup);
  if (!status.ok()) return Fail(Describe(status));
  std::cout << "校验通过 (verified): ";
  PrintBackup(backup);
  return 0;
}

int Restore() {
  const std::string backup_dir = absl::GetFlag(FLAGS_backup_dir);
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (backup_dir.empty() || data_dir.empty()) {
    return Fail("restore 需要 --backup_dir 和 --data_dir");
  }
  const int64_t id = absl::GetFlag(FLAGS_backup_id);
  if (id < 0 || id > UINT32_MAX) return Fail("--backup_id 超出范围");
  absl::StatusOr<sgs::ingest::BackupSummary> restored =
      sgs::ingest::RestoreBackup(backup_dir, static_cast<uint32_t>(id),
                                 data_dir);
  if (!restored.ok()) return Fail(restored.status().ToString());
  std::cout << "已恢复备份 backups/" << restored->id << " 到 " << data_dir
            << " (restored; start ingest_service --data_dir=" << data_dir
            << ")\n";
  return 0;
}

int CheckCalendar(const std::vector<char*>& args) {
  if (args.size() != 3) return Fail("用法: sgs_admin check-calendar FILE");
  sgs::CalendarCheckOptions options;
  options.min_working_days = absl::GetFlag(FLAGS_min_working_days);
  options.max_working_days = absl::GetFlag(FLAGS_max_working_days);
  absl::StatusOr<std::vector<sgs::CalendarYearSummary>> years =
      sgs::CheckCalendarFile(args[2], options);
  if (!years.ok()) {
    return Fail(absl::StrCat("工作日历校验未通过: ", years.status().message()));
  }
  for (const auto& year : *years) {
    std::cout << year.year << " 年\t工作日 " << year.working_days
              << " 天\t工作日放假 " << year.holiday_dates << " 天\t调休上班 "
              << year.adjusted_working_days << " 天\t" << year.source << "\n";
  }
  std::cout << "工作日历校验通过 (calendar OK): " << args[2] << "，覆盖至 "
            << years->back().year << " 年\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args =
      sgs::ParseProgramFlags(argc, argv, "sgs_admin", kUsage);
  if (args.size() < 2) return Fail(absl::StrCat("缺少命令\n", kUsage));
  const std::string command = args[1];
  if (command == "backup") return Backup();
  if (command == "list") return List();
  if (command == "verify") return Verify();
  if (command == "restore") return Restore();
  if (command == "check-calendar") return CheckCalendar(args);
  return Fail(absl::StrCat("未知命令 \"", command, "\"\n", kUsage));
}
