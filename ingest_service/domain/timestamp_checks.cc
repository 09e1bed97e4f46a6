#include "ingest_service/domain/timestamp_checks.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"

namespace sgs::ingest {
namespace {

// google.protobuf.Timestamp's documented range.
constexpr int64_t kMinProtoSeconds = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxProtoSeconds = 253402300799;  // 9999-12-31T23:59:59Z

}  // namespace

absl::optional<absl::Time> CheckTimestamp(
    const google::protobuf::Timestamp& time, absl::Time now,
    absl::string_view field, absl::string_view future_message,
    FieldViolations* violations) {
  if (time.nanos() < 0 || time.nanos() > 999999999) {
    violations->Add(
        absl::StrCat(field, ".nanos"), "timestamp_nanos",
        absl::StrCat("nanos 应在 0 至 999999999 之间，收到 ", time.nanos()));
    return absl::nullopt;
  }
  if (time.seconds() < kMinProtoSeconds || time.seconds() > kMaxProtoSeconds) {
    violations->Add(field, "timestamp_range",
                    absl::StrCat("seconds = ", time.seconds(),
                                 " 超出 google.protobuf.Timestamp 的有效范围"
                                 "（0001-01-01 至 9999-12-31）"));
    return absl::nullopt;
  }
  const absl::Time instant =
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  if (time.seconds() < kEarliestPlausibleUnixSeconds) {
    violations->Add(
        field, "timestamp_range",
        absl::StrCat(FormatDate(ChinaDate(instant)),
                     " 早于 2000-01-01（北京时间），不是可信的业务时间"));
    return absl::nullopt;
  }
  if (instant > now) {
    violations->Add(field, "date_in_future", future_message);
    return absl::nullopt;
  }
  return instant;
}

}  // namespace sgs::ingest
