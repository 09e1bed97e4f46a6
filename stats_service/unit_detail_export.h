// 本单位迟报、漏报明细: for a period, one CSV per unit with late or missed
// records (UTF-8 with a BOM, opens in Excel), written next to the bulletin
// so the credit office can hand each named unit its list. Reads only
// through the stats service's public RPCs (GetPeriodReport for who has
// any, ListRecordTimeliness for the records), as any client could.
#ifndef SGS_STATS_SERVICE_UNIT_DETAIL_EXPORT_H_
#define SGS_STATS_SERVICE_UNIT_DETAIL_EXPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sgs/v1/stats_service.grpc.pb.h"

namespace sgs::stats {

struct UnitDetailOptions {
  std::string out_dir;
  // Sent as "authorization: Bearer" when not empty.
  std::string token;
  absl::Duration timeout = absl::Seconds(60);
};

// The CSV text of one unit's list (header + one row per record).
std::string UnitDetailCsv(
    const std::vector<sgs::v1::RecordTimeliness>& records);

// Writes "<单位名称>-迟报漏报明细-<period key>.csv" for every unit with late
// or missed records in `period`; returns the paths written.
absl::StatusOr<std::vector<std::string>> WriteUnitDetails(
    sgs::v1::StatsService::StubInterface* stub, const sgs::v1::Period& period,
    const UnitDetailOptions& options);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_UNIT_DETAIL_EXPORT_H_
