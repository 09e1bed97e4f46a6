#include "tests/support/observability.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"

namespace sgs::testing {

absl::StatusOr<std::string> HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("connect to port ", port));
  }
  const std::string request =
      absl::StrCat("GET ", path,
                   " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  if (write(fd, request.data(), request.size()) !=
      static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::InternalError("write");
  }
  std::string response;
  char buffer[8192];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (body == std::string::npos) return absl::InternalError("no HTTP header");
  if (!absl::StartsWith(response, "HTTP/1.1 200") &&
      !absl::StartsWith(response, "HTTP/1.0 200")) {
    return absl::InternalError(response.substr(0, body));
  }
  return response.substr(body + 4);
}

double MetricValue(const std::string& exposition, const std::string& name,
                   const std::map<std::string, std::string>& labels) {
  double sum = 0;
  bool found = false;
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const size_t brace = line.find('{');
    const size_t space = line.rfind(' ');
    if (space == absl::string_view::npos) continue;
    absl::string_view sample_name =
        line.substr(0, std::min(brace, line.find(' ')));
    if (sample_name != name) continue;
    std::map<std::string, std::string> sample_labels;
    if (brace != absl::string_view::npos) {
      absl::string_view inside =
          line.substr(brace + 1, line.rfind('}') - brace - 1);
      for (absl::string_view pair : absl::StrSplit(inside, "\",")) {
        std::pair<std::string, std::string> kv =
            absl::StrSplit(pair, absl::MaxSplits("=\"", 1));
        std::string value = kv.second;
        if (absl::EndsWith(value, "\"")) value.pop_back();
        sample_labels[kv.first] = value;
      }
    }
    bool match = true;
    for (const auto& [key, value] : labels) {
      auto it = sample_labels.find(key);
      if (it == sample_labels.end() || it->second != value) match = false;
    }
    if (!match) continue;
    double value = 0;
    if (!absl::SimpleAtod(line.substr(space + 1), &value)) continue;
    sum += value;
    found = true;
  }
  return found ? sum : -1;
}

StderrCapture::StderrCapture() {
  char pattern[] = "/tmp/sgs-stderr-XXXXXX";
  const int fd = mkstemp(pattern);
  path_ = pattern;
  fflush(stderr);
  saved_fd_ = dup(2);
  dup2(fd, 2);
  close(fd);
}

StderrCapture::~StderrCapture() {
  fflush(stderr);
  dup2(saved_fd_, 2);
  close(saved_fd_);
  std::remove(path_.c_str());
}

std::string StderrCapture::Text() const {
  fflush(stderr);
  std::ifstream in(path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<google::protobuf::Struct> JsonLines(
    const std::string& text, std::vector<std::string>* bad_lines) {
  std::vector<google::protobuf::Struct> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::StartsWith(line, "{")) continue;
    google::protobuf::Struct parsed;
    if (google::protobuf::util::JsonStringToMessage(std::string(line), &parsed)
            .ok()) {
      lines.push_back(std::move(parsed));
    } else if (bad_lines != nullptr) {
      bad_lines->push_back(std::string(line));
    }
  }
  return lines;
}

std::string Field(const google::protobuf::Struct& line,
                  const std::string& key) {
  auto it = line.fields().find(key);
  if (it == line.fields().end() || !it->second.has_string_value()) return "";
  return it->second.string_value();
}

}  // namespace sgs::testing
