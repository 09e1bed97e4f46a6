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
    grpc::ClientContext context;
    sgs::v1::SubmitRecordResponse response;
    grpc::Status status = stub->SubmitRecord(&context, request, &response);
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

  // Reads.
  {
    sgs::v1::GetRecordRequest request;
    request.set_name(name);
    grpc::ClientContext context;
    sgs::v1::Record stored;
    grpc::Status status = stub->GetRecord(&context, request, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  {
    sgs::v1::ListRecordsRequest request;
    request.set_parent(absl::StrCat("units/", kRemoved));
    grpc::ClientContext context;
    sgs::v1::ListRecordsResponse response;
    grpc::Status status = stub->ListRecords(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.records_size(), 1);
  }
  {
    sgs::v1::ListAuditEntriesRequest request;
    request.set_parent(absl::StrCat("units/", kRemoved));
    grpc::ClientContext context;
    sgs::v1::ListAuditEntriesResponse response;
    grpc::Status status = stub->ListAuditEntries(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_GE(response.audit_entries_size(), 1);
  }

  // Writes.
  auto expect_refused = [](const grpc::Status& status, const char* what) {
    EXPECT_FALSE(status.ok()) << what;
    EXPECT_NE(status.error_message().find(kRemoved), std::string::npos)
        << what << ": " << status.error_message();
  };
  {
    sgs::v1::SubmitRecordRequest request;
    *request.mutable_record() = record;
    grpc::ClientContext context;
    sgs::v1::SubmitRecordResponse response;
    grpc::Status status = stub->SubmitRecord(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    expect_refused(status, "SubmitRecord");
  }
  {
    sgs::v1::WithdrawRecordRequest request;
    request.set_name(name);
    request.set_reason("测试");
    grpc::ClientContext context;
    sgs::v1::Record response;
    grpc::Status status = stub->WithdrawRecord(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    expect_refused(status, "WithdrawRecord");
  }
  {
    sgs::v1::CreateObjectionRequest request;
    request.set_record_name(name);
    request.set_description("当事人提出异议");
    grpc::ClientContext context;
    sgs::v1::Objection response;
    grpc::Status status = stub->CreateObjection(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    expect_refused(status, "CreateObjection");
  }
  EXPECT_EQ(server.Terminate(), 0);
}

}  // namespace
}  // namespace sgs::testing
