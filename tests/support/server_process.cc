#include "tests/support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

extern char** environ;

namespace sgs::testing {
namespace {

constexpr char kListening[] = "listening on port ";

int64_t Kilobytes(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  absl::ConsumeSuffix(&value, "kB");
  int64_t kb = 0;
  (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(value), &kb);
  return kb;
}

}  // namespace

ProcessStatus ReadProcessStatus(pid_t pid) {
  ProcessStatus status;
  std::ifstream file(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(file, line)) {
    absl::string_view view = line;
    if (absl::ConsumePrefix(&view, "VmRSS:")) {
      status.rss_kb = Kilobytes(view);
    } else if (absl::ConsumePrefix(&view, "VmHWM:")) {
      status.peak_rss_kb = Kilobytes(view);
    } else if (absl::ConsumePrefix(&view, "Threads:")) {
      (void)absl::SimpleAtoi(absl::StripAsciiWhitespace(view), &status.threads);
    }
  }
  return status;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (drain_.joinable()) drain_.join();
}

absl::Status ServerProcess::Start(std::vector<std::string> args) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return absl::InternalError("pipe2");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // posix_spawn, not fork: the test process runs gRPC threads.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  pid_t pid = -1;
  const int spawned =
      posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (spawned != 0) {
    close(fds[0]);
    return absl::InternalError(
        absl::StrCat("cannot start ", argv[0], ": errno ", spawned));
  }
  pid_ = pid;
  drain_ = std::thread([this, fd = fds[0]] { Drain(fd); });
  absl::MutexLock lock(&mutex_);
  auto announced_or_ended = [this]() {
    mutex_.AssertReaderHeld();
    return ParsePort() || output_ended_;
  };
  mutex_.AwaitWithTimeout(absl::Condition(&announced_or_ended),
                          absl::Seconds(30));
  if (!ParsePort()) {
    return absl::UnavailableError(
        absl::StrCat(args[0], " announced no port; its output:\n", output_));
  }
  return absl::OkStatus();
}

bool ServerProcess::running() {
  return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0;
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (drain_.joinable()) drain_.join();
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
}

std::string ServerProcess::output() {
  absl::MutexLock lock(&mutex_);
  return output_;
}

void ServerProcess::Drain(int fd) {
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
    absl::MutexLock lock(&mutex_);
    output_.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  absl::MutexLock lock(&mutex_);
  output_ended_ = true;
}

bool ServerProcess::ParsePort() {
  if (port_ > 0) return true;
  const size_t at = output_.find(kListening);
  if (at == std::string::npos) return false;
  const size_t begin = at + sizeof(kListening) - 1;
  const size_t end = output_.find_first_not_of("0123456789", begin);
  int port = 0;
  if (end == std::string::npos ||
      !absl::SimpleAtoi(output_.substr(begin, end - begin), &port) ||
      port <= 0) {
    return false;
  }
  port_ = port;
  return true;
}

}  // namespace sgs::testing
