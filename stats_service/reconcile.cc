#include "stats_service/reconcile.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/types/optional.h"
#include "stats_service/rates.h"

namespace sgs::stats {
namespace {

using ::sgs::v1::UnitStats;

enum class Column {
  kRank,
  kName,
  kLate,
  kMissed,
  kQualified,
  kLicensing,
  kPenalty,
  kTotal,
  kLateRate,
  kMissedRate,
  kPassRate,
  kLicensingLateRate,
  kLicensingMissedRate,
  kLicensingPassRate,
  kPenaltyLateRate,
  kPenaltyMissedRate,
  kPenaltyPassRate,
};

// Header texts as the seed table prints them, and the usual variants.
const std::map<std::string, Column>& HeaderNames() {
  static const auto* names = new std::map<std::string, Column>{
      {"序号", Column::kRank},
      {"部门", Column::kName},
      {"单位", Column::kName},
      {"部门名称", Column::kName},
      {"单位名称", Column::kName},
      {"迟报数量", Column::kLate},
      {"迟报数", Column::kLate},
      {"漏报数量", Column::kMissed},
      {"漏报数", Column::kMissed},
      {"合格数量", Column::kQualified},
      {"合格数", Column::kQualified},
      {"行政许可", Column::kLicensing},
      {"行政处罚", Column::kPenalty},
      {"双公示合计", Column::kTotal},
      {"合计", Column::kTotal},
      {"双公示迟报率", Column::kLateRate},
      {"迟报率", Column::kLateRate},
      {"双公示漏报率", Column::kMissedRate},
      {"漏报率", Column::kMissedRate},
      {"双公示合格率", Column::kPassRate},
      {"合格率", Column::kPassRate},
      {"行政许可迟报率", Column::kLicensingLateRate},
      {"许可迟报率", Column::kLicensingLateRate},
      {"行政许可漏报率", Column::kLicensingMissedRate},
      {"行政许可合格率", Column::kLicensingPassRate},
      {"行政处罚迟报率", Column::kPenaltyLateRate},
      {"处罚迟报率", Column::kPenaltyLateRate},
      {"行政处罚漏报率", Column::kPenaltyMissedRate},
      {"行政处罚合格率", Column::kPenaltyPassRate},
  };
  return *names;
}

bool IsTotalRowName(const std::string& name, const ReconcileNames& names) {
  for (const std::string& configured : names.total_row_names) {
    if (!configured.empty() && name == configured) return true;
  }
  return name == "部门总计" || name == "部门合计" || name == "总计" ||
         name == "合计";
}

// Removes ASCII whitespace and the ideographic space (U+3000), which
// tables typed by hand scatter through names and headers.
std::string Squeeze(absl::string_view text) {
  std::string out = absl::StrReplaceAll(text, {{"\xE3\x80\x80", ""}});
  out.erase(
      std::remove_if(out.begin(), out.end(),
                     [](unsigned char c) { return absl::ascii_isspace(c); }),
      out.end());
  return out;
}

absl::optional<int64_t> ParseCount(absl::string_view text) {
  const std::string digits = absl::StrReplaceAll(Squeeze(text), {{",", ""}});
  if (digits.empty() || digits.size() > 18) return absl::nullopt;
  int64_t value = 0;
  for (char c : digits) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return absl::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

bool IsRateColumn(Column column) { return column >= Column::kLateRate; }

// A published percentage as an integer at its own precision: "3.6%" →
// {36, 1}, "100%" → {100, 0}. nullopt when it is not one (more than six
// decimals, no digits, anything but digits, one '.', a trailing % or ％).
struct PrintedPercent {
  int64_t scaled = 0;
  int decimals = 0;
};
absl::optional<PrintedPercent> ParsePrintedPercent(absl::string_view text);

// numerator / denominator × 100 rounded half-up to `decimals` places,
// scaled by 10^decimals; 0 for an empty denominator (printed "0.00%").
int64_t RateAtPrecision(const sgs::v1::Rate& rate, int decimals) {
  if (rate.denominator() <= 0) return 0;
  __int128 scale = 100;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const __int128 num =
      static_cast<__int128>(rate.numerator()) * scale * 2 + rate.denominator();
  return static_cast<int64_t>(num /
                              (2 * static_cast<__int128>(rate.denominator())));
}

int64_t CountOf(const UnitStats& stats, Column column) {
  switch (column) {
    case Column::kLate:
      return stats.all().late_count();
    case Column::kMissed:
      return stats.all().missed_count();
    case Column::kQualified:
      return stats.all().qualified_count();
    case Column::kLicensing:
      return stats.licensing_count();
    case Column::kPenalty:
      return stats.penalty_count();
    case Column::kTotal:
      return stats.all().total_count();
    default:
      return 0;
  }
}

const sgs::v1::Rate& RateOf(const UnitStats& stats, Column column) {
  switch (column) {
    case Column::kLateRate:
      return stats.all().late_rate();
    case Column::kMissedRate:
      return stats.all().missed_rate();
    case Column::kLicensingLateRate:
      return stats.licensing().late_rate();
    case Column::kLicensingMissedRate:
      return stats.licensing().missed_rate();
    case Column::kLicensingPassRate:
      return stats.licensing().pass_rate();
    case Column::kPenaltyLateRate:
      return stats.penalty().late_rate();
    case Column::kPenaltyMissedRate:
      return stats.penalty().missed_rate();
    case Column::kPenaltyPassRate:
      return stats.penalty().pass_rate();
    default:
      return stats.all().pass_rate();
  }
}

absl::optional<PrintedPercent> ParsePrintedPercent(absl::string_view text) {
  std::string value = Squeeze(text);
  if (absl::EndsWith(value, "%")) {
    value.pop_back();
  } else if (absl::EndsWith(value, "\xEF\xBC\x85")) {  // ％
    value.resize(value.size() - 3);
  }
  PrintedPercent out;
  bool point = false;
  int digits = 0;
  for (char c : value) {
    if (c == '.' && !point) {
      point = true;
    } else if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      if (++digits > 15) return absl::nullopt;
      out.scaled = out.scaled * 10 + (c - '0');
      if (point) ++out.decimals;
    } else {
      return absl::nullopt;
    }
  }
  if (digits == 0 || out.decimals > 6) return absl::nullopt;
  return out;
}

bool IsBlankRow(const std::vector<std::string>& row) {
  for (const std::string& cell : row) {
    if (!Squeeze(cell).empty()) return false;
  }
  return true;
}

}  // namespace

std::vector<std::vector<std::string>> ParseDelimitedText(absl::string_view text,
                                                         char delimiter) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false;
  bool cell_started = false;  // Anything (even "") was read for this cell.
  auto end_cell = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_row = [&] {
    end_cell();
    rows.push_back(std::move(row));
    row.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        cell.push_back(c);
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      in_quotes = true;
      cell_started = true;
    } else if (c == delimiter) {
      end_cell();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
    } else {
      cell.push_back(c);
      cell_started = true;
    }
  }
  if (cell_started || !cell.empty() || !row.empty()) end_row();
  return rows;
}

char DetectDelimiter(absl::string_view text) {
  for (absl::string_view line : absl::StrSplit(text, absl::ByAnyChar("\r\n"))) {
    if (absl::StrContains(line, "部门")) {
      return absl::StrContains(line, '\t') ? '\t' : ',';
    }
  }
  return absl::StrContains(text, '\t') ? '\t' : ',';
}

absl::StatusOr<sgs::v1::ReconcileTableResponse> ReconcileTable(
    absl::string_view table, const sgs::v1::PeriodReport& report,
    const UnitRegistry& registry, const ReconcileNames& names) {
  const std::vector<std::vector<std::string>> rows =
      ParseDelimitedText(table, DetectDelimiter(table));

  // Header: the first row with a unit-name column and another known one.
  size_t header_index = rows.size();
  std::vector<absl::optional<Column>> columns;
  for (size_t r = 0; r < rows.size() && header_index == rows.size(); ++r) {
    std::vector<absl::optional<Column>> candidate;
    bool has_name = false;
    int known = 0;
    for (const std::string& cell : rows[r]) {
      const std::string squeezed = Squeeze(cell);
      if (std::find(names.unit_headings.begin(), names.unit_headings.end(),
                    squeezed) != names.unit_headings.end()) {
        candidate.push_back(Column::kName);
        ++known;
        has_name = true;
        continue;
      }
      auto it = HeaderNames().find(squeezed);
      if (it == HeaderNames().end()) {
        candidate.push_back(absl::nullopt);
        continue;
      }
      candidate.push_back(it->second);
      ++known;
      has_name = has_name || it->second == Column::kName;
    }
    if (has_name && known >= 2) {
      header_index = r;
      columns = std::move(candidate);
    }
  }
  if (header_index == rows.size()) {
    return absl::InvalidArgumentError(
        "未找到表头行: 表格须包含\"部门\"列及迟报数量、双公示合计等列 (no "
        "header "
        "row with a 部门 column and the bulletin's columns)");
  }
  size_t name_column = 0;
  while (columns[name_column] != Column::kName) ++name_column;
  const std::vector<std::string>& header = rows[header_index];

  std::map<std::string, const UnitStats*> stats_by_code;
  std::map<std::string, int> department_position;
  for (int i = 0; i < report.departments_size(); ++i) {
    stats_by_code[report.departments(i).unit_code()] = &report.departments(i);
    department_position[report.departments(i).unit_code()] = i + 1;
  }
  for (const UnitStats& stats : report.townships()) {
    stats_by_code[stats.unit_code()] = &stats;
  }

  sgs::v1::ReconcileTableResponse response;
  std::set<std::string> seen_codes;
  int data_row = 0;
  for (size_t r = header_index + 1; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    if (IsBlankRow(row)) continue;
    // A following attachment (附件 2) ends this table.
    if (absl::StartsWith(Squeeze(row[0]), "附件")) break;
    ++data_row;
    const std::string raw_name =
        name_column < row.size()
            ? std::string(absl::StripAsciiWhitespace(row[name_column]))
            : "";
    const std::string name = Squeeze(raw_name);
    const bool total_row = IsTotalRowName(name, names);
    const UnitStats* stats = nullptr;
    int position = 0;
    if (total_row) {
      stats = &report.department_total();
    } else {
      const sgs::config::v1::UnitEntry* unit = registry.FindByName(raw_name);
      if (unit == nullptr) unit = registry.FindByName(name);
      auto it = unit == nullptr ? stats_by_code.end()
                                : stats_by_code.find(unit->code());
      if (it == stats_by_code.end()) {
        response.add_unknown_units(raw_name);
        continue;
      }
      stats = it->second;
      seen_codes.insert(unit->code());
      auto pos = department_position.find(unit->code());
      if (pos != department_position.end()) position = pos->second;
    }

    for (size_t c = 0; c < columns.size(); ++c) {
      if (!columns[c].has_value() || *columns[c] == Column::kName) continue;
      const Column column = *columns[c];
      const std::string published =
          c < row.size() ? std::string(absl::StripAsciiWhitespace(row[c])) : "";
      std::string computed;
      bool agrees = false;
      if (column == Column::kRank) {
        // The total row has no rank; a township has none in this table.
        if (total_row || position == 0) continue;
        computed = absl::StrCat(position);
        const absl::optional<int64_t> value = ParseCount(published);
        agrees = value.has_value() && *value == position;
      } else if (IsRateColumn(column)) {
        // Compared at the precision printed: "3.6%" agrees with 3.62%,
        // "3.5%" does not; "100%" agrees with 100.00%.
        const sgs::v1::Rate& rate = RateOf(*stats, column);
        computed = rate.percent();
        const absl::optional<PrintedPercent> value =
            ParsePrintedPercent(published);
        agrees = value.has_value() &&
                 value->scaled == RateAtPrecision(rate, value->decimals);
      } else {
        const int64_t count = CountOf(*stats, column);
        computed = absl::StrCat(count);
        const absl::optional<int64_t> value = ParseCount(published);
        agrees = value.has_value() && *value == count;
      }
      if (agrees) continue;
      sgs::v1::TableDiscrepancy* discrepancy = response.add_discrepancies();
      discrepancy->set_row(data_row);
      discrepancy->set_unit_name(raw_name);
      discrepancy->set_column(
          std::string(absl::StripAsciiWhitespace(header[c])));
      discrepancy->set_published_value(published);
      discrepancy->set_computed_value(computed);
    }
    if (total_row) break;
  }

  for (const sgs::config::v1::UnitEntry& unit :
       registry.UnitsOfKind(sgs::config::v1::DEPARTMENT)) {
    if (seen_codes.count(unit.code()) == 0) {
      response.add_missing_units(unit.official_name());
    }
  }
  return response;
}

}  // namespace sgs::stats
