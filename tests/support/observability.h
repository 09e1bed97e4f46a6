// Test helpers for what a service shows an operator: an HTTP GET of a
// /metrics page, a value from Prometheus' text format, and stderr captured
// into a string (to check the JSON log lines) parsed into protobuf Structs
// by protobuf's own JSON parser.
#ifndef SGS_TESTS_SUPPORT_OBSERVABILITY_H_
#define SGS_TESTS_SUPPORT_OBSERVABILITY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/struct.pb.h"

namespace sgs::testing {

// GET http://127.0.0.1:<port><path>; the body of a 200 answer.
absl::StatusOr<std::string> HttpGet(int port, const std::string& path);

// The value of the sample `name` whose labels include all of `labels`
// (the sum when several match); -1 when none does.
double MetricValue(const std::string& exposition, const std::string& name,
                   const std::map<std::string, std::string>& labels = {});

// Redirects file descriptor 2 into a temporary file while alive.
class StderrCapture {
 public:
  StderrCapture();
  ~StderrCapture();
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;
  // Everything written so far (the capture goes on).
  std::string Text() const;

 private:
  std::string path_;
  int saved_fd_ = -1;
};

// Every line of `text` that is a JSON object, parsed; lines that start
// with '{' but do not parse are returned in `bad_lines`.
std::vector<google::protobuf::Struct> JsonLines(
    const std::string& text, std::vector<std::string>* bad_lines);

// A string field of a log line ("" when absent or not a string).
std::string Field(const google::protobuf::Struct& line, const std::string& key);

}  // namespace sgs::testing

#endif  // SGS_TESTS_SUPPORT_OBSERVABILITY_H_
