// Per-record timeliness (逐条时效): for each record of a unit in a period,
// its deadline, the days it took and its class, classified by the same
// TimelinessClassifier the reports use, so the counts of the list equal
// GetUnitStats for the same unit and period (least-calendar rule included:
// see TimelinessClassifier::Classify).
#ifndef SGS_STATS_SERVICE_RECORD_TIMELINESS_H_
#define SGS_STATS_SERVICE_RECORD_TIMELINESS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/calendar.h"
#include "common/timeliness.h"
#include "sgs/v1/record.pb.h"
#include "sgs/v1/stats_service.pb.h"
#include "stats_service/period.h"

namespace sgs::stats {

// One record's timeliness. Errors only for a record whose dates cannot be
// read (a store bug, INTERNAL); an unknown calendar year is a class.
absl::StatusOr<sgs::v1::RecordTimeliness> ClassifyRecord(
    const sgs::v1::Record& record, const TimelinessClassifier& classifier,
    const WorkingCalendar& calendar);

// Whether `record` belongs to `period` on its date basis.
bool RecordInPeriod(const ResolvedPeriod& period,
                    const sgs::v1::Record& record);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_RECORD_TIMELINESS_H_
