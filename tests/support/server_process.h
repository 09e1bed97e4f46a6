// ServerProcess: the real ingest_service binary as a child process on
// 127.0.0.1 with a free port, for tests of what only a real process shows
// (start-up refusals and their exit codes, SIGTERM, disk full, restarts).
// stdout and stderr go to one pipe that a thread drains for the whole run
// (a full pipe would block the server); output() is what it printed.
#ifndef SGS_TESTS_SUPPORT_SERVER_PROCESS_H_
#define SGS_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "sgs/v1/ingest_service.grpc.pb.h"

namespace sgs::testing {

class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  // SIGKILLs a process still running.
  ~ServerProcess();

  // Starts ingest_service on `data_dir` with the shipped registry,
  // --dev_no_auth and `extra_args` (later flags win), and waits up to 30 s
  // for the line that announces its port. kUnavailable (with the output)
  // when the process ended or never announced one; exit_code() then says
  // how it ended.
  absl::Status Start(const std::string& data_dir,
                     const std::vector<std::string>& extra_args = {});

  int port() const { return port_; }
  std::unique_ptr<sgs::v1::IngestService::Stub> NewStub() const;

  // SIGKILL; true when the process was still running until then.
  bool Kill();
  // SIGTERM (graceful shutdown); the exit code, or -signal when killed.
  int Terminate();
  // Sends SIGTERM and returns at once (WaitForExit collects the process).
  void SendTerminate();
  // Waits for the process to end; its exit code or -signal.
  int WaitForExit();
  // The exit code of a process that ended by itself during Start.
  int exit_code() const { return exit_code_; }

  std::string output();

 private:
  void Drain(int fd);
  bool ParsePort() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  pid_t pid_ = -1;
  int exit_code_ = 0;
  std::thread drain_;
  absl::Mutex mutex_;
  std::string output_ ABSL_GUARDED_BY(mutex_);
  bool output_ended_ ABSL_GUARDED_BY(mutex_) = false;
  int port_ = 0;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_SERVER_PROCESS_H_
