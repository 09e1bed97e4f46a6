#include "tests/support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "tests/support/test_env.h"

extern char** environ;

namespace sgs::testing {
namespace {

constexpr char kListeningLine[] = "ingest_service listening on port ";

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
}

}  // namespace

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill();
  if (drain_.joinable()) drain_.join();
}

absl::Status ServerProcess::Start(const std::string& data_dir,
                                  const std::vector<std::string>& extra_args) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return absl::InternalError("pipe2");
  std::vector<std::string> args = {
      BinaryPath("ingest_service"),
      "--host=127.0.0.1",
      "--port=0",
      absl::StrCat("--data_dir=", data_dir),
      absl::StrCat("--registry=", SourcePath("config/registry.textproto")),
      "--dev_no_auth",
  };
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // posix_spawn, not fork: this process runs gRPC threads.
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

  bool announced = false;
  {
    absl::MutexLock lock(&mutex_);
    auto announced_or_ended = [this]() {
      mutex_.AssertReaderHeld();
      return ParsePort() || output_ended_;
    };
    mutex_.AwaitWithTimeout(absl::Condition(&announced_or_ended),
                            absl::Seconds(30));
    announced = ParsePort();
  }
  if (!announced) {
    exit_code_ = WaitForExit();
    return absl::UnavailableError(
        absl::StrCat("ingest_service announced no port (exit ", exit_code_,
                     "); its output:\n", output()));
  }
  return absl::OkStatus();
}

std::unique_ptr<sgs::v1::IngestService::Stub> ServerProcess::NewStub() const {
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_),
                                     grpc::InsecureChannelCredentials());
  channel->WaitForConnected(
      absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  return sgs::v1::IngestService::NewStub(channel);
}

bool ServerProcess::Kill() {
  if (pid_ <= 0) return false;
  kill(pid_, SIGKILL);
  return WaitForExit() == -SIGKILL;
}

int ServerProcess::Terminate() {
  SendTerminate();
  return WaitForExit();
}

void ServerProcess::SendTerminate() {
  if (pid_ > 0) kill(pid_, SIGTERM);
}

int ServerProcess::WaitForExit() {
  if (pid_ <= 0) return exit_code_;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (drain_.joinable()) drain_.join();  // The pipe ends with the process.
  exit_code_ = ExitCodeOf(status);
  return exit_code_;
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
  const size_t at = output_.find(kListeningLine);
  if (at == std::string::npos) return false;
  const size_t begin = at + sizeof(kListeningLine) - 1;
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
