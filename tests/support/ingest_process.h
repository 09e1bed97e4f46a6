// IngestProcess: the real ingest_service binary as a child process on
// 127.0.0.1 with a free port, for tests of what only a real process shows
// (start-up refusals and their exit codes, SIGTERM, disk full, restarts).
// A thin layer over ServerProcess (tests/support/server_process.h) that
// adds the ingest service's usual flags and a client stub.
#ifndef SGS_TESTS_SUPPORT_INGEST_PROCESS_H_
#define SGS_TESTS_SUPPORT_INGEST_PROCESS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "sgs/v1/ingest_service.grpc.pb.h"
#include "tests/support/server_process.h"

namespace sgs::testing {

class IngestProcess {
 public:
  // Starts ingest_service on `data_dir` with the shipped registry,
  // --dev_no_auth and `extra_args` (later flags win), and waits for the
  // line that announces its port. kUnavailable (with the output) when the
  // process ended or never announced one; exit_code() then says how it
  // ended.
  absl::Status Start(const std::string& data_dir,
                     const std::vector<std::string>& extra_args = {});

  int port() const { return process_.port(); }
  std::unique_ptr<sgs::v1::IngestService::Stub> NewStub() const;

  bool Kill() { return process_.Kill(); }
  int Terminate() { return process_.Terminate(); }
  void SendTerminate() { process_.SendTerminate(); }
  int WaitForExit() { return process_.WaitForExit(); }
  int exit_code() const { return process_.exit_code(); }
  std::string output() { return process_.output(); }

 private:
  ServerProcess process_;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_INGEST_PROCESS_H_
