// The restore drill: records are written under load, a backup is taken
// through AdminService while the writers go on, the backup is restored
// into a new directory and a real ingest server is started on it. Every
// record acknowledged before the backup began must be there, the daily
// aggregates must agree with a recount of the records, and the versions,
// objections, spot-check findings and audit trail must have come back.
#include <atomic>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/auth.h"
#include "common/dates.h"
#include "common/tls.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "ingest_service/backup.h"
#include "sgs/v1/admin_service.grpc.pb.h"
#include "tests/support/ingest_calls.h"
#include "tests/support/test_env.h"

namespace sgs::ingest {
namespace {

using sgs::testing::TempDir;
using sgs::testing::TestIngestServer;
using sgs::testing::ValidLicensingRecord;
using sgs::testing::ValidPenaltyRecord;

constexpr char kUnit[] = "yd-jyj";

std::string Yesterday() { return FormatDate(ChinaDate(absl::Now()) - 1); }

std::unique_ptr<sgs::v1::AdminService::Stub> AdminStub(
    const TestIngestServer& server) {
  return sgs::v1::AdminService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
}

// Every record of the unit, through ListRecords' pages.
std::map<std::string, sgs::v1::Record> AllRecords(
    sgs::v1::IngestService::Stub& stub) {
  std::map<std::string, sgs::v1::Record> records;
  for (const auto& record : sgs::testing::ListAllRecords(&stub, kUnit, 1000)) {
    records[record.name()] = record;
  }
  return records;
}

// Sum of the unit's daily aggregates by kind (by receipt date).
std::map<int, int64_t> AggregateCounts(sgs::v1::IngestService::Stub& stub) {
  std::map<int, int64_t> counts;
  std::string token;
  do {
    grpc::ClientContext context;
    sgs::v1::ListDailyAggregatesRequest request;
    request.set_unit_code(kUnit);
    request.set_date_basis(sgs::v1::RECEIPT_DATE);
    // Every record was received today (China time).
    request.set_start_date(FormatDate(ChinaDate(absl::Now()) - 2));
    request.set_end_date(FormatDate(ChinaDate(absl::Now()) + 2));
    request.set_page_size(1000);
    request.set_page_token(token);
    sgs::v1::ListDailyAggregatesResponse response;
    grpc::Status status =
        stub.ListDailyAggregates(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const auto& aggregate : response.aggregates()) {
      counts[aggregate.kind()] += aggregate.record_count();
    }
    token = response.next_page_token();
  } while (!token.empty());
  return counts;
}

int AuditEntryCount(sgs::v1::IngestService::Stub& stub,
                    const std::string& target) {
  int count = 0;
  std::string token;
  do {
    grpc::ClientContext context;
    sgs::v1::ListAuditEntriesRequest request;
    request.set_parent(absl::StrCat("units/", kUnit));
    request.set_target(target);
    request.set_page_size(1000);
    request.set_page_token(token);
    sgs::v1::ListAuditEntriesResponse response;
    grpc::Status status = stub.ListAuditEntries(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    count += response.audit_entries_size();
    token = response.next_page_token();
  } while (!token.empty());
  return count;
}

TEST(BackupRestoreTest, RestoreDrillUnderLoad) {
  TempDir dir;
  IngestServerOptions options;
  options.backup_dir = dir.path() + "/backups";
  options.backup_keep = 2;
  TestIngestServer server(dir.path() + "/db", options);
  auto stub = server.NewStub();
  const std::string yesterday = Yesterday();

  // Before the load: a corrected record with an objection, a finding.
  std::string corrected_name;
  {
    auto record = ValidLicensingRecord(kUnit, "殷教许〔2024〕100号", yesterday);
    for (const char* subject : {"第一版名称有限公司", "第二版名称有限公司"}) {
      record.mutable_subject()->set_name(subject);
      grpc::ClientContext context;
      sgs::v1::SubmitRecordRequest request;
      *request.mutable_record() = record;
      sgs::v1::SubmitRecordResponse response;
      ASSERT_TRUE(stub->SubmitRecord(&context, request, &response).ok());
      corrected_name = response.record().name();
    }
    grpc::ClientContext context;
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name(corrected_name);
    request.set_description("当事人名称有误");
    sgs::v1::Objection objection;
    ASSERT_TRUE(stub->CreateObjection(&context, request, &objection).ok());
  }
  {
    grpc::ClientContext context;
    sgs::v1::CreateSpotCheckFindingRequest request;
    request.mutable_finding()->set_unit_code(kUnit);
    request.mutable_finding()->set_source(sgs::v1::PROVINCIAL);
    request.mutable_finding()->set_kind(sgs::v1::PENALTY);
    request.mutable_finding()->set_document_number("殷教罚〔2024〕9号");
    request.mutable_finding()->set_decision_date("2024-06-03");
    request.mutable_finding()->set_found_date("2024-07-15");
    request.mutable_finding()->set_description("省级月度抽查发现应报未报");
    sgs::v1::SpotCheckFinding finding;
    grpc::Status status =
        stub->CreateSpotCheckFinding(&context, request, &finding);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  const int audit_of_corrected_before = AuditEntryCount(*stub, corrected_name);
  ASSERT_GE(audit_of_corrected_before, 2);

  // The load: writers acknowledge records until told to stop.
  absl::Mutex mutex;
  std::vector<std::string> acknowledged;  // names, in acknowledgement order
  std::atomic<bool> stop{false};
  constexpr int kWriters = 2;
  std::vector<std::thread> writers;
  writers.reserve(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto writer_stub = server.NewStub();
      for (int i = 0; !stop.load(); ++i) {
        const std::string number = absl::StrCat("殷教", w, "〔2024〕", i, "号");
        sgs::v1::SubmitRecordRequest request;
        *request.mutable_record() =
            i % 2 == 0 ? ValidLicensingRecord(kUnit, number, yesterday)
                       : ValidPenaltyRecord(kUnit, number, yesterday);
        grpc::ClientContext context;
        sgs::v1::SubmitRecordResponse response;
        if (writer_stub->SubmitRecord(&context, request, &response).ok()) {
          absl::MutexLock lock(&mutex);
          acknowledged.push_back(response.record().name());
        }
      }
    });
  }
  // Waits (up to a minute) for the writers to have `n` acknowledgements:
  // the backup must be taken under load, whatever the machine's speed.
  auto wait_for_acknowledged = [&](size_t n) {
    absl::MutexLock lock(&mutex);
    auto reached = [&]() { return acknowledged.size() >= n; };
    mutex.AwaitWithTimeout(absl::Condition(&reached), absl::Minutes(1));
  };
  wait_for_acknowledged(20);
  std::vector<std::string> acknowledged_before_backup;
  {
    absl::MutexLock lock(&mutex);
    acknowledged_before_backup = acknowledged;
  }
  sgs::v1::Backup backup;
  {
    auto admin = AdminStub(server);
    grpc::ClientContext context;
    sgs::v1::CreateBackupRequest request;
    grpc::Status status = admin->CreateBackup(&context, request, &backup);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // Writes go on after the backup.
  {
    size_t at_backup;
    {
      absl::MutexLock lock(&mutex);
      at_backup = acknowledged.size();
    }
    wait_for_acknowledged(at_backup + 10);
  }
  stop = true;
  for (auto& writer : writers) writer.join();
  size_t acknowledged_total;
  {
    absl::MutexLock lock(&mutex);
    acknowledged_total = acknowledged.size();
  }
  ASSERT_GT(acknowledged_before_backup.size(), 10u);
  ASSERT_GT(acknowledged_total, acknowledged_before_backup.size());
  EXPECT_EQ(backup.name(), absl::StrCat("backups/", backup.backup_id()));
  EXPECT_GT(backup.size_bytes(), 0);

  {  // It is listed and verifies.
    auto admin = AdminStub(server);
    grpc::ClientContext list_context;
    sgs::v1::ListBackupsResponse listed;
    ASSERT_TRUE(admin->ListBackups(&list_context, {}, &listed).ok());
    ASSERT_EQ(listed.backups_size(), 1);
    EXPECT_EQ(listed.backups(0).backup_id(), backup.backup_id());
    grpc::ClientContext verify_context;
    sgs::v1::VerifyBackupRequest verify;
    verify.set_name(backup.name());
    sgs::v1::Backup verified;
    grpc::Status status =
        admin->VerifyBackup(&verify_context, verify, &verified);
    EXPECT_TRUE(status.ok()) << status.error_message();
    grpc::ClientContext missing_context;
    verify.set_name("backups/999");
    EXPECT_EQ(
        admin->VerifyBackup(&missing_context, verify, &verified).error_code(),
        grpc::StatusCode::NOT_FOUND);
  }
  server.Shutdown();

  // Restore into a new directory (never over an existing database).
  EXPECT_EQ(
      RestoreBackup(options.backup_dir, backup.backup_id(), dir.path() + "/db")
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
  const std::string restored_dir = dir.path() + "/restored";
  absl::StatusOr<BackupSummary> restored =
      RestoreBackup(options.backup_dir, backup.backup_id(), restored_dir);
  ASSERT_TRUE(restored.ok()) << restored.status();

  TestIngestServer restored_server(restored_dir);
  auto restored_stub = restored_server.NewStub();
  const std::map<std::string, sgs::v1::Record> records =
      AllRecords(*restored_stub);
  for (const std::string& name : acknowledged_before_backup) {
    EXPECT_EQ(records.count(name), 1u) << "lost by the backup: " << name;
  }
  EXPECT_EQ(records.count(corrected_name), 1u);
  EXPECT_LE(records.size(), acknowledged_total + 1);

  // Aggregates agree with a recount of the restored records.
  std::map<int, int64_t> recount;
  for (const auto& [name, record] : records) {
    recount[record.has_penalty() ? sgs::v1::PENALTY : sgs::v1::LICENSING]++;
  }
  EXPECT_EQ(AggregateCounts(*restored_stub), recount);

  {  // Versions.
    grpc::ClientContext context;
    sgs::v1::ListRecordVersionsRequest request;
    request.set_name(corrected_name);
    sgs::v1::ListRecordVersionsResponse versions;
    ASSERT_TRUE(
        restored_stub->ListRecordVersions(&context, request, &versions).ok());
    ASSERT_EQ(versions.versions_size(), 2);
    EXPECT_EQ(versions.versions(1).subject().name(), "第二版名称有限公司");
  }
  {  // Objections.
    grpc::ClientContext context;
    sgs::v1::ListObjectionsRequest request;
    request.set_parent(absl::StrCat("units/", kUnit));
    sgs::v1::ListObjectionsResponse objections;
    ASSERT_TRUE(
        restored_stub->ListObjections(&context, request, &objections).ok());
    ASSERT_EQ(objections.objections_size(), 1);
    EXPECT_EQ(objections.objections(0).description(), "当事人名称有误");
  }
  {  // Findings.
    grpc::ClientContext context;
    sgs::v1::ListSpotCheckFindingsRequest request;
    request.set_parent(absl::StrCat("units/", kUnit));
    sgs::v1::ListSpotCheckFindingsResponse findings;
    ASSERT_TRUE(
        restored_stub->ListSpotCheckFindings(&context, request, &findings)
            .ok());
    EXPECT_EQ(findings.findings_size(), 1);
  }
  // The audit trail.
  EXPECT_EQ(AuditEntryCount(*restored_stub, corrected_name),
            audit_of_corrected_before);
  EXPECT_GE(AuditEntryCount(*restored_stub, ""),
            static_cast<int>(acknowledged_before_backup.size()));
}

TEST(BackupRestoreTest, OnlyTheCreditOfficeMayBackUp) {
  TempDir dir;
  const std::string tokens = dir.path() + "/tokens.textproto";
  {
    std::ofstream out(tokens);
    out << "tokens { name: \"区信用办\" sha256_hex: \"" << Sha256Hex("office")
        << "\" role: CREDIT_OFFICE }\n"
        << "tokens { name: \"查询\" sha256_hex: \"" << Sha256Hex("reader")
        << "\" role: READER }\n";
  }
  IngestServerOptions options;
  options.tokens_path = tokens;
  options.backup_dir = dir.path() + "/backups";
  TestIngestServer server(dir.path() + "/db", options);
  auto admin = AdminStub(server);
  auto backup = [&](const char* token) {
    grpc::ClientContext context;
    AddBearerToken(&context, token);
    sgs::v1::Backup response;
    return admin->CreateBackup(&context, {}, &response).error_code();
  };
  EXPECT_EQ(backup(""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(backup("reader"), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(backup("office"), grpc::StatusCode::OK);
  EXPECT_EQ(backup("office"), grpc::StatusCode::OK);
  // Retention: the service keeps --backup_keep (7) by default, and a
  // request may ask for fewer.
  grpc::ClientContext context;
  AddBearerToken(&context, "office");
  sgs::v1::CreateBackupRequest request;
  request.set_keep_count(1);
  sgs::v1::Backup response;
  ASSERT_TRUE(admin->CreateBackup(&context, request, &response).ok());
  absl::StatusOr<std::vector<BackupSummary>> listed =
      ListBackupsInDirectory(options.backup_dir);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, response.backup_id());
}

}  // namespace
}  // namespace sgs::ingest
