// One way to run a real server binary (ingest_service, stats_service) from
// a test, the crash test or the soak program: spawn it with its flags
// (--port=0), read the port it chose from the line it prints when it is
// serving ("ingest_service listening on port N"), and stop it with a
// signal. Its stdout — and its stderr, unless sent to a file — is drained
// by a thread for the whole run (a full pipe would block the server) and
// kept, so a failed start or a failed assertion can show it.
//
// Contract: gtest-free and gRPC-free (tests, fuzz-free programs and
// benchmarks link it through sgs_test_base); posix_spawn, not fork, since
// callers run gRPC threads. The destructor SIGKILLs a process still running.
#ifndef SGS_TESTS_SUPPORT_SERVER_PROCESS_H_
#define SGS_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace sgs::testing {

struct ServerProcessOptions {
  // argv[0] is the binary's path; pass --port=0 (or the binary's own way
  // of choosing a free port) among the flags.
  std::vector<std::string> argv;
  // The text before the port number in the line announcing it.
  std::string listening_line;
  // Empty: stderr is captured with stdout; else it is written to this file
  // (long runs, where keeping it in memory would grow with the run).
  std::string stderr_path;
  // How long Start waits for the announcement.
  absl::Duration start_timeout = absl::Seconds(30);
};

class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess();

  // Spawns the binary and waits until it announces its port. kUnavailable,
  // with the output so far, when it exits or stays silent instead.
  absl::Status Start(const ServerProcessOptions& options);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

  // SIGKILL; true when the process was still running until then.
  bool Kill();

  // SIGTERM (graceful shutdown) and wait; the exit code, or -signal when a
  // signal ended it. With `grace`, SIGKILL follows when the process has not
  // exited by then (the result is then -SIGKILL).
  int Terminate();
  int Terminate(absl::Duration grace);

  // Everything captured so far.
  std::string output();

 private:
  int Stop(int signal_number, absl::Duration grace);
  void Drain(int fd);
  bool ParsePort() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  pid_t pid_ = -1;
  int port_ = 0;
  std::string listening_line_;
  std::thread drain_;
  absl::Mutex mutex_;
  std::string output_ ABSL_GUARDED_BY(mutex_);
  bool output_ended_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_SERVER_PROCESS_H_
