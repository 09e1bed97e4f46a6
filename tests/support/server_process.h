// A released server binary run as a child process for tests that attack
// it from outside (tests/ingest_service/hostile_test.cc): started with
// posix_spawn, its stdout and stderr drained by a thread (a full pipe would
// block it), its port read from the "... listening on port N" line, and its
// memory and threads read from /proc/<pid>/status. gtest-free.
#ifndef SGS_TESTS_SUPPORT_SERVER_PROCESS_H_
#define SGS_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace sgs::testing {

// From /proc/<pid>/status; zeros when the process is gone.
struct ProcessStatus {
  int64_t rss_kb = 0;       // VmRSS
  int64_t peak_rss_kb = 0;  // VmHWM: the largest RSS so far
  int threads = 0;
};
ProcessStatus ReadProcessStatus(pid_t pid);

class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess();

  // Starts `args` (args[0] the binary) and waits for the line that
  // announces its port.
  absl::Status Start(std::vector<std::string> args);
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running();
  // SIGTERM; the exit code, or -signal when killed.
  int Terminate();
  std::string output();

 private:
  void Drain(int fd);
  bool ParsePort() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  pid_t pid_ = -1;
  int port_ = 0;
  std::thread drain_;
  absl::Mutex mutex_;
  std::string output_ ABSL_GUARDED_BY(mutex_);
  bool output_ended_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_SERVER_PROCESS_H_
