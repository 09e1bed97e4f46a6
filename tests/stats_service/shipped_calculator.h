// Test helper: the stats calculator as the service builds it from what
// the repo ships (config/calendar.textproto and the default timeliness
// policy), for tests that compute reports without a stats server.
// Header-only: the stats tests link sgs_stats themselves (sgs_test_support
// links only the ingest side).
#ifndef SGS_TESTS_STATS_SERVICE_SHIPPED_CALCULATOR_H_
#define SGS_TESTS_STATS_SERVICE_SHIPPED_CALCULATOR_H_

#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "common/calendar.h"
#include "common/timeliness.h"
#include "stats_service/calculator.h"
#include "tests/support/test_env.h"

namespace sgs::testing {

// Owns the calendar and the classifier the calculator points into, so it
// neither moves nor copies.
class ShippedCalculator {
 public:
  static absl::StatusOr<std::unique_ptr<ShippedCalculator>> Create() {
    absl::StatusOr<WorkingCalendar> calendar =
        WorkingCalendar::LoadFromFile(SourcePath("config/calendar.textproto"));
    if (!calendar.ok()) return calendar.status();
    auto shipped = std::unique_ptr<ShippedCalculator>(
        new ShippedCalculator(*std::move(calendar)));
    absl::StatusOr<TimelinessClassifier> classifier =
        TimelinessClassifier::Create(TimelinessClassifier::DefaultPolicy(),
                                     &shipped->calendar_);
    if (!classifier.ok()) return classifier.status();
    shipped->classifier_ =
        std::make_unique<TimelinessClassifier>(*std::move(classifier));
    shipped->calculator_ = std::make_unique<stats::StatsCalculator>(
        &shipped->calendar_, shipped->classifier_.get());
    return shipped;
  }
  ShippedCalculator(const ShippedCalculator&) = delete;
  ShippedCalculator& operator=(const ShippedCalculator&) = delete;

  stats::StatsCalculator* get() const { return calculator_.get(); }

 private:
  explicit ShippedCalculator(WorkingCalendar calendar)
      : calendar_(std::move(calendar)) {}

  WorkingCalendar calendar_;
  std::unique_ptr<TimelinessClassifier> classifier_;
  std::unique_ptr<stats::StatsCalculator> calculator_;
};

}  // namespace sgs::testing

#endif  // SGS_TESTS_STATS_SERVICE_SHIPPED_CALCULATOR_H_
