#include "common/logging.h"

#include <cmath>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace sgs {
namespace {

absl::Mutex logger_mutex(absl::kConstInit);

// The pattern puts time, level and service around the event's own JSON
// (%v), so each line is one JSON object.
std::shared_ptr<spdlog::logger> MakeLogger() {
  auto logger = std::make_shared<spdlog::logger>(
      "sgs", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("{\"time\":\"%Y-%m-%dT%H:%M:%S.%fZ\",\"level\":\"%l\"%v}",
                      spdlog::pattern_time_type::utc);
  logger->flush_on(spdlog::level::trace);  // a line is out once logged
  return logger;
}

std::shared_ptr<spdlog::logger>& Logger()
    ABSL_EXCLUSIVE_LOCKS_REQUIRED(logger_mutex) {
  static auto* logger = new std::shared_ptr<spdlog::logger>(MakeLogger());
  return *logger;
}

spdlog::level::level_enum ToSpdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarning:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
  }
  return spdlog::level::info;
}

}  // namespace

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through
        }
    }
  }
  out += "\"";
  return out;
}

LogFields& LogFields::Add(absl::string_view key, absl::string_view value) {
  absl::StrAppend(&json_, ",", JsonQuote(key), ":", JsonQuote(value));
  return *this;
}

LogFields& LogFields::Add(absl::string_view key, int64_t value) {
  absl::StrAppend(&json_, ",", JsonQuote(key), ":", value);
  return *this;
}

LogFields& LogFields::Add(absl::string_view key, double value) {
  if (!std::isfinite(value)) return Add(key, absl::string_view("NaN"));
  absl::StrAppend(&json_, ",", JsonQuote(key), ":",
                  absl::StrFormat("%.6f", value));
  return *this;
}

LogFields& LogFields::Add(absl::string_view key, bool value) {
  absl::StrAppend(&json_, ",", JsonQuote(key), ":", value ? "true" : "false");
  return *this;
}

absl::Status InitLogging(absl::string_view level) {
  const std::string name = absl::AsciiStrToLower(level);
  spdlog::level::level_enum threshold;
  if (name == "debug") {
    threshold = spdlog::level::debug;
  } else if (name == "info") {
    threshold = spdlog::level::info;
  } else if (name == "warning" || name == "warn") {
    threshold = spdlog::level::warn;
  } else if (name == "error") {
    threshold = spdlog::level::err;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_level: 未知的日志级别 \"", level,
                     "\"（可用 debug、info、warning、error）"));
  }
  std::shared_ptr<spdlog::logger> logger = MakeLogger();
  logger->set_level(threshold);
  absl::MutexLock lock(&logger_mutex);
  Logger() = std::move(logger);
  return absl::OkStatus();
}

void LogEvent(LogLevel level, absl::string_view service,
              absl::string_view event, const LogFields& fields) {
  std::shared_ptr<spdlog::logger> logger;
  {
    absl::MutexLock lock(&logger_mutex);
    logger = Logger();
  }
  const spdlog::level::level_enum spd_level = ToSpdlog(level);
  if (!logger->should_log(spd_level)) return;
  const std::string line =
      absl::StrCat(",\"service\":", JsonQuote(service),
                   ",\"event\":", JsonQuote(event), fields.json());
  logger->log(spd_level, "{}", line);
}

}  // namespace sgs
