// A unit removed from the registry, against the real binary: after a
// restart with a registry that no longer lists a unit that has records,
// the office still reads its data (GetRecord, ListRecords,
// ListAuditEntries) and every write for it is refused with a clear error
// (SubmitRecord, WithdrawRecord, CreateObjection) — finding 16 of issue 10.
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/ingest_process.h"
#include "tests/support/test_env.h"

namespace sgs::testing {
namespace {

constexpr char kRemoved[] = "yd-gaj";

using Stub = sgs::v1::IngestService::Stub;

// One unary call of `method` on a fresh context; *response is its answer.
template <typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*method)(grpc::ClientContext*,
                                               const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  return (stub.*method)(&context, request, response);
}

// The shipped registry without the `units { code: "yd-gaj" ... }` block.
std::string RegistryWithout(const std::string& code) {
  std::ifstream in(SourcePath("config/registry.textproto"));
  std::stringstream text;
  text << in.rdbuf();
  std::string registry = text.str();
  const size_t code_at = registry.find(absl::StrCat("code: \"", code, "\""));
  const size_t begin = registry.rfind("units {", code_at);
  const size_t end = registry.find("\n}", code_at);
  if (code_at == std::string::npos || begin == std::string::npos ||
      end == std::string::npos) {
    return registry;
  }
  return registry.erase(begin, end + 2 - begin);
}

TEST(RemovedUnitTest, DataStaysReadableAndWritesAreRefused) {
  TempDir dir;
  const std::string data_dir = dir.path() + "/data";
  const std::string registry = dir.path() + "/registry.textproto";
  {
    std::ofstream out(registry);
    out << RegistryWithout(kRemoved);
  }
  ASSERT_EQ(RegistryWithout(kRemoved).find(kRemoved), std::string::npos);

  const sgs::v1::Record record =
      ValidPenaltyRecord(kRemoved, "殷公罚〔2024〕7号", "2024-07-01");
  std::string name;
  {
    IngestProcess server;
    absl::Status started =
        server.Start(data_dir, {"--shutdown_grace_seconds=1"});
    ASSERT_TRUE(started.ok()) << started;
    auto stub = server.NewStub();
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = record;
    sgs::v1::SubmitRecordResponse response;
    grpc::Status status = Call(*stub, &Stub::SubmitRecord, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    name = response.record().name();
    EXPECT_EQ(server.Terminate(), 0);
  }

  IngestProcess server;
  absl::Status started = server.Start(
      data_dir,
      {absl::StrCat("--registry=", registry), "--shutdown_grace_seconds=1"});
  ASSERT_TRUE(started.ok()) << started;
  auto stub = server.NewStub();

  // Reads answer OK; writes are refused, naming the unit.
  auto expect_read = [](const grpc::Status& status, const char* what) {
    EXPECT_TRUE(status.ok()) << what << ": " << status.error_message();
  };
  auto expect_refused = [](const grpc::Status& status, const char* what) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << what;
    EXPECT_FALSE(status.ok()) << what;
    EXPECT_NE(status.error_message().find(kRemoved), std::string::npos)
        << what << ": " << status.error_message();
  };

  sgs::v1::GetRecordRequest get;
  get.set_name(name);
  sgs::v1::Record stored;
  expect_read(Call(*stub, &Stub::GetRecord, get, &stored), "GetRecord");

  sgs::v1::ListRecordsRequest list;
  list.set_parent(absl::StrCat("units/", kRemoved));
  sgs::v1::ListRecordsResponse records;
  expect_read(Call(*stub, &Stub::ListRecords, list, &records), "ListRecords");
  EXPECT_EQ(records.records_size(), 1);

  sgs::v1::ListAuditEntriesRequest audit;
  audit.set_parent(absl::StrCat("units/", kRemoved));
  sgs::v1::ListAuditEntriesResponse entries;
  expect_read(Call(*stub, &Stub::ListAuditEntries, audit, &entries),
              "ListAuditEntries");
  EXPECT_GE(entries.audit_entries_size(), 1);

  sgs::v1::SubmitRecordRequest submit;
  *submit.mutable_record() = record;
  sgs::v1::SubmitRecordResponse submitted;
  expect_refused(Call(*stub, &Stub::SubmitRecord, submit, &submitted),
                 "SubmitRecord");

  sgs::v1::WithdrawRecordRequest withdraw;
  withdraw.set_name(name);
  withdraw.set_reason("测试");
  sgs::v1::Record withdrawn;
  expect_refused(Call(*stub, &Stub::WithdrawRecord, withdraw, &withdrawn),
                 "WithdrawRecord");

  sgs::v1::CreateObjectionRequest objection;
  objection.set_record_name(name);
  objection.set_description("当事人提出异议");
  sgs::v1::Objection created;
  expect_refused(Call(*stub, &Stub::CreateObjection, objection, &created),
                 "CreateObjection");
  EXPECT_EQ(server.Terminate(), 0);
}

}  // namespace
}  // namespace sgs::testing
