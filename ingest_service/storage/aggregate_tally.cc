#include "ingest_service/storage/aggregate_tally.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/field_error.h"
#include "common/status_macros.h"
#include "ingest_service/storage/paging.h"

namespace sgs::ingest::storage {
namespace {

constexpr int kDefaultScanRows = 1000000;
constexpr int kMaxScanRows = 2000000;
// Rows handed back unclassified per page, as the COLUMNS view's maximum.
constexpr int kMaxLeftRows = 50000;
constexpr int kMaxDeadlines = 4000;
constexpr int kMaxSpanYears = 12;

// A yyyymmdd number's place in a dense (year, month, day) grid of 31-day
// months: no calendar arithmetic per row, and order preserved.
int64_t DaySlot(uint32_t date) {
  const int64_t year = date / 10000;
  const int64_t month = date / 100 % 100;
  const int64_t day = date % 100;
  return (year * 12 + month - 1) * 31 + day - 1;
}

struct Deadline {
  uint32_t last_on_time = 0;  // 0: not in the table
  uint32_t first_missed = 0;
};

// The table as an array indexed by DaySlot(decision) - first_slot_.
class DeadlineIndex {
 public:
  absl::Status Build(const sgs::v1::DeadlineTable& table) {
    const int size = table.decision_date_size();
    if (table.last_on_time_date_size() != size ||
        table.first_missed_date_size() != size) {
      return FieldError("deadlines", "lengths",
                        "期限表各列长度不一致 (deadlines: decision_date, "
                        "last_on_time_date and first_missed_date differ in "
                        "length)");
    }
    if (size > kMaxDeadlines) {
      return FieldError(
          "deadlines", "max_entries",
          absl::StrCat("期限表最多 ", kMaxDeadlines, " 项 (deadlines: at most ",
                       kMaxDeadlines, " entries, got ", size, ")"));
    }
    if (size == 0) return absl::OkStatus();
    int64_t low = INT64_MAX;
    int64_t high = INT64_MIN;
    for (int i = 0; i < size; ++i) {
      for (const uint32_t date :
           {table.decision_date(i), table.last_on_time_date(i),
            table.first_missed_date(i)}) {
        if (DateNumber(DateFromNumber(date)) != date) {
          return FieldError("deadlines", "date",
                            absl::StrCat("期限表中的日期无效 (deadlines: ",
                                         date, " is not a yyyymmdd date)"));
        }
      }
      const int64_t slot = DaySlot(table.decision_date(i));
      low = std::min(low, slot);
      high = std::max(high, slot);
    }
    if (high - low >= int64_t{kMaxSpanYears} * 12 * 31) {
      return FieldError("deadlines", "span",
                        absl::StrCat("期限表跨度不得超过 ", kMaxSpanYears,
                                     " 年 (deadlines: decision dates span "
                                     "more than ",
                                     kMaxSpanYears, " years)"));
    }
    first_slot_ = low;
    deadlines_.assign(static_cast<size_t>(high - low + 1), Deadline{});
    for (int i = 0; i < size; ++i) {
      deadlines_[static_cast<size_t>(DaySlot(table.decision_date(i)) - low)] = {
          table.last_on_time_date(i), table.first_missed_date(i)};
    }
    return absl::OkStatus();
  }

  // nullptr when the table does not list `decision`.
  const Deadline* Find(uint32_t decision) const {
    const int64_t index = DaySlot(decision) - first_slot_;
    if (index < 0 || index >= static_cast<int64_t>(deadlines_.size())) {
      return nullptr;
    }
    const Deadline& deadline = deadlines_[static_cast<size_t>(index)];
    return deadline.last_on_time == 0 ? nullptr : &deadline;
  }

 private:
  int64_t first_slot_ = 0;
  std::vector<Deadline> deadlines_;
};

// Kinds a tally is kept for (RecordKind values below this); a row of
// another kind is handed back for the caller to judge.
constexpr uint8_t kKindSlots = 3;

// Tallies by (unit, kind), in first-seen order.
class UnitTallies {
 public:
  // Valid until the next call.
  sgs::v1::UnitTally* For(absl::string_view unit_code, uint8_t kind) {
    // Rows come in (date, unit) order: consecutive rows mostly share a unit.
    if (last_slots_ == nullptr || unit_code != last_unit_) {
      last_slots_ = &index_[unit_code];
      last_unit_.assign(unit_code.data(), unit_code.size());
    }
    int64_t& slot = last_slots_->index[kind];
    if (slot < 0) {
      slot = static_cast<int64_t>(tallies_.size());
      sgs::v1::UnitTally& tally = tallies_.emplace_back();
      tally.set_unit_code(last_unit_);
      tally.set_kind(static_cast<sgs::v1::RecordKind>(kind));
    }
    return &tallies_[static_cast<size_t>(slot)];
  }

  std::vector<sgs::v1::UnitTally> Take() { return std::move(tallies_); }

 private:
  struct Slots {
    int64_t index[kKindSlots] = {-1, -1, -1};
  };
  std::vector<sgs::v1::UnitTally> tallies_;
  // Node map: last_slots_ stays valid while other units are added.
  absl::node_hash_map<std::string, Slots> index_;
  Slots* last_slots_ = nullptr;
  std::string last_unit_;
};

}  // namespace

absl::StatusOr<AggregateTallyPage> TallyAggregates(
    const Engine& engine, const AggregateColumnsQuery& query,
    const sgs::v1::DeadlineTable& deadlines) {
  DeadlineIndex index;
  RETURN_IF_ERROR(index.Build(deadlines));
  const int scan_rows =
      ClampPageSize(query.page_size, kDefaultScanRows, kMaxScanRows);
  AggregateTallyPage page;
  AggregateColumnsBuilder left(&page.left_rows);
  UnitTallies tallies;
  int scanned = 0;
  ASSIGN_OR_RETURN(
      page.next_page_token,
      ScanAggregateRows(engine, query, [&](const AggregateRow& row) {
        if (scanned >= scan_rows || left.rows() >= kMaxLeftRows) return false;
        ++scanned;
        // The stats service counts no row without records (its risk flags
        // included); neither does the tally.
        if (row.record_count <= 0) return true;
        const Deadline* deadline = index.Find(row.decision_date);
        if (deadline == nullptr || row.receipt_date < row.decision_date ||
            row.kind >= kKindSlots) {
          left.Add(row);
          return true;
        }
        sgs::v1::UnitTally* tally = tallies.For(row.unit_code, row.kind);
        tally->set_record_count(tally->record_count() + row.record_count);
        tally->set_concealment_risk_count(tally->concealment_risk_count() +
                                          row.concealment_risk_count);
        if (row.receipt_date >= deadline->first_missed) {
          tally->set_missed_count(tally->missed_count() + row.record_count);
        } else if (row.receipt_date > deadline->last_on_time) {
          tally->set_late_count(tally->late_count() + row.record_count);
        }
        return true;
      }));
  page.tallies = tallies.Take();
  return page;
}

}  // namespace sgs::ingest::storage
