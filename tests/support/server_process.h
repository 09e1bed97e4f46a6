// One way to run a real binary from a test, the crash test or the soak
// program. A short command (sgs_bulletin, --version) runs to its end with
// RunProcess. A server (ingest_service, stats_service) runs as a
// ServerProcess: spawn it with its flags
// (--port=0), read the port it chose from the line it prints when it is
// serving ("ingest_service listening on port N"), and stop it with a
// signal. Its stdout — and its stderr, unless sent to a file — is drained
// by a thread for the whole run (a full pipe would block the server) and
// kept, so a failed start or a failed assertion can show it. The hostile
// tests also read the child's memory and threads from /proc.
//
// Contract: gtest-free and gRPC-free (tests, fuzz-free programs and
// benchmarks link it through sgs_test_base); posix_spawn, not fork, since
// callers run gRPC threads. The destructor SIGKILLs a process still running.
#ifndef SGS_TESTS_SUPPORT_SERVER_PROCESS_H_
#define SGS_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace sgs::testing {

// From /proc/<pid>/status; zeros when the process is gone.
struct ProcessStatus {
  int64_t rss_kb = 0;       // VmRSS
  int64_t peak_rss_kb = 0;  // VmHWM: the largest RSS so far
  int threads = 0;
};
ProcessStatus ReadProcessStatus(pid_t pid);

// What both servers print once they serve: "<name> listening on port N".
inline constexpr char kListeningLine[] = "listening on port ";

struct ServerProcessOptions {
  // argv[0] is the binary's path; pass --port=0 (or the binary's own way
  // of choosing a free port) among the flags.
  std::vector<std::string> argv;
  // The text before the port number in the line announcing it.
  std::string listening_line = kListeningLine;
  // Empty: stderr is captured with stdout; else it is written to this file
  // (long runs, where keeping it in memory would grow with the run).
  std::string stderr_path;
  // How long Start waits for the announcement.
  absl::Duration start_timeout = absl::Seconds(30);
};

// A short command run to its end (a CLI, --version): its exit code (or
// -signal) and what it wrote.
struct ProcessResult {
  int exit_code = -1;
  // stdout; with merge_stderr, stdout and stderr interleaved as written.
  std::string output;
  // stderr when it is not merged.
  std::string errors;
};

// Spawns argv (argv[0] the binary's path) and waits for it to end, reading
// stdout and stderr as it runs (a full pipe would block it). SIGKILL after
// `timeout`; kDeadlineExceeded then, with the output so far.
absl::StatusOr<ProcessResult> RunProcess(
    const std::vector<std::string>& argv, bool merge_stderr = false,
    absl::Duration timeout = absl::Seconds(120));

class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess();

  // Spawns the binary and waits until it announces its port. kUnavailable,
  // with the output so far, when it exits or stays silent instead.
  absl::Status Start(const ServerProcessOptions& options);
  // The same with the default announcement and timeout.
  absl::Status Start(std::vector<std::string> argv);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // False once the process has ended (it is then collected; exit_code()
  // says how).
  bool running();

  // SIGKILL; true when the process was still running until then.
  bool Kill();

  // SIGTERM (graceful shutdown) and wait; the exit code, or -signal when a
  // signal ended it. With `grace`, SIGKILL follows when the process has not
  // exited by then (the result is then -SIGKILL).
  int Terminate();
  int Terminate(absl::Duration grace);
  // Sends SIGTERM and returns at once; WaitForExit collects the process.
  void SendTerminate();
  // Waits for the process to end; its exit code, or -signal.
  int WaitForExit();
  // How the last process ended (after running() turned false, Stop,
  // WaitForExit or a failed Start): exit code, or -signal.
  int exit_code() const { return exit_code_; }

  // Everything captured so far.
  std::string output();

 private:
  int Stop(int signal_number, absl::Duration grace);
  // Marks the process collected with waitpid's `status`.
  int Collected(int status);
  void Drain(int fd);
  bool ParsePort() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = 0;
  std::string listening_line_;
  std::thread drain_;
  absl::Mutex mutex_;
  std::string output_ ABSL_GUARDED_BY(mutex_);
  bool output_ended_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_SERVER_PROCESS_H_
