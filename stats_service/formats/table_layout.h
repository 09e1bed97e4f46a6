// Column widths of a bulletin table, shared by the DOCX and PDF writers so
// both print the same table the same way: each column gets what its widest
// cell needs (headings may wrap to two lines), then the columns are scaled
// to the type area's width.
//
// Contract: widths are in em of the table's font; they sum to
// `available_em` exactly (a table with no columns gives none).
#ifndef SGS_STATS_SERVICE_FORMATS_TABLE_LAYOUT_H_
#define SGS_STATS_SERVICE_FORMATS_TABLE_LAYOUT_H_

#include <vector>

#include "stats_service/document/bulletin_document.h"

namespace sgs::stats {

// The width each column needs without wrapping its cells, in em.
std::vector<double> NaturalColumnWidthsEm(const Table& table);

std::vector<double> ColumnWidthsEm(const Table& table, double available_em);

// Whether the table prints on a landscape page: the document says so, or it
// does not fit a portrait type area `portrait_em` wide.
bool NeedsLandscape(const Table& table, double portrait_em);

// Whether a cell is centred (numbers, short labels) or flush left (names).
bool IsCentredCell(const TableCell& cell);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_TABLE_LAYOUT_H_
