// The statistics behind the bulletin: per unit and period, licensing,
// penalty and total counts, late (迟报) / missed (漏报) / qualified (合格)
// counts and rates (also split by kind), concealment risks, confirmed
// concealments (spot-check findings) and valid objections; the department
// table (Attachment 1) and the township table (Attachment 2) with totals.
//
// Classification happens here, at computation time, with the calendar and
// policy in force: storage holds only per-day counts (DailyAggregate), so a
// corrected or newly announced calendar applies to past data at once.
// Records whose classification needs a year the calendar does not know are
// counted apart (unclassified_count, missing_calendar_years), never guessed.
//
// Placement in a period: records by the period's date basis (receipt date
// by default, as the bulletin counts); valid objections by the UTC+8 date
// of their resolve_time when UPHELD; spot-check findings by found_date.
//
// The calculator reads through StatsDataSource, so it is tested with
// in-memory data; the service implements that interface over the ingest
// service's RPCs.
#ifndef SGS_STATS_SERVICE_CALCULATOR_H_
#define SGS_STATS_SERVICE_CALCULATOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "common/calendar.h"
#include "common/timeliness.h"
#include "sgs/v1/ingest_service.pb.h"
#include "sgs/v1/stats_service.pb.h"
#include "stats_service/aggregate_columns.h"
#include "stats_service/period.h"

namespace sgs::stats {

// The reads the statistics need (IngestService's internal read path).
class StatsDataSource {
 public:
  virtual ~StatsDataSource() = default;
  // Every aggregate whose date on `basis` lies in [start, end];
  // unit_code "" means every unit.
  virtual absl::StatusOr<std::vector<sgs::v1::DailyAggregate>>
  ListDailyAggregates(const std::string& unit_code, sgs::v1::DateBasis basis,
                      absl::CivilDay start, absl::CivilDay end) = 0;
  // The same aggregates, handed to `visit` page by page as packed columns,
  // so a report holds one page, not the period (memory independent of the
  // data's size). By default one page made from ListDailyAggregates; the
  // ingest source pages the COLUMNS view.
  virtual absl::Status ScanDailyAggregates(const std::string& unit_code,
                                           sgs::v1::DateBasis basis,
                                           absl::CivilDay start,
                                           absl::CivilDay end,
                                           const AggregatePageVisitor& visit);
  // The same range counted per unit and kind where the data is, by
  // `deadlines` (sgs.v1.DeadlineTable: the receipt deadlines this
  // calculator computed): `tallies` gets the counted units page by page,
  // `rows` the rows the table did not cover, for the caller to classify.
  // By default every row goes to `rows` (ScanDailyAggregates).
  virtual absl::Status ScanClassifiedAggregates(
      const std::string& unit_code, sgs::v1::DateBasis basis,
      absl::CivilDay start, absl::CivilDay end,
      const sgs::v1::DeadlineTable& deadlines, const UnitTallyVisitor& tallies,
      const AggregatePageVisitor& rows);
  // How many ScanClassifiedAggregates calls over disjoint ranges may run at
  // once (from different threads). 1: the source is not thread-safe.
  virtual int ConcurrentScans() const { return 1; }
  // Objections of every unit resolved (UTC+8) in [start, end]; the
  // calculator keeps the upheld ones. Their texts may be left out.
  virtual absl::StatusOr<std::vector<sgs::v1::Objection>> ListObjections(
      absl::CivilDay start, absl::CivilDay end) = 0;
  // Findings with found_date in [start, end], every unit.
  virtual absl::StatusOr<std::vector<sgs::v1::SpotCheckFinding>>
  ListSpotCheckFindings(absl::CivilDay start, absl::CivilDay end) = 0;
  // The registry the records were validated against.
  virtual absl::StatusOr<std::vector<sgs::v1::Unit>> ListUnits() = 0;
  // One unit's records with receipt date in [start, end] (end unbounded
  // when absl::nullopt), in the ingest service's order. Only the
  // per-record list needs it; sources that cannot list records say so.
  virtual absl::StatusOr<std::vector<sgs::v1::Record>> ListRecords(
      const std::string& unit_code, absl::CivilDay start,
      absl::optional<absl::CivilDay> end) {
    (void)unit_code;
    (void)start;
    (void)end;
    return absl::UnimplementedError("this data source lists no records");
  }
};

// Everything one period's figures are computed from.
struct PeriodInputs {
  std::vector<sgs::v1::Unit> units;
  std::vector<sgs::v1::DailyAggregate> aggregates;
  std::vector<sgs::v1::Objection> objections;
  std::vector<sgs::v1::SpotCheckFinding> findings;
};

// Reads a period's inputs (unit_code "" = every unit).
absl::StatusOr<PeriodInputs> FetchPeriodInputs(StatsDataSource& source,
                                               const ResolvedPeriod& period,
                                               const std::string& unit_code);
// The same without the aggregates (left empty): units, objections and
// findings, for a report that streams the aggregates instead.
absl::StatusOr<PeriodInputs> FetchPeriodSideInputs(
    StatsDataSource& source, const ResolvedPeriod& period,
    const std::string& unit_code);

// Spot-check findings of the period (found_date inside it), in the order
// given; findings with an unparsable found_date are skipped.
std::vector<sgs::v1::SpotCheckFinding> FindingsInPeriod(
    const ResolvedPeriod& period,
    const std::vector<sgs::v1::SpotCheckFinding>& findings);

class StatsCalculator {
 public:
  // Both must outlive the calculator; `classifier` uses `calendar`, which
  // also names the years missing from it.
  StatsCalculator(const WorkingCalendar* calendar,
                  const TimelinessClassifier* classifier)
      : calendar_(calendar), classifier_(classifier) {}

  // The bulletin's tables. Departments: record count descending, ties in
  // registry display order. Townships: registry display order, as
  // Attachment 2 prints them. Every registered unit is listed. Records of a
  // unit code the registry does not list (only possible if a unit was
  // removed from the registry after reporting) are listed as extra
  // department rows named by their code rather than dropped.
  absl::StatusOr<sgs::v1::PeriodReport> ComputeReport(
      const ResolvedPeriod& period, const PeriodInputs& inputs) const;

  // One unit's figures; kNotFound for a code not among inputs.units.
  absl::StatusOr<sgs::v1::UnitStats> ComputeUnitStats(
      const ResolvedPeriod& period, const std::string& unit_code,
      const PeriodInputs& inputs) const;

  // Fetch + compute; the aggregates are counted page by page as they
  // arrive (ScanDailyAggregates), never held together.
  absl::StatusOr<sgs::v1::PeriodReport> ReportFor(
      StatsDataSource& source, const sgs::v1::Period& period) const;
  // The same for only `unit_codes`, each read as its own range (cheaper
  // than the whole period when they are few): the report lists only those
  // of them the registry holds, and its total rows count only them.
  absl::StatusOr<sgs::v1::PeriodReport> ReportForUnits(
      StatsDataSource& source, const sgs::v1::Period& period,
      const std::vector<std::string>& unit_codes) const;
  absl::StatusOr<sgs::v1::UnitStats> UnitStatsFor(
      StatsDataSource& source, const std::string& unit_code,
      const sgs::v1::Period& period) const;

 private:
  const WorkingCalendar* calendar_;
  const TimelinessClassifier* classifier_;
};

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_CALCULATOR_H_
