#include "tests/support/server_process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

extern char** environ;

namespace sgs::testing {
namespace {

int64_t Kilobytes(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  absl::ConsumeSuffix(&value, "kB");
  int64_t kb = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(value), &kb)) return 0;
  return kb;
}

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
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
      if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(view),
                            &status.threads)) {
        status.threads = 0;
      }
    }
  }
  return status;
}

absl::StatusOr<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                         bool merge_stderr,
                                         absl::Duration timeout) {
  if (argv.empty()) return absl::InvalidArgumentError("empty argv");
  int out[2];
  int err[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  if (!merge_stderr && pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return absl::InternalError("pipe2 failed");
  }
  std::vector<std::string> args = argv;
  std::vector<char*> c_argv;
  for (std::string& arg : args) c_argv.push_back(arg.data());
  c_argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, merge_stderr ? out[1] : err[1],
                                   STDERR_FILENO);
  pid_t pid = -1;
  const int spawned =
      posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (!merge_stderr) close(err[1]);
  if (spawned != 0) {
    close(out[0]);
    if (!merge_stderr) close(err[0]);
    return absl::InternalError(
        absl::StrCat("cannot start ", argv[0], ": errno ", spawned));
  }

  ProcessResult result;
  // Reads both pipes until each ends (the process exited and its children
  // closed them), or until the deadline.
  struct Stream {
    int fd;
    std::string* text;
  };
  std::vector<Stream> open_streams = {{out[0], &result.output}};
  if (!merge_stderr) open_streams.push_back({err[0], &result.errors});
  const absl::Time deadline = absl::Now() + timeout;
  bool timed_out = false;
  while (!open_streams.empty()) {
    std::vector<pollfd> fds;
    for (const Stream& stream : open_streams) {
      fds.push_back({stream.fd, POLLIN, 0});
    }
    const int64_t wait_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (wait_ms <= 0) {
      timed_out = true;
      break;
    }
    if (poll(fds.data(), fds.size(), static_cast<int>(wait_ms)) < 0) {
      if (errno == EINTR) continue;
      timed_out = true;  // Cannot wait for it: kill rather than hang.
      break;
    }
    for (size_t i = fds.size(); i-- > 0;) {
      if (fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        open_streams[i].text->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        open_streams.erase(open_streams.begin() + static_cast<ptrdiff_t>(i));
      }
    }
  }
  if (timed_out) kill(pid, SIGKILL);
  for (const Stream& stream : open_streams) close(stream.fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = ExitCodeOf(status);
  if (timed_out) {
    return absl::DeadlineExceededError(absl::StrCat(
        argv[0], " still running after ", absl::FormatDuration(timeout),
        "; killed. Output:\n", result.output, result.errors));
  }
  return result;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill();
  if (drain_.joinable()) drain_.join();
}

absl::Status ServerProcess::Start(const ServerProcessOptions& options) {
  if (pid_ > 0) return absl::FailedPreconditionError("already running");
  if (options.argv.empty()) return absl::InvalidArgumentError("empty argv");
  if (drain_.joinable()) drain_.join();  // A previous run's thread.
  {
    absl::MutexLock lock(&mutex_);
    output_.clear();
    output_ended_ = false;
  }
  port_ = 0;
  listening_line_ = options.listening_line;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  std::vector<std::string> args = options.argv;
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  if (options.stderr_path.empty()) {
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO,
                                     options.stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  pid_t pid = -1;
  const int spawned =
      posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (spawned != 0) {
    close(fds[0]);
    return absl::InternalError(
        absl::StrCat("cannot start ", args[0], ": errno ", spawned));
  }
  pid_ = pid;
  drain_ = std::thread([this, fd = fds[0]] { Drain(fd); });

  absl::MutexLock lock(&mutex_);
  auto announced_or_ended = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return ParsePort() || output_ended_;
  };
  mutex_.AwaitWithTimeout(absl::Condition(&announced_or_ended),
                          options.start_timeout);
  if (!ParsePort()) {
    if (output_ended_) {
      // Ended during start-up: collect it so exit_code() says how.
      int status = 0;
      if (waitpid(pid_, &status, 0) == pid_) {
        exit_code_ = ExitCodeOf(status);
        pid_ = -1;
      }
    }
    return absl::UnavailableError(
        absl::StrCat(args[0], " announced no port (\"", listening_line_,
                     "N\"); output:\n", output_));
  }
  return absl::OkStatus();
}

absl::Status ServerProcess::Start(std::vector<std::string> argv) {
  ServerProcessOptions options;
  options.argv = std::move(argv);
  return Start(options);
}

bool ServerProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  Collected(status);
  return false;
}

void ServerProcess::SendTerminate() {
  if (pid_ > 0) kill(pid_, SIGTERM);
}

int ServerProcess::WaitForExit() {
  if (pid_ <= 0) return exit_code_;
  int status = 0;
  waitpid(pid_, &status, 0);
  return Collected(status);
}

int ServerProcess::Collected(int status) {
  pid_ = -1;
  if (drain_.joinable()) drain_.join();  // The pipe ends with the process.
  exit_code_ = ExitCodeOf(status);
  return exit_code_;
}

bool ServerProcess::Kill() {
  return Stop(SIGKILL, absl::InfiniteDuration()) == -SIGKILL;
}

int ServerProcess::Terminate() {
  return Stop(SIGTERM, absl::InfiniteDuration());
}

int ServerProcess::Terminate(absl::Duration grace) {
  return Stop(SIGTERM, grace);
}

std::string ServerProcess::output() {
  absl::MutexLock lock(&mutex_);
  return output_;
}

int ServerProcess::Stop(int signal_number, absl::Duration grace) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal_number);
  int status = 0;
  if (grace == absl::InfiniteDuration()) {
    waitpid(pid_, &status, 0);
  } else {
    // Waits for a process, not for time to pass: polls until the deadline.
    const absl::Time deadline = absl::Now() + grace;
    while (waitpid(pid_, &status, WNOHANG) != pid_) {
      if (absl::Now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  return Collected(status);
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
  const size_t at = output_.find(listening_line_);
  if (at == std::string::npos) return false;
  const size_t begin = at + listening_line_.size();
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
