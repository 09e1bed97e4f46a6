// Loads the layout configuration of the bulletin's files (DocumentStyle,
// config/document_style.textproto) with the office's DOCX template, and the
// small measuring helpers every writer shares (millimetres to points, font
// family lists, an estimate of a string's width in em).
//
// Contract: LoadDocumentStyle fails with INVALID_ARGUMENT naming the field
// when a required size or font is missing, so writers can rely on every
// FontRole having a name and a positive size.
#ifndef SGS_STATS_SERVICE_FORMATS_DOCUMENT_STYLE_H_
#define SGS_STATS_SERVICE_FORMATS_DOCUMENT_STYLE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sgs/config/v1/document_style.pb.h"

namespace sgs::stats {

struct DocumentAssets {
  sgs::config::v1::DocumentStyle style;
  // The .docx template's bytes (empty: DOCX cannot be written).
  std::string docx_template;
};

// Reads `path` and the template it names (relative to `path`'s directory).
absl::StatusOr<DocumentAssets> LoadDocumentAssets(const std::string& path);

// Checks the fields the writers need (page, margins, every font role).
absl::Status ValidateDocumentStyle(const sgs::config::v1::DocumentStyle& style);

inline double MmToPt(double mm) { return mm * 72.0 / 25.4; }

// "仿宋_GB2312,Noto Serif CJK SC": the role's font then its fallbacks, as
// Pango and fontconfig read a family list.
std::string FontFamilyList(const sgs::config::v1::FontRole& role);

// "FF0000" as 0xFF0000; anything but six hex digits is black (0).
uint32_t ParseHexColor(absl::string_view hex);

// Number of Unicode code points of UTF-8 `text`.
int CodePointCount(absl::string_view text);

// Width of `text` in em: CJK and full-width characters count 1, ASCII and
// other narrow characters 0.5. Used where exact shaping is not available
// (DOCX column widths, the issuer mark's scale, XLSX column widths).
double EstimateWidthEm(absl::string_view text);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_FORMATS_DOCUMENT_STYLE_H_
