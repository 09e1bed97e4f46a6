#include "stats_service/calculator.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/dates.h"
#include "stats_service/rates.h"

namespace sgs::stats {
namespace {

using ::sgs::v1::DailyAggregate;
using ::sgs::v1::Unit;
using ::sgs::v1::UnitKind;
using ::sgs::v1::UnitStats;

constexpr char kDepartmentTotalName[] = "部门总计";
constexpr char kTownshipTotalName[] = "乡镇总计";
constexpr char kDistrictTotalName[] = "全区合计";

// Classified counts of one kind of record.
struct Counts {
  int64_t total = 0;
  int64_t late = 0;
  int64_t missed = 0;

  void Add(const Counts& other) {
    total += other.total;
    late += other.late;
    missed += other.missed;
  }
};

// Everything counted for one unit (or a total row).
struct Tally {
  Counts licensing;
  Counts penalty;
  int64_t concealment_risk = 0;
  int64_t confirmed_concealment = 0;
  int64_t valid_objections = 0;
  int64_t unclassified = 0;

  void Add(const Tally& other) {
    licensing.Add(other.licensing);
    penalty.Add(other.penalty);
    concealment_risk += other.concealment_risk;
    confirmed_concealment += other.confirmed_concealment;
    valid_objections += other.valid_objections;
    unclassified += other.unclassified;
  }
};

sgs::v1::TimelinessCounts ToTimelinessCounts(const Counts& counts) {
  sgs::v1::TimelinessCounts out;
  const int64_t qualified = counts.total - counts.late - counts.missed;
  out.set_total_count(counts.total);
  out.set_late_count(counts.late);
  out.set_missed_count(counts.missed);
  out.set_qualified_count(qualified);
  *out.mutable_late_rate() = MakeRate(counts.late, counts.total);
  *out.mutable_missed_rate() = MakeRate(counts.missed, counts.total);
  *out.mutable_pass_rate() = MakeRate(qualified, counts.total);
  return out;
}

UnitStats ToUnitStats(const std::string& code, const std::string& name,
                      UnitKind kind, const Tally& tally) {
  UnitStats stats;
  stats.set_unit_code(code);
  stats.set_unit_name(name);
  stats.set_unit_kind(kind);
  Counts all = tally.licensing;
  all.Add(tally.penalty);
  stats.set_licensing_count(tally.licensing.total);
  stats.set_penalty_count(tally.penalty.total);
  *stats.mutable_all() = ToTimelinessCounts(all);
  *stats.mutable_licensing() = ToTimelinessCounts(tally.licensing);
  *stats.mutable_penalty() = ToTimelinessCounts(tally.penalty);
  stats.set_no_records(all.total == 0 && tally.unclassified == 0);
  stats.set_concealment_risk_count(tally.concealment_risk);
  stats.set_confirmed_concealment_count(tally.confirmed_concealment);
  stats.set_valid_objection_count(tally.valid_objections);
  stats.set_unclassified_count(tally.unclassified);
  return stats;
}

bool InPeriod(const ResolvedPeriod& period, absl::CivilDay day) {
  return day >= period.start && day <= period.end;
}

// Counts of every unit, keyed by unit code, page of aggregates by page;
// `missing_years` collects the calendar years that prevented
// classification.
class Tallier {
 public:
  Tallier(const WorkingCalendar* calendar,
          const TimelinessClassifier* classifier, const ResolvedPeriod* period,
          std::map<std::string, Tally>* tallies, std::set<int>* missing_years)
      : calendar_(calendar),
        classifier_(classifier),
        period_(period),
        period_start_(DateNumber(period->start)),
        period_end_(DateNumber(period->end)),
        tallies_(tallies),
        missing_years_(missing_years) {}

  absl::Status Run(const PeriodInputs& inputs) {
    absl::StatusOr<sgs::v1::DailyAggregateColumns> columns =
        AggregatesToColumns(inputs.aggregates);
    if (!columns.ok()) return columns.status();
    if (absl::Status status = AddColumns(*columns); !status.ok()) {
      return status;
    }
    AddSideInputs(inputs);
    return absl::OkStatus();
  }

  // One page of aggregates.
  absl::Status AddColumns(const sgs::v1::DailyAggregateColumns& columns) {
    if (absl::Status checked = CheckColumns(columns); !checked.ok()) {
      return checked;
    }
    // A unit's tally is looked up once per page, and only once it counts
    // (a unit with nothing in the period gets no row of its own).
    std::vector<Tally*> unit_tallies(columns.unit_codes_size(), nullptr);
    const bool by_decision =
        period_->period.date_basis() == sgs::v1::DECISION_DATE;
    for (int row = 0; row < columns.unit_index_size(); ++row) {
      const uint32_t receipt = columns.receipt_date(row);
      const uint32_t decision = columns.decision_date(row);
      // CheckColumns has bounded every index by unit_codes_size(), an int.
      const int unit = static_cast<int>(columns.unit_index(row));
      if (!DayOfNumber(receipt).has_value() ||
          !DayOfNumber(decision).has_value()) {
        return absl::InternalError(absl::StrCat(
            "归集服务返回的日汇总数据有误 (ingest returned a daily aggregate "
            "of unit ",
            columns.unit_codes(unit), " with a bad ",
            DayOfNumber(receipt).has_value() ? "decision_date" : "receipt_date",
            ": ", DayOfNumber(receipt).has_value() ? decision : receipt, ")"));
      }
      // The source is asked for the period only; checking again keeps a
      // report right even if a source returns more.
      const uint32_t placed = by_decision ? decision : receipt;
      if (placed < period_start_ || placed > period_end_) continue;
      const int64_t count = columns.record_count(row);
      if (count <= 0) continue;

      Tally*& tally = unit_tallies[unit];
      if (tally == nullptr) tally = &(*tallies_)[columns.unit_codes(unit)];
      tally->concealment_risk += columns.concealment_risk_count(row);
      const absl::StatusOr<Timeliness>& timeliness =
          Classify(decision, receipt);
      if (!timeliness.ok()) {
        const absl::CivilDay decided = DateFromNumber(decision);
        const absl::CivilDay received = DateFromNumber(receipt);
        if (!WorkingCalendar::IsCalendarUnknown(timeliness.status())) {
          return absl::InternalError(absl::StrCat(
              "无法判定记录时效 (cannot classify unit ",
              columns.unit_codes(unit), " decided ", FormatDate(decided),
              " received ", FormatDate(received),
              "): ", timeliness.status().message()));
        }
        tally->unclassified += count;
        NoteMissingYears(decided, received);
        continue;
      }
      Counts& counts = columns.kind(row) == sgs::v1::PENALTY ? tally->penalty
                                                             : tally->licensing;
      counts.total += count;
      if (*timeliness == Timeliness::kLate) {
        counts.late += count;
      } else if (*timeliness == Timeliness::kMissed) {
        counts.missed += count;
      }
    }
    return absl::OkStatus();
  }

  // Counts the ingest service made with this calculator's deadlines
  // (ScanClassifiedAggregates); a unit without records gets no row, as in
  // AddColumns.
  void AddUnitTallies(
      const google::protobuf::RepeatedPtrField<sgs::v1::UnitTally>& tallies) {
    for (const sgs::v1::UnitTally& unit : tallies) {
      if (unit.record_count() <= 0) continue;
      Tally& tally = (*tallies_)[unit.unit_code()];
      tally.concealment_risk += unit.concealment_risk_count();
      Counts& counts =
          unit.kind() == sgs::v1::PENALTY ? tally.penalty : tally.licensing;
      counts.total += unit.record_count();
      counts.late += unit.late_count();
      counts.missed += unit.missed_count();
    }
  }

  // Valid objections and confirmed concealments of the period.
  void AddSideInputs(const PeriodInputs& inputs) {
    for (const sgs::v1::Objection& objection : inputs.objections) {
      if (objection.outcome() != sgs::v1::UPHELD ||
          !objection.has_resolve_time()) {
        continue;
      }
      const absl::Time resolved =
          absl::FromUnixSeconds(objection.resolve_time().seconds()) +
          absl::Nanoseconds(objection.resolve_time().nanos());
      if (!InPeriod(*period_, ChinaDate(resolved))) continue;
      (*tallies_)[objection.unit_code()].valid_objections += 1;
    }
    for (const sgs::v1::SpotCheckFinding& finding :
         FindingsInPeriod(*period_, inputs.findings)) {
      (*tallies_)[finding.unit_code()].confirmed_concealment += 1;
    }
  }

 private:
  // Many aggregates share a (decision date, receipt date) pair: units,
  // kinds and the same days repeat, so a year's table classifies each pair
  // once.
  const absl::StatusOr<Timeliness>& Classify(uint32_t decision,
                                             uint32_t receipt) {
    const uint64_t key = (static_cast<uint64_t>(decision) << 32) | receipt;
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      it = cache_
               .emplace(key, classifier_->Classify(DateFromNumber(decision),
                                                   DateFromNumber(receipt)))
               .first;
    }
    return it->second;
  }

  // Classify walks the days after the decision up to the receipt; the
  // years it could not look up are the unknown ones in that span.
  void NoteMissingYears(absl::CivilDay decision, absl::CivilDay receipt) {
    std::set<int>* missing_years = missing_years_;
    bool found = false;
    for (int64_t year = decision.year(); year <= receipt.year(); ++year) {
      if (!calendar_->KnowsYear(static_cast<int>(year))) {
        missing_years->insert(static_cast<int>(year));
        found = true;
      }
    }
    // Not expected with the current classifier, but a rule that looked
    // past the receipt could only have needed the following year.
    if (!found) missing_years->insert(static_cast<int>(receipt.year() + 1));
  }

  const WorkingCalendar* calendar_;
  const TimelinessClassifier* classifier_;
  const ResolvedPeriod* period_;
  const uint32_t period_start_;
  const uint32_t period_end_;
  std::map<std::string, Tally>* tallies_;
  std::set<int>* missing_years_;
  std::unordered_map<uint64_t, absl::StatusOr<Timeliness>> cache_;
};

bool UnitOrder(const Unit& a, const Unit& b) {
  if (a.kind() != b.kind()) return a.kind() < b.kind();
  if (a.display_order() != b.display_order()) {
    return a.display_order() < b.display_order();
  }
  return a.code() < b.code();
}

}  // namespace

std::vector<sgs::v1::SpotCheckFinding> FindingsInPeriod(
    const ResolvedPeriod& period,
    const std::vector<sgs::v1::SpotCheckFinding>& findings) {
  std::vector<sgs::v1::SpotCheckFinding> in_period;
  for (const sgs::v1::SpotCheckFinding& finding : findings) {
    absl::StatusOr<absl::CivilDay> found = ParseDate(finding.found_date());
    if (found.ok() && InPeriod(period, *found)) in_period.push_back(finding);
  }
  return in_period;
}

absl::Status StatsDataSource::ScanClassifiedAggregates(
    const std::string& unit_code, sgs::v1::DateBasis basis,
    absl::CivilDay start, absl::CivilDay end,
    const sgs::v1::DeadlineTable& deadlines, const UnitTallyVisitor& tallies,
    const AggregatePageVisitor& rows) {
  (void)deadlines;
  (void)tallies;
  return ScanDailyAggregates(unit_code, basis, start, end, rows);
}

absl::Status StatsDataSource::ScanDailyAggregates(
    const std::string& unit_code, sgs::v1::DateBasis basis,
    absl::CivilDay start, absl::CivilDay end,
    const AggregatePageVisitor& visit) {
  absl::StatusOr<std::vector<DailyAggregate>> aggregates =
      ListDailyAggregates(unit_code, basis, start, end);
  if (!aggregates.ok()) return aggregates.status();
  absl::StatusOr<sgs::v1::DailyAggregateColumns> columns =
      AggregatesToColumns(*aggregates);
  if (!columns.ok()) return columns.status();
  return visit(*columns);
}

namespace {

absl::StatusOr<PeriodInputs> FetchInputs(StatsDataSource& source,
                                         const ResolvedPeriod& period,
                                         const std::string& unit_code,
                                         bool with_aggregates) {
  PeriodInputs inputs;
  absl::StatusOr<std::vector<Unit>> units = source.ListUnits();
  if (!units.ok()) return units.status();
  inputs.units = *std::move(units);
  if (!unit_code.empty() &&
      std::none_of(
          inputs.units.begin(), inputs.units.end(),
          [&](const Unit& unit) { return unit.code() == unit_code; })) {
    return absl::NotFoundError(absl::StrCat(
        "单位名录中没有该单位: \"", unit_code, "\" (unknown unit code)"));
  }
  if (with_aggregates) {
    absl::StatusOr<std::vector<DailyAggregate>> aggregates =
        source.ListDailyAggregates(unit_code, period.period.date_basis(),
                                   period.start, period.end);
    if (!aggregates.ok()) return aggregates.status();
    inputs.aggregates = *std::move(aggregates);
  }
  absl::StatusOr<std::vector<sgs::v1::Objection>> objections =
      source.ListObjections(period.start, period.end);
  if (!objections.ok()) return objections.status();
  inputs.objections = *std::move(objections);
  absl::StatusOr<std::vector<sgs::v1::SpotCheckFinding>> findings =
      source.ListSpotCheckFindings(period.start, period.end);
  if (!findings.ok()) return findings.status();
  inputs.findings = *std::move(findings);
  if (!unit_code.empty()) {
    // The objections and findings are listed for every unit.
    auto other_unit = [&](const auto& item) {
      return item.unit_code() != unit_code;
    };
    inputs.objections.erase(std::remove_if(inputs.objections.begin(),
                                           inputs.objections.end(), other_unit),
                            inputs.objections.end());
    inputs.findings.erase(std::remove_if(inputs.findings.begin(),
                                         inputs.findings.end(), other_unit),
                          inputs.findings.end());
  }
  return inputs;
}

// The report from every unit's tally.
sgs::v1::PeriodReport BuildReport(const ResolvedPeriod& period,
                                  const std::vector<Unit>& registry,
                                  std::map<std::string, Tally>& tallies,
                                  const std::set<int>& missing_years) {
  std::vector<Unit> units = registry;
  std::sort(units.begin(), units.end(), UnitOrder);
  std::set<std::string> registered;
  for (const Unit& unit : units) registered.insert(unit.code());

  sgs::v1::PeriodReport report;
  *report.mutable_period() = period.period;
  report.set_start_date(FormatDate(period.start));
  report.set_end_date(FormatDate(period.end));

  struct Row {
    UnitStats stats;
    int rank;  // Registry position: breaks ties in record count.
  };
  std::vector<Row> departments;
  Tally department_total;
  Tally township_total;
  int position = 0;
  for (const Unit& unit : units) {
    const Tally& tally = tallies[unit.code()];
    UnitStats stats =
        ToUnitStats(unit.code(), unit.official_name(), unit.kind(), tally);
    if (unit.kind() == sgs::v1::TOWNSHIP) {
      township_total.Add(tally);
      *report.add_townships() = std::move(stats);
    } else {
      department_total.Add(tally);
      departments.push_back({std::move(stats), position});
    }
    ++position;
  }
  for (const auto& [code, tally] : tallies) {
    if (registered.count(code) > 0) continue;
    // Reported under a code the registry no longer lists: shown, not lost.
    department_total.Add(tally);
    departments.push_back(
        {ToUnitStats(code, code, sgs::v1::UNIT_KIND_UNSPECIFIED, tally),
         position++});
  }
  std::stable_sort(
      departments.begin(), departments.end(), [](const Row& a, const Row& b) {
        if (a.stats.all().total_count() != b.stats.all().total_count()) {
          return a.stats.all().total_count() > b.stats.all().total_count();
        }
        return a.rank < b.rank;
      });
  for (Row& row : departments) {
    *report.add_departments() = std::move(row.stats);
  }

  *report.mutable_department_total() = ToUnitStats(
      "", kDepartmentTotalName, sgs::v1::DEPARTMENT, department_total);
  *report.mutable_township_total() =
      ToUnitStats("", kTownshipTotalName, sgs::v1::TOWNSHIP, township_total);
  Tally district = department_total;
  district.Add(township_total);
  *report.mutable_district_total() = ToUnitStats(
      "", kDistrictTotalName, sgs::v1::UNIT_KIND_UNSPECIFIED, district);
  report.set_unclassified_count(district.unclassified);
  for (int year : missing_years) report.add_missing_calendar_years(year);
  return report;
}

// What a streamed report counted.
struct Streamed {
  std::vector<Unit> units;
  std::map<std::string, Tally> tallies;
  std::set<int> missing_years;
};

// How far before a period the deadline table sent with a classified scan
// reaches: records decided earlier are still counted, classified here from
// their rows (the ingest service returns the rows the table does not cover).
constexpr int kDeadlineLookbackDays = 400;

// The receipt deadlines of every decision date from kDeadlineLookbackDays
// before `start` to `end`; days whose deadline needs a calendar year not
// yet known are left out (their rows come back to be classified here,
// which names the missing year).
sgs::v1::DeadlineTable DeadlinesFor(const TimelinessClassifier& classifier,
                                    absl::CivilDay start, absl::CivilDay end) {
  sgs::v1::DeadlineTable table;
  for (absl::CivilDay day = start - kDeadlineLookbackDays; day <= end; ++day) {
    absl::StatusOr<Deadlines> deadlines = classifier.ComputeDeadlines(day);
    if (!deadlines.ok()) continue;
    table.add_decision_date(DateNumber(day));
    table.add_last_on_time_date(DateNumber(deadlines->last_on_time_day));
    table.add_first_missed_date(DateNumber(deadlines->first_missed_day));
  }
  return table;
}

// Counts [start, end] of the period's aggregates into `streamed`'s tallies.
absl::Status TallyRange(const WorkingCalendar* calendar,
                        const TimelinessClassifier* classifier,
                        StatsDataSource& source, const ResolvedPeriod& period,
                        const std::string& unit_code, absl::CivilDay start,
                        absl::CivilDay end,
                        const sgs::v1::DeadlineTable& deadlines,
                        std::map<std::string, Tally>* tallies,
                        std::set<int>* missing_years) {
  Tallier tallier(calendar, classifier, &period, tallies, missing_years);
  return source.ScanClassifiedAggregates(
      unit_code, period.period.date_basis(), start, end, deadlines,
      [&tallier](const google::protobuf::RepeatedPtrField<sgs::v1::UnitTally>&
                     unit_tallies) {
        tallier.AddUnitTallies(unit_tallies);
        return absl::OkStatus();
      },
      [&tallier](const sgs::v1::DailyAggregateColumns& columns) {
        return tallier.AddColumns(columns);
      });
}

// Counts the period's aggregates page by page as the source hands them
// over: memory is one page and a tally per unit per scan, whatever the
// period. A source that allows it is scanned as that many consecutive
// date ranges at once (the ingest service scans them on separate threads).
//
// With `only_units`, only those units are read, each as its own range (of
// the unit-first table), split among the concurrent scans; the registry,
// tallies and side inputs are cut to them.
absl::StatusOr<Streamed> StreamTallies(
    const WorkingCalendar* calendar, const TimelinessClassifier* classifier,
    StatsDataSource& source, const ResolvedPeriod& period,
    const std::string& unit_code,
    const std::vector<std::string>* only_units = nullptr) {
  // Units, objections and findings are read while the aggregates are
  // scanned when the source allows calls at once: each call is a round trip
  // that would otherwise wait for the one before.
  absl::StatusOr<PeriodInputs> inputs = absl::UnknownError("not read");
  std::vector<std::thread> threads;
  auto fetch_side = [&] {
    inputs = FetchPeriodSideInputs(source, period, unit_code);
  };
  if (source.ConcurrentScans() > 1) {
    threads.emplace_back(fetch_side);
  } else {
    fetch_side();
  }
  Streamed streamed;
  const sgs::v1::DeadlineTable deadlines =
      DeadlinesFor(*classifier, period.start, period.end);
  const int64_t days = (period.end - period.start) + 1;
  const int64_t items =
      only_units == nullptr ? days : static_cast<int64_t>(only_units->size());
  const int64_t parts =
      std::max<int64_t>(1, std::min<int64_t>(source.ConcurrentScans(), items));
  struct Part {
    int64_t first = 0;  // days or units [first, last)
    int64_t last = 0;
    std::map<std::string, Tally> tallies;
    std::set<int> missing_years;
    absl::Status status;
  };
  std::vector<Part> split(static_cast<size_t>(parts));
  for (int64_t i = 0; i < parts; ++i) {
    split[i].first = items * i / parts;
    split[i].last = items * (i + 1) / parts;
  }
  auto run = [&](Part& part) {
    if (only_units == nullptr) {
      part.status =
          TallyRange(calendar, classifier, source, period, unit_code,
                     period.start + part.first, period.start + part.last - 1,
                     deadlines, &part.tallies, &part.missing_years);
      return;
    }
    for (int64_t i = part.first; i < part.last && part.status.ok(); ++i) {
      part.status = TallyRange(calendar, classifier, source, period,
                               (*only_units)[i], period.start, period.end,
                               deadlines, &part.tallies, &part.missing_years);
    }
  };
  for (size_t i = 1; i < split.size(); ++i) {
    threads.emplace_back(run, std::ref(split[i]));
  }
  run(split[0]);
  for (std::thread& thread : threads) thread.join();
  if (!inputs.ok()) return inputs.status();
  streamed.units = std::move(inputs->units);
  for (Part& part : split) {
    if (!part.status.ok()) return part.status;
    if (streamed.tallies.empty()) {
      streamed.tallies = std::move(part.tallies);
    } else {
      for (const auto& [code, tally] : part.tallies) {
        streamed.tallies[code].Add(tally);
      }
    }
    streamed.missing_years.insert(part.missing_years.begin(),
                                  part.missing_years.end());
  }
  Tallier side(calendar, classifier, &period, &streamed.tallies,
               &streamed.missing_years);
  side.AddSideInputs(*inputs);
  if (only_units != nullptr) {
    const std::set<std::string> wanted(only_units->begin(), only_units->end());
    for (auto it = streamed.tallies.begin(); it != streamed.tallies.end();) {
      it = wanted.count(it->first) > 0 ? std::next(it)
                                       : streamed.tallies.erase(it);
    }
    streamed.units.erase(
        std::remove_if(
            streamed.units.begin(), streamed.units.end(),
            [&](const Unit& unit) { return wanted.count(unit.code()) == 0; }),
        streamed.units.end());
  }
  return streamed;
}

}  // namespace

absl::StatusOr<PeriodInputs> FetchPeriodInputs(StatsDataSource& source,
                                               const ResolvedPeriod& period,
                                               const std::string& unit_code) {
  return FetchInputs(source, period, unit_code, /*with_aggregates=*/true);
}

absl::StatusOr<PeriodInputs> FetchPeriodSideInputs(
    StatsDataSource& source, const ResolvedPeriod& period,
    const std::string& unit_code) {
  return FetchInputs(source, period, unit_code, /*with_aggregates=*/false);
}

absl::StatusOr<sgs::v1::PeriodReport> StatsCalculator::ComputeReport(
    const ResolvedPeriod& period, const PeriodInputs& inputs) const {
  std::map<std::string, Tally> tallies;
  std::set<int> missing_years;
  Tallier tallier(calendar_, classifier_, &period, &tallies, &missing_years);
  if (absl::Status status = tallier.Run(inputs); !status.ok()) return status;
  return BuildReport(period, inputs.units, tallies, missing_years);
}

absl::StatusOr<sgs::v1::UnitStats> StatsCalculator::ComputeUnitStats(
    const ResolvedPeriod& period, const std::string& unit_code,
    const PeriodInputs& inputs) const {
  const Unit* unit = nullptr;
  for (const Unit& candidate : inputs.units) {
    if (candidate.code() == unit_code) unit = &candidate;
  }
  if (unit == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "单位名录中没有该单位: \"", unit_code, "\" (unknown unit code)"));
  }
  std::map<std::string, Tally> tallies;
  std::set<int> missing_years;
  Tallier tallier(calendar_, classifier_, &period, &tallies, &missing_years);
  if (absl::Status status = tallier.Run(inputs); !status.ok()) return status;
  return ToUnitStats(unit->code(), unit->official_name(), unit->kind(),
                     tallies[unit_code]);
}

absl::StatusOr<sgs::v1::PeriodReport> StatsCalculator::ReportFor(
    StatsDataSource& source, const sgs::v1::Period& period) const {
  absl::StatusOr<ResolvedPeriod> resolved = ResolvePeriod(period);
  if (!resolved.ok()) return resolved.status();
  absl::StatusOr<Streamed> streamed =
      StreamTallies(calendar_, classifier_, source, *resolved, "");
  if (!streamed.ok()) return streamed.status();
  return BuildReport(*resolved, streamed->units, streamed->tallies,
                     streamed->missing_years);
}

absl::StatusOr<sgs::v1::PeriodReport> StatsCalculator::ReportForUnits(
    StatsDataSource& source, const sgs::v1::Period& period,
    const std::vector<std::string>& unit_codes) const {
  absl::StatusOr<ResolvedPeriod> resolved = ResolvePeriod(period);
  if (!resolved.ok()) return resolved.status();
  absl::StatusOr<Streamed> streamed =
      StreamTallies(calendar_, classifier_, source, *resolved, "", &unit_codes);
  if (!streamed.ok()) return streamed.status();
  return BuildReport(*resolved, streamed->units, streamed->tallies,
                     streamed->missing_years);
}

absl::StatusOr<sgs::v1::UnitStats> StatsCalculator::UnitStatsFor(
    StatsDataSource& source, const std::string& unit_code,
    const sgs::v1::Period& period) const {
  absl::StatusOr<ResolvedPeriod> resolved = ResolvePeriod(period);
  if (!resolved.ok()) return resolved.status();
  absl::StatusOr<PeriodInputs> inputs =
      FetchPeriodInputs(source, *resolved, unit_code);
  if (!inputs.ok()) return inputs.status();
  return ComputeUnitStats(*resolved, unit_code, *inputs);
}

}  // namespace sgs::stats
