#include "stats_service/formats/document_style.h"

#include <cstdint>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/config_loader.h"
#include "common/utf8_lenient.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::DocumentStyle;
using ::sgs::config::v1::FontRole;

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD) ||
         cp == 0x2014 || cp == 0x201C || cp == 0x201D || cp == 0x2026;
}

}  // namespace

absl::Status ValidateDocumentStyle(const DocumentStyle& style) {
  if (style.page_width_mm() <= 0 || style.page_height_mm() <= 0) {
    return absl::InvalidArgumentError(
        "document_style: page_width_mm 和 page_height_mm 必须为正数");
  }
  for (const auto* margins : {&style.margins(), &style.landscape_margins()}) {
    if (margins->top_mm() <= 0 || margins->bottom_mm() <= 0 ||
        margins->left_mm() <= 0 || margins->right_mm() <= 0) {
      return absl::InvalidArgumentError(
          "document_style: margins / landscape_margins 的四边必须为正数");
    }
  }
  if (style.margins().left_mm() + style.margins().right_mm() >=
          style.page_width_mm() ||
      style.margins().top_mm() + style.margins().bottom_mm() >=
          style.page_height_mm()) {
    return absl::InvalidArgumentError(
        "document_style: margins 超出纸张 (no type area left)");
  }
  const std::pair<const char*, const FontRole*> roles[] = {
      {"issuer_mark", &style.issuer_mark()},
      {"document_number", &style.document_number()},
      {"title", &style.title()},
      {"body", &style.body()},
      {"heading1", &style.heading1()},
      {"heading2", &style.heading2()},
      {"heading3", &style.heading3()},
      {"heading4", &style.heading4()},
      {"attachment_label", &style.attachment_label()},
      {"attachment_title", &style.attachment_title()},
      {"table", &style.table()},
      {"table_heading", &style.table_heading()},
      {"imprint", &style.imprint()},
      {"page_number", &style.page_number()},
      {"draft_mark", &style.draft_mark()},
      {"chart", &style.chart()},
  };
  for (const auto& [field, role] : roles) {
    if (role->name().empty() || role->size_pt() <= 0 || role->size_pt() > 200) {
      return absl::InvalidArgumentError(
          absl::StrCat("document_style.", field,
                       ": 需要字体名 name 和 0 到 200 之间的字号 size_pt"));
    }
  }
  if (style.chart_width_px() < 200 || style.chart_width_px() > 8000 ||
      style.chart_height_px() < 150 || style.chart_height_px() > 8000) {
    return absl::InvalidArgumentError(
        "document_style.chart_width_px/chart_height_px: 应在 200..8000 / "
        "150..8000 像素之间");
  }
  return absl::OkStatus();
}

absl::StatusOr<DocumentAssets> LoadDocumentAssets(const std::string& path) {
  DocumentAssets assets;
  if (absl::Status s = LoadTextProtoFile(path, &assets.style); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateDocumentStyle(assets.style); !s.ok()) return s;
  if (!assets.style.docx_template().empty()) {
    std::filesystem::path docx(assets.style.docx_template());
    if (docx.is_relative()) {
      docx = std::filesystem::path(path).parent_path() / docx;
    }
    absl::StatusOr<std::string> bytes = ReadFileToString(docx.string());
    if (!bytes.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("document_style.docx_template: 无法读取 ", docx.string(),
                       ": ", bytes.status().message()));
    }
    assets.docx_template = *std::move(bytes);
  }
  return assets;
}

std::string FontFamilyList(const FontRole& role) {
  std::string out = role.name();
  for (const std::string& fallback : role.fallbacks()) {
    absl::StrAppend(&out, ",", fallback);
  }
  return out;
}

uint32_t ParseHexColor(absl::string_view hex) {
  if (hex.size() != 6) return 0;
  uint32_t value = 0;
  for (char c : hex) {
    value <<= 4;
    if (c >= '0' && c <= '9') {
      value |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      value |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return 0;
    }
  }
  return value;
}

int CodePointCount(absl::string_view text) {
  int count = 0;
  for (size_t i = 0; i < text.size();) {
    NextCodePointLenient(text, &i);
    ++count;
  }
  return count;
}

double EstimateWidthEm(absl::string_view text) {
  double em = 0;
  for (size_t i = 0; i < text.size();) {
    em += IsWide(NextCodePointLenient(text, &i)) ? 1.0 : 0.5;
  }
  return em;
}

}  // namespace sgs::stats
