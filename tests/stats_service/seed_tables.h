// Test helper: the July 2024 bulletin's Attachments 1 and 2 (testdata/), and
// a plan of records whose counts match them (every department row's
// licensing/penalty/late/missed counts and every township's count), used by
// the calculator, reconciliation and end-to-end tests. Header-only because
// only *_test.cc files are compiled into the test binary.
#ifndef SGS_TESTS_STATS_SERVICE_SEED_TABLES_H_
#define SGS_TESTS_STATS_SERVICE_SEED_TABLES_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/config_loader.h"
#include "common/dates.h"
#include "common/registry.h"
#include "gtest/gtest.h"
#include "sgs/v1/ingest_service.pb.h"
#include "tests/support/test_env.h"

namespace sgs::testing {

struct SeedDepartmentRow {
  std::string rank;
  std::string name;
  int64_t late = 0;
  int64_t missed = 0;
  int64_t qualified = 0;
  int64_t licensing = 0;
  int64_t penalty = 0;
  int64_t total = 0;
  std::string late_rate;
  std::string missed_rate;
  std::string pass_rate;
};

struct SeedTownshipRow {
  std::string rank;
  std::string name;
  int64_t total = 0;
  int64_t qualified = 0;
  std::string pass_rate;
};

inline std::string SeedAttachment1Text() {
  auto text = ReadFileToString(
      SourcePath("tests/stats_service/testdata/yindu-2024-07-attachment1.tsv"));
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

inline std::string SeedAttachment2Text() {
  auto text = ReadFileToString(
      SourcePath("tests/stats_service/testdata/yindu-2024-07-attachment2.tsv"));
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

inline int64_t ToCount(absl::string_view cell) {
  int64_t value = -1;
  EXPECT_TRUE(absl::SimpleAtoi(cell, &value)) << cell;
  return value;
}

// Every data row of Attachment 1, the 部门总计 row last.
inline std::vector<SeedDepartmentRow> SeedAttachment1() {
  std::vector<SeedDepartmentRow> rows;
  bool header = true;
  for (absl::string_view line :
       absl::StrSplit(SeedAttachment1Text(), '\n', absl::SkipEmpty())) {
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells = absl::StrSplit(line, '\t');
    EXPECT_EQ(cells.size(), 11u) << line;
    if (cells.size() != 11) continue;
    SeedDepartmentRow row;
    row.rank = cells[0];
    row.name = cells[1];
    row.late = ToCount(cells[2]);
    row.missed = ToCount(cells[3]);
    row.qualified = ToCount(cells[4]);
    row.licensing = ToCount(cells[5]);
    row.penalty = ToCount(cells[6]);
    row.total = ToCount(cells[7]);
    row.late_rate = cells[8];
    row.missed_rate = cells[9];
    row.pass_rate = cells[10];
    rows.push_back(row);
  }
  return rows;
}

// Every data row of Attachment 2, the 总计 row last.
inline std::vector<SeedTownshipRow> SeedAttachment2() {
  std::vector<SeedTownshipRow> rows;
  bool header = true;
  for (absl::string_view line :
       absl::StrSplit(SeedAttachment2Text(), '\n', absl::SkipEmpty())) {
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> cells = absl::StrSplit(line, '\t');
    EXPECT_EQ(cells.size(), 5u) << line;
    if (cells.size() != 5) continue;
    rows.push_back(
        {cells[0], cells[1], ToCount(cells[2]), ToCount(cells[3]), cells[4]});
  }
  return rows;
}

inline UnitRegistry ShippedRegistry() {
  auto registry =
      UnitRegistry::LoadFromFile(SourcePath("config/registry.textproto"));
  EXPECT_TRUE(registry.ok()) << registry.status();
  return registry.ok() ? *registry : UnitRegistry();
}

// One record to create: kind, decision date, receipt time.
struct PlannedRecord {
  std::string unit_code;
  sgs::v1::RecordKind kind;
  std::string document_number;
  absl::CivilDay decision;
  absl::Time receipt_time;
};

inline absl::Time ChinaTime(int y, int m, int d, int hh = 10, int mm = 0,
                            int ss = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, ss),
                         ChinaStandardTime());
}

// Records received in July 2024 matching the seed's counts. Late and missed
// records go to licensing first, then penalty. Dates (calendar 2024):
//   on time: decided 07-01 + i % 28, received the next day;
//   late:    decided Mon 07-01, received Mon 07-15 (9 working days between);
//   missed:  decided 06-03, received 07-08 (35 calendar days).
inline std::vector<PlannedRecord> PlanJuly2024(const UnitRegistry& registry) {
  std::vector<PlannedRecord> plan;
  int serial = 0;
  auto add = [&](const std::string& code, sgs::v1::RecordKind kind, int late,
                 int missed, int on_time) {
    for (int i = 0; i < late + missed + on_time; ++i) {
      PlannedRecord record;
      record.unit_code = code;
      record.kind = kind;
      record.document_number =
          absl::StrCat(kind == sgs::v1::LICENSING ? "殷许" : "殷罚", "〔2024〕",
                       ++serial, "号");
      if (i < late) {
        record.decision = absl::CivilDay(2024, 7, 1);
        record.receipt_time = ChinaTime(2024, 7, 15);
      } else if (i < late + missed) {
        record.decision = absl::CivilDay(2024, 6, 3);
        record.receipt_time = ChinaTime(2024, 7, 8);
      } else {
        record.decision = absl::CivilDay(2024, 7, 1) + (i % 28);
        const absl::CivilDay receipt = record.decision + 1;
        record.receipt_time = ChinaTime(static_cast<int>(receipt.year()),
                                        receipt.month(), receipt.day(), 9, 30);
      }
      plan.push_back(record);
    }
  };
  for (const SeedDepartmentRow& row : SeedAttachment1()) {
    if (row.rank.empty()) continue;  // 部门总计.
    const auto* unit = registry.FindByName(row.name);
    EXPECT_NE(unit, nullptr) << row.name;
    if (unit == nullptr) continue;
    int64_t late = row.late;
    int64_t missed = row.missed;
    const int64_t licensing_late = std::min(late, row.licensing);
    const int64_t licensing_missed =
        std::min(missed, row.licensing - licensing_late);
    add(unit->code(), sgs::v1::LICENSING, licensing_late, licensing_missed,
        row.licensing - licensing_late - licensing_missed);
    late -= licensing_late;
    missed -= licensing_missed;
    add(unit->code(), sgs::v1::PENALTY, late, missed,
        row.penalty - late - missed);
  }
  for (const SeedTownshipRow& row : SeedAttachment2()) {
    if (row.rank.empty()) continue;  // 总计.
    const auto* unit = registry.FindByName(row.name);
    EXPECT_NE(unit, nullptr) << row.name;
    if (unit == nullptr) continue;
    add(unit->code(), sgs::v1::LICENSING, 0, row.total - row.qualified,
        row.qualified);
  }
  return plan;
}

// What the ingest service's ListDailyAggregates would return for `plan`.
inline std::vector<sgs::v1::DailyAggregate> AggregatesOf(
    const std::vector<PlannedRecord>& plan) {
  std::map<std::tuple<std::string, std::string, std::string, int>, int64_t>
      counts;
  for (const PlannedRecord& record : plan) {
    ++counts[{record.unit_code, FormatDate(ChinaDate(record.receipt_time)),
              FormatDate(record.decision), record.kind}];
  }
  std::vector<sgs::v1::DailyAggregate> aggregates;
  for (const auto& [key, count] : counts) {
    sgs::v1::DailyAggregate aggregate;
    aggregate.set_unit_code(std::get<0>(key));
    aggregate.set_receipt_date(std::get<1>(key));
    aggregate.set_decision_date(std::get<2>(key));
    aggregate.set_kind(static_cast<sgs::v1::RecordKind>(std::get<3>(key)));
    aggregate.set_record_count(count);
    aggregates.push_back(aggregate);
  }
  return aggregates;
}

// The registry as the ingest service's ListUnits returns it.
inline std::vector<sgs::v1::Unit> UnitsOf(const UnitRegistry& registry) {
  std::vector<sgs::v1::Unit> units;
  for (const auto& entry : registry.units()) {
    sgs::v1::Unit unit;
    unit.set_name(absl::StrCat("units/", entry.code()));
    unit.set_code(entry.code());
    unit.set_official_name(entry.official_name());
    for (const std::string& alias : entry.aliases()) unit.add_aliases(alias);
    unit.set_kind(static_cast<sgs::v1::UnitKind>(entry.kind()));
    unit.set_display_order(entry.display_order());
    units.push_back(unit);
  }
  return units;
}

}  // namespace sgs::testing

#endif  // SGS_TESTS_STATS_SERVICE_SEED_TABLES_H_
