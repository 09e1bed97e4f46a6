// A draft (征求意见稿) carries its mark in every format RenderBulletin
// offers: the text and Markdown, DOCX and PDF (read back with unzip and
// pdftotext), the XLSX sheets, each CSV as its first line (cell A1 in
// Excel/WPS, still reconciled by ReconcileTable), and the trend chart PNG
// as red text under its title (found by its pixels, absent from the final
// chart). The final document carries no mark in any of them.
#include <cairo.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "stats_service/bulletin_renderer.h"
#include "stats_service/reconcile.h"
#include "tests/stats_service/bulletin_fixtures.h"
#include "tests/stats_service/sample_documents.h"
#include "tests/stats_service/seed_tables.h"

namespace sgs::stats {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kMark[] = "征求意见稿（数据截至7月20日）";
constexpr char kBom[] = "\xEF\xBB\xBF";

class DraftFormatsTest : public ::testing::Test {
 protected:
  DraftFormatsTest() : assets_(sgs::testing::ShippedAssets()) {}

  // July 2024 asked for on 20 July as a draft, or on 5 August as final.
  BulletinInput Input(bool draft) {
    BulletinInput input = fixtures::JulyInput();
    if (draft) {
      input.today = absl::CivilDay(2024, 7, 20);
      input.draft = true;
    }
    input.document_assets = &assets_;
    // Twelve months ending with July 2024 for the chart.
    for (int i = 0; i < 12; ++i) {
      sgs::v1::PeriodReport month = input.report;
      const int m = (7 + i) % 12 + 1;  // 8, 9, ..., 12, 1, ..., 7
      month.mutable_period()->set_year(m >= 8 ? 2023 : 2024);
      month.mutable_period()->set_month(m);
      input.trend_reports.push_back(month);
    }
    return input;
  }

  std::string Render(const BulletinInput& input,
                     sgs::v1::BulletinFormat format) {
    absl::StatusOr<sgs::v1::RenderBulletinResponse> r =
        RenderBulletin(input, format);
    EXPECT_TRUE(r.ok()) << sgs::v1::BulletinFormat_Name(format) << ": "
                        << r.status();
    return r.ok() ? r->content() : std::string();
  }

  // The text a reader of the format sees, spaces and line ends removed.
  std::string ReadBack(const std::string& bytes,
                       sgs::v1::BulletinFormat format) {
    std::string text;
    if (format == sgs::v1::DOCX || format == sgs::v1::ATTACHMENTS_XLSX) {
      const std::string path =
          sgs::testing::WriteFile(dir_.path(), "f.zip", bytes);
      const char* member = format == sgs::v1::DOCX ? "word/document.xml"
                                                   : "xl/sharedStrings.xml";
      text =
          sgs::testing::RunCommand(absl::StrCat("unzip -p ", path, " ", member))
              .output;
    } else if (format == sgs::v1::PDF) {
      const std::string path =
          sgs::testing::WriteFile(dir_.path(), "f.pdf", bytes);
      text = sgs::testing::RunCommand("pdftotext -enc UTF-8 " + path + " -")
                 .output;
    } else {
      text = bytes;
    }
    return absl::StrReplaceAll(text, {{"\n", ""}, {" ", ""}});
  }

  sgs::stats::DocumentAssets assets_;
  sgs::testing::TempDir dir_;
};

TEST_F(DraftFormatsTest, EveryTextFormatCarriesTheMark) {
  if (!sgs::testing::HaveCommand("unzip") ||
      !sgs::testing::HaveCommand("pdftotext")) {
    GTEST_SKIP() << "unzip and poppler-utils are needed to read the files";
  }
  const BulletinInput draft = Input(true);
  const BulletinInput final_input = Input(false);
  for (sgs::v1::BulletinFormat format :
       {sgs::v1::TEXT, sgs::v1::MARKDOWN, sgs::v1::ATTACHMENT_1_CSV,
        sgs::v1::ATTACHMENT_2_CSV, sgs::v1::ESCALATIONS_CSV,
        sgs::v1::ATTACHMENTS_XLSX, sgs::v1::DOCX, sgs::v1::PDF}) {
    const std::string name = sgs::v1::BulletinFormat_Name(format);
    EXPECT_THAT(ReadBack(Render(draft, format), format), HasSubstr(kMark))
        << name;
    EXPECT_THAT(ReadBack(Render(final_input, format), format),
                Not(HasSubstr("征求意见稿")))
        << name;
  }
}

TEST_F(DraftFormatsTest, CsvOpensWithTheMarkAndStillReconciles) {
  const BulletinInput draft = Input(true);
  for (sgs::v1::BulletinFormat format :
       {sgs::v1::ATTACHMENT_1_CSV, sgs::v1::ATTACHMENT_2_CSV,
        sgs::v1::ESCALATIONS_CSV}) {
    EXPECT_THAT(Render(draft, format),
                StartsWith(absl::StrCat(kBom, kMark, "\r\n序号,")))
        << sgs::v1::BulletinFormat_Name(format);
  }
  // The mark is a title line to the reconciler: the draft's Attachment 1
  // agrees with the figures it was rendered from.
  absl::StatusOr<sgs::v1::ReconcileTableResponse> result =
      ReconcileTable(Render(draft, sgs::v1::ATTACHMENT_1_CSV), draft.report,
                     sgs::testing::ShippedRegistry());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->discrepancies_size(), 0) << result->DebugString();
  EXPECT_EQ(result->unknown_units_size(), 0) << result->DebugString();
  EXPECT_EQ(result->missing_units_size(), 0) << result->DebugString();
}

cairo_status_t ReadFromString(void* closure, unsigned char* data,
                              unsigned int length) {
  auto* rest = static_cast<absl::string_view*>(closure);
  if (rest->size() < length) return CAIRO_STATUS_READ_ERROR;
  std::copy(rest->begin(), rest->begin() + length, data);
  rest->remove_prefix(length);
  return CAIRO_STATUS_SUCCESS;
}

// Pixels in the draft mark's red (0.75, 0, 0), which no other ink of the
// chart reaches (its late-rate red has green and blue at 25): their count
// and the lowest row holding one.
struct MarkPixels {
  int count = 0;
  int lowest_row = -1;
  int height = 0;
};

MarkPixels FindMarkPixels(const std::string& png) {
  absl::string_view rest = png;
  cairo_surface_t* image =
      cairo_image_surface_create_from_png_stream(ReadFromString, &rest);
  MarkPixels found;
  if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
    ADD_FAILURE() << "not a PNG";
    cairo_surface_destroy(image);
    return found;
  }
  cairo_surface_flush(image);
  const int width = cairo_image_surface_get_width(image);
  found.height = cairo_image_surface_get_height(image);
  const int stride = cairo_image_surface_get_stride(image);
  const unsigned char* data = cairo_image_surface_get_data(image);
  for (int y = 0; y < found.height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + y * stride);
    for (int x = 0; x < width; ++x) {
      const uint32_t p = row[x];  // xRGB, native endian
      const int r = (p >> 16) & 0xFF;
      const int g = (p >> 8) & 0xFF;
      const int b = p & 0xFF;
      if (r > 150 && g < 12 && b < 12) {
        ++found.count;
        found.lowest_row = y;
      }
    }
  }
  cairo_surface_destroy(image);
  return found;
}

TEST_F(DraftFormatsTest, ChartPngShowsTheMarkUnderItsTitle) {
  const MarkPixels draft =
      FindMarkPixels(Render(Input(true), sgs::v1::TREND_CHART_PNG));
  const MarkPixels final_chart =
      FindMarkPixels(Render(Input(false), sgs::v1::TREND_CHART_PNG));
  EXPECT_GT(draft.count, 50);
  // Under the title, above the panels.
  EXPECT_LT(draft.lowest_row, draft.height / 4);
  EXPECT_EQ(final_chart.count, 0);
}

}  // namespace
}  // namespace sgs::stats
