// Test helper: an in-memory StatsDataSource that answers like the ingest
// service (aggregates filtered by unit, date basis and range; findings by
// found_date), so the calculator and the service logic are tested without
// a server.
#ifndef SGS_TESTS_STATS_SERVICE_FAKE_SOURCE_H_
#define SGS_TESTS_STATS_SERVICE_FAKE_SOURCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/dates.h"
#include "stats_service/calculator.h"

namespace sgs::testing {

class FakeStatsSource : public stats::StatsDataSource {
 public:
  std::vector<sgs::v1::Unit> units;
  std::vector<sgs::v1::DailyAggregate> aggregates;
  std::vector<sgs::v1::Objection> objections;
  std::vector<sgs::v1::SpotCheckFinding> findings;
  // When not OK, every call fails with it (an unreachable ingest service).
  absl::Status failure;

  absl::StatusOr<std::vector<sgs::v1::DailyAggregate>> ListDailyAggregates(
      const std::string& unit_code, sgs::v1::DateBasis basis,
      absl::CivilDay start, absl::CivilDay end) override {
    if (!failure.ok()) return failure;
    std::vector<sgs::v1::DailyAggregate> out;
    for (const auto& aggregate : aggregates) {
      if (!unit_code.empty() && aggregate.unit_code() != unit_code) continue;
      auto day =
          ParseDate(basis == sgs::v1::DECISION_DATE ? aggregate.decision_date()
                                                    : aggregate.receipt_date());
      if (day.ok() && *day >= start && *day <= end) out.push_back(aggregate);
    }
    return out;
  }
  // Every objection: the calculator keeps those upheld in the period.
  absl::StatusOr<std::vector<sgs::v1::Objection>> ListObjections(
      absl::CivilDay /*start*/, absl::CivilDay /*end*/) override {
    if (!failure.ok()) return failure;
    return objections;
  }
  absl::StatusOr<std::vector<sgs::v1::SpotCheckFinding>> ListSpotCheckFindings(
      absl::CivilDay start, absl::CivilDay end) override {
    if (!failure.ok()) return failure;
    std::vector<sgs::v1::SpotCheckFinding> out;
    for (const auto& finding : findings) {
      auto day = ParseDate(finding.found_date());
      if (day.ok() && *day >= start && *day <= end) out.push_back(finding);
    }
    return out;
  }
  absl::StatusOr<std::vector<sgs::v1::Unit>> ListUnits() override {
    if (!failure.ok()) return failure;
    return units;
  }

  void AddAggregate(const std::string& unit_code, const std::string& receipt,
                    const std::string& decision, sgs::v1::RecordKind kind,
                    int64_t count, int64_t concealment_risk = 0) {
    sgs::v1::DailyAggregate aggregate;
    aggregate.set_unit_code(unit_code);
    aggregate.set_receipt_date(receipt);
    aggregate.set_decision_date(decision);
    aggregate.set_kind(kind);
    aggregate.set_record_count(count);
    aggregate.set_concealment_risk_count(concealment_risk);
    aggregates.push_back(aggregate);
  }
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_STATS_SERVICE_FAKE_SOURCE_H_
