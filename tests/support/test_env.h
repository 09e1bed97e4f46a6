// Test helpers shared by every test binary: paths into the source tree,
// temporary directories, and a real ingest server on a free port with
// RocksDB in a temporary directory. Valid records to start from are in
// tests/support/records.h (gtest-free, also linked by fuzz and bench).
#ifndef SGS_TESTS_SUPPORT_TEST_ENV_H_
#define SGS_TESTS_SUPPORT_TEST_ENV_H_

#include <memory>
#include <string>

#include "ingest_service/server.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "tests/support/records.h"
#include "tests/support/temp_dir.h"

namespace sgs::testing {

// Absolute path of a file in the source tree ("config/registry.textproto").
std::string SourcePath(const std::string& relative);
// Absolute path of a built binary ("ingest_service").
std::string BinaryPath(const std::string& relative);

// An in-process ingest server on 127.0.0.1:0 with the shipped registry
// (or options.registry_path when set).
class TestIngestServer {
 public:
  // data_dir: RocksDB directory (a TempDir's path to survive restarts).
  explicit TestIngestServer(const std::string& data_dir,
                            ingest::IngestServerOptions options = {});
  ~TestIngestServer();
  std::string address() const;
  std::unique_ptr<sgs::v1::IngestService::Stub> NewStub() const;
  void Restart();  // Shutdown + Start on the same data directory.
  // The running server (its metrics and health ports), null when stopped.
  ingest::IngestServer* server() const { return server_.get(); }
  void Shutdown();

 private:
  void StartServer();
  ingest::IngestServerOptions options_;
  std::unique_ptr<ingest::IngestServer> server_;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_TEST_ENV_H_
