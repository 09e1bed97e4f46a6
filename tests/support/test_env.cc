#include "tests/support/test_env.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace sgs::testing {

std::string SourcePath(const std::string& relative) {
  return absl::StrCat(SGS_SOURCE_DIR, "/", relative);
}

std::string BinaryPath(const std::string& relative) {
  return absl::StrCat(SGS_BINARY_DIR, "/", relative);
}

TestIngestServer::TestIngestServer(const std::string& data_dir,
                                   ingest::IngestServerOptions options)
    : options_(std::move(options)) {
  options_.listen_address = "127.0.0.1:0";
  options_.data_dir = data_dir;
  options_.registry_path = SourcePath("config/registry.textproto");
  // Tests that check access control pass a tokens file; all others run
  // without tokens, explicitly.
  if (options_.tokens_path.empty()) options_.development_no_auth = true;
  StartServer();
}

TestIngestServer::~TestIngestServer() { Shutdown(); }

void TestIngestServer::StartServer() {
  // Rebind the same port on restart so existing channels reconnect.
  auto server = ingest::IngestServer::Start(options_);
  if (!server.ok()) {
    ADD_FAILURE() << "ingest server did not start: " << server.status();
    return;
  }
  server_ = *std::move(server);
  options_.listen_address = absl::StrCat("127.0.0.1:", server_->port());
}

std::string TestIngestServer::address() const {
  return options_.listen_address;
}

std::unique_ptr<sgs::v1::IngestService::Stub> TestIngestServer::NewStub()
    const {
  return sgs::v1::IngestService::NewStub(
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
}

void TestIngestServer::Restart() {
  Shutdown();
  StartServer();
}

void TestIngestServer::Shutdown() {
  if (server_ == nullptr) return;
  server_->Shutdown(absl::Seconds(5));
  server_.reset();
}

}  // namespace sgs::testing
