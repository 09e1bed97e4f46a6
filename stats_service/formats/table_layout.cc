#include "stats_service/formats/table_layout.h"

#include <algorithm>
#include <numeric>

#include "stats_service/formats/document_style.h"

namespace sgs::stats {
namespace {

// Room either side of a cell's text, in em.
constexpr double kCellPaddingEm = 1.6;

}  // namespace

std::vector<double> NaturalColumnWidthsEm(const Table& table) {
  std::vector<double> widths;
  for (const std::string& heading : table.column_headings) {
    const double em = EstimateWidthEm(heading);
    // A long heading wraps onto two lines rather than widening its column.
    widths.push_back((em > 3 ? (em + 1) / 2 : em) + kCellPaddingEm);
  }
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] =
          std::max(widths[c], EstimateWidthEm(row[c].text) + kCellPaddingEm);
    }
  }
  return widths;
}

std::vector<double> ColumnWidthsEm(const Table& table, double available_em) {
  std::vector<double> widths = NaturalColumnWidthsEm(table);
  const double total = std::accumulate(widths.begin(), widths.end(), 0.0);
  if (total <= 0) return widths;
  if (total >= available_em) {
    // Too wide: every column gives up the same share (cells wrap).
    for (double& w : widths) w *= available_em / total;
  } else {
    // Room to spare: shared out evenly, so names do not hog it.
    const double extra = (available_em - total) / widths.size();
    for (double& w : widths) w += extra;
  }
  return widths;
}

bool NeedsLandscape(const Table& table, double portrait_em) {
  if (table.landscape) return true;
  const std::vector<double> widths = NaturalColumnWidthsEm(table);
  return std::accumulate(widths.begin(), widths.end(), 0.0) > portrait_em;
}

bool IsCentredCell(const TableCell& cell) {
  return cell.kind != CellKind::kText || EstimateWidthEm(cell.text) <= 3;
}

}  // namespace sgs::stats
