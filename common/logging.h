// One structured-logging facility for every service: JSON lines on stderr,
// one object per event, written through spdlog (Debian's libspdlog-dev:
// thread-safe sinks, level filtering, UTC timestamps) so that concurrent
// calls never interleave within a line. Every line carries "time" (RFC 3339,
// UTC, microseconds), "level", "service" and "event"; the event adds its own
// fields (LogFields). Values are JSON-escaped here; secrets never go in.
#ifndef SGS_COMMON_LOGGING_H_
#define SGS_COMMON_LOGGING_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sgs {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// The fields of one event, in the order added.
class LogFields {
 public:
  LogFields& Add(absl::string_view key, absl::string_view value);
  LogFields& Add(absl::string_view key, const char* value) {
    return Add(key, absl::string_view(value));
  }
  LogFields& Add(absl::string_view key, const std::string& value) {
    return Add(key, absl::string_view(value));
  }
  LogFields& Add(absl::string_view key, int64_t value);
  LogFields& Add(absl::string_view key, int value) {
    return Add(key, static_cast<int64_t>(value));
  }
  LogFields& Add(absl::string_view key, double value);
  LogFields& Add(absl::string_view key, bool value);
  // Adds every field of `other` after these.
  LogFields& Append(const LogFields& other) {
    json_ += other.json_;
    return *this;
  }
  // ",\"k\":v..." (empty when no fields).
  const std::string& json() const { return json_; }

 private:
  std::string json_;
};

// Sets the lowest level written ("debug", "info", "warning", "error";
// INVALID_ARGUMENT naming the --log_level flag otherwise). Until called,
// info and above.
absl::Status InitLogging(absl::string_view level);

// Writes one event line of `service` (when `level` is at or above the
// configured one).
void LogEvent(LogLevel level, absl::string_view service,
              absl::string_view event, const LogFields& fields = LogFields());

// The JSON string literal of `text` (quotes included).
std::string JsonQuote(absl::string_view text);

}  // namespace sgs

#endif  // SGS_COMMON_LOGGING_H_
