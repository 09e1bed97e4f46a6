// StatsServiceImpl::ListRecordTimeliness: one unit's records of a period
// one by one with their class, read through the ingest service's
// ListRecords and classified by record_timeliness.h. Paging: the list is
// recomputed per request (the service keeps no state) and the token is the
// offset into the filtered list, bound to the request it came from.
#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/rpc_answer.h"
#include "common/status_macros.h"
#include "stats_service/period.h"
#include "stats_service/record_timeliness.h"
#include "stats_service/stats_service_impl.h"

namespace sgs::stats {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

// What a page token is bound to: the same unit, period and filter.
std::string RequestFingerprint(const sgs::v1::ListRecordTimelinessRequest& r) {
  sgs::v1::ListRecordTimelinessRequest copy = r;
  copy.clear_page_token();
  copy.clear_page_size();
  std::string bytes;
  (void)copy.SerializeToString(&bytes);
  return absl::StrCat(std::hash<std::string>()(bytes));
}

}  // namespace

grpc::Status StatsServiceImpl::ListRecordTimeliness(
    grpc::ServerContext* context,
    const sgs::v1::ListRecordTimelinessRequest* request,
    sgs::v1::ListRecordTimelinessResponse* response) {
  return Answer([&]() -> absl::Status {
    absl::string_view unit = request->parent();
    if (!absl::ConsumePrefix(&unit, "units/") || unit.empty() ||
        absl::StrContains(unit, "/")) {
      return FieldError(
          "parent", "format",
          absl::StrCat("应为 units/{单位代码}: \"", request->parent(), "\""));
    }
    const std::string unit_code(unit);
    RETURN_IF_ERROR(Authorize(*context, unit_code));
    const std::shared_ptr<const StatsConfig> config = configs_->Get();
    if (config->registry().FindByCode(unit_code) == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("单位名录中没有该单位: ", unit_code));
    }
    ASSIGN_OR_RETURN(const ResolvedPeriod period,
                     ResolvePeriod(request->period()));
    if (request->page_size() < 0) {
      return FieldError("page_size", "range", "page_size 不能为负数");
    }
    const int page_size = request->page_size() == 0
                              ? kDefaultPageSize
                              : std::min(request->page_size(), kMaxPageSize);
    int64_t offset = 0;
    if (!request->page_token().empty()) {
      std::vector<std::string> parts =
          absl::StrSplit(request->page_token(), ':');
      if (parts.size() != 2 || parts[0] != RequestFingerprint(*request) ||
          !absl::SimpleAtoi(parts[1], &offset) || offset < 0) {
        return FieldError(
            "page_token", "invalid",
            "page_token 无效：须来自同一单位、周期和筛选条件的上一页响应");
      }
    }
    std::set<int> wanted;
    for (int c : request->classes()) {
      if (c == sgs::v1::TIMELINESS_CLASS_UNSPECIFIED ||
          !sgs::v1::TimelinessClass_IsValid(c)) {
        return FieldError("classes", "enum",
                          absl::StrCat("无效的时效类别: ", c));
      }
      wanted.insert(c);
    }

    // Decision dates never follow receipt dates, so on the decision basis
    // every record of the period was received on or after its start.
    const bool by_decision =
        period.period.date_basis() == sgs::v1::DECISION_DATE;
    std::unique_ptr<StatsDataSource> source = SourceFor(*context);
    ASSIGN_OR_RETURN(
        const std::vector<sgs::v1::Record> records,
        source->ListRecords(
            unit_code, period.start,
            by_decision ? absl::nullopt : absl::make_optional(period.end)));

    int64_t matched = 0;
    for (const sgs::v1::Record& record : records) {
      if (!RecordInPeriod(period, record)) continue;
      ASSIGN_OR_RETURN(
          sgs::v1::RecordTimeliness item,
          ClassifyRecord(record, config->classifier(), config->calendar()));
      switch (item.timeliness()) {
        case sgs::v1::ON_TIME:
          response->set_on_time_count(response->on_time_count() + 1);
          break;
        case sgs::v1::LATE:
          response->set_late_count(response->late_count() + 1);
          break;
        case sgs::v1::MISSED:
          response->set_missed_count(response->missed_count() + 1);
          break;
        default:
          response->set_calendar_unknown_count(
              response->calendar_unknown_count() + 1);
          break;
      }
      if (!wanted.empty() && wanted.count(item.timeliness()) == 0) continue;
      if (matched >= offset && matched < offset + page_size) {
        *response->add_records() = std::move(item);
      }
      ++matched;
    }
    response->set_total_size(matched);
    if (offset + page_size < matched) {
      response->set_next_page_token(
          absl::StrCat(RequestFingerprint(*request), ":", offset + page_size));
    }
    return absl::OkStatus();
  });
}

}  // namespace sgs::stats
