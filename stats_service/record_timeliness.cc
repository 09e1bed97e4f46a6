#include "stats_service/record_timeliness.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/record_accessors.h"

namespace sgs::stats {
namespace {

// Years in [from, to] the calendar lacks.
std::set<int> MissingYears(const WorkingCalendar& calendar, absl::CivilDay from,
                           absl::CivilDay to) {
  std::set<int> years;
  for (int64_t year = from.year(); year <= to.year(); ++year) {
    if (!calendar.KnowsYear(static_cast<int>(year))) {
      years.insert(static_cast<int>(year));
    }
  }
  return years;
}

// Working days strictly between decision and receipt, plus one: the
// working day the receipt counts as. -1 when a day is in an unknown year.
int WorkingDaysTaken(const WorkingCalendar& calendar, absl::CivilDay decision,
                     absl::CivilDay receipt) {
  if (receipt <= decision) return 0;
  int between = 0;
  for (absl::CivilDay day = decision + 1; day < receipt; ++day) {
    absl::StatusOr<bool> working = calendar.IsWorkingDay(day);
    if (!working.ok()) return -1;
    if (*working) ++between;
  }
  return between + 1;
}

}  // namespace

bool RecordInPeriod(const ResolvedPeriod& period,
                    const sgs::v1::Record& record) {
  const std::string& date = period.period.date_basis() == sgs::v1::DECISION_DATE
                                ? DecisionDateOf(record)
                                : record.receipt_date();
  absl::StatusOr<absl::CivilDay> day = ParseDate(date);
  return day.ok() && *day >= period.start && *day <= period.end;
}

absl::StatusOr<sgs::v1::RecordTimeliness> ClassifyRecord(
    const sgs::v1::Record& record, const TimelinessClassifier& classifier,
    const WorkingCalendar& calendar) {
  sgs::v1::RecordTimeliness out;
  out.set_record_name(record.name());
  out.set_document_number(DocumentNumberOf(record));
  out.set_kind(KindOf(record));
  out.set_decision_date(DecisionDateOf(record));
  *out.mutable_receipt_time() = record.receipt_time();
  out.set_receipt_date(record.receipt_date());
  out.set_concealment_risk(record.concealment_risk());
  out.set_subject_name(record.subject().name());
  absl::StatusOr<absl::CivilDay> decision = ParseDate(DecisionDateOf(record));
  absl::StatusOr<absl::CivilDay> receipt = ParseDate(record.receipt_date());
  if (!decision.ok() || !receipt.ok()) {
    return absl::InternalError(
        absl::StrCat("记录日期无法读取 (stored record has unreadable dates): ",
                     record.name()));
  }
  out.set_calendar_days_taken(static_cast<int32_t>(*receipt - *decision));
  out.set_working_days_taken(WorkingDaysTaken(calendar, *decision, *receipt));

  std::set<int> missing;
  absl::StatusOr<Deadlines> deadlines = classifier.ComputeDeadlines(*decision);
  if (deadlines.ok()) {
    out.set_last_on_time_date(FormatDate(deadlines->last_on_time_day));
    out.set_first_missed_date(FormatDate(deadlines->first_missed_day));
  } else if (WorkingCalendar::IsCalendarUnknown(deadlines.status())) {
    // The deadline reaches into the next year at most by the missed limit.
    const std::set<int> years =
        MissingYears(calendar, *decision,
                     *decision + classifier.policy().missed_limit() + 1);
    missing.insert(years.begin(), years.end());
  } else {
    return deadlines.status();
  }

  absl::StatusOr<Timeliness> timeliness =
      classifier.Classify(*decision, *receipt);
  if (timeliness.ok()) {
    switch (*timeliness) {
      case Timeliness::kOnTime:
        out.set_timeliness(sgs::v1::ON_TIME);
        break;
      case Timeliness::kLate:
        out.set_timeliness(sgs::v1::LATE);
        break;
      case Timeliness::kMissed:
        out.set_timeliness(sgs::v1::MISSED);
        break;
    }
  } else if (WorkingCalendar::IsCalendarUnknown(timeliness.status())) {
    out.set_timeliness(sgs::v1::CALENDAR_UNKNOWN);
    const std::set<int> years = MissingYears(calendar, *decision, *receipt);
    missing.insert(years.begin(), years.end());
  } else {
    return timeliness.status();
  }
  for (int year : missing) out.add_missing_calendar_years(year);
  return out;
}

}  // namespace sgs::stats
