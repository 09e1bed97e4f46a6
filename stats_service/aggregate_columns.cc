#include "stats_service/aggregate_columns.h"

#include <string>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "common/dates.h"

namespace sgs::stats {

absl::Status CheckColumns(const sgs::v1::DailyAggregateColumns& columns) {
  const int rows = columns.unit_index_size();
  if (columns.receipt_date_size() != rows ||
      columns.decision_date_size() != rows || columns.kind_size() != rows ||
      columns.record_count_size() != rows ||
      columns.concealment_risk_count_size() != rows) {
    return absl::InternalError(
        "归集服务返回的日汇总数据有误 (ingest returned daily aggregate "
        "columns of different lengths)");
  }
  for (const uint32_t index : columns.unit_index()) {
    if (index >= static_cast<uint32_t>(columns.unit_codes_size())) {
      return absl::InternalError(absl::StrCat(
          "归集服务返回的日汇总数据有误 (ingest returned a unit_index ", index,
          " past its ", columns.unit_codes_size(), " unit codes)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<sgs::v1::DailyAggregateColumns> AggregatesToColumns(
    const std::vector<sgs::v1::DailyAggregate>& aggregates) {
  sgs::v1::DailyAggregateColumns columns;
  std::unordered_map<std::string, uint32_t> unit_index;
  for (const sgs::v1::DailyAggregate& aggregate : aggregates) {
    uint32_t dates[2];
    const std::string* texts[2] = {&aggregate.receipt_date(),
                                   &aggregate.decision_date()};
    for (int i = 0; i < 2; ++i) {
      absl::StatusOr<absl::CivilDay> day = ParseDate(*texts[i]);
      if (!day.ok()) {
        return absl::InternalError(absl::StrCat(
            "归集服务返回的日汇总数据有误 (ingest returned a daily "
            "aggregate of unit ",
            aggregate.unit_code(), " with a bad ",
            i == 0 ? "receipt_date" : "decision_date",
            "): ", day.status().message()));
      }
      dates[i] = DateNumber(*day);
    }
    auto [it, inserted] = unit_index.try_emplace(
        aggregate.unit_code(), static_cast<uint32_t>(unit_index.size()));
    if (inserted) columns.add_unit_codes(aggregate.unit_code());
    columns.add_unit_index(it->second);
    columns.add_receipt_date(dates[0]);
    columns.add_decision_date(dates[1]);
    columns.add_kind(aggregate.kind());
    columns.add_record_count(aggregate.record_count());
    columns.add_concealment_risk_count(aggregate.concealment_risk_count());
  }
  return columns;
}

absl::optional<absl::CivilDay> DayOfNumber(uint32_t number) {
  const absl::CivilDay day = DateFromNumber(number);
  if (DateNumber(day) != number) return absl::nullopt;
  return day;
}

}  // namespace sgs::stats
