#!/usr/bin/env bash
# Regenerates the pictures of the bulletin in docs/images/: the first page
# of the DOCX as LibreOffice prints it, the first page of the PDF, a
# landscape attachment page, the XLSX print preview (LibreOffice -> PDF)
# and the trend chart. The documents are the test suite's July 2024
# sample (tests/stats_service/sample_documents.h) written by the real
# writers; fonts resolve through config/fonts/fonts.conf (Noto CJK).
# Needs: a build (./scripts/build.sh), LibreOffice, poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/images
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
export FONTCONFIG_FILE="$PWD/config/fonts/fonts.conf"

echo "render_docs_images: writing the sample documents"
SGS_RENDER_DOCS_DIR="$work" build/stats_service_tests \
  --gtest_filter='FormatsSamples.*' >/dev/null

lo() {  # lo FILE: converts FILE to PDF in $work with a private profile
  HOME="$work" soffice -env:UserInstallation="file://$work/lo-profile" \
    --headless --convert-to pdf --outdir "$work/lo" "$1" >/dev/null 2>&1
}
echo "render_docs_images: converting with LibreOffice"
lo "$work/bulletin.docx"
lo "$work/attachments.xlsx"

page() {  # page PDF N NAME
  pdftoppm -png -r 70 -f "$2" -l "$2" -singlefile "$1" "$out/$3"
}
page "$work/lo/bulletin.pdf" 1 docx-page1
page "$work/bulletin.pdf" 1 pdf-page1
page "$work/bulletin.pdf" 2 pdf-page2
landscape=$(pdfinfo -f 1 -l 99 "$work/bulletin.pdf" | awk '/size: 841/ {print $2; exit}')
page "$work/bulletin.pdf" "${landscape:-3}" pdf-attachment
page "$work/lo/attachments.pdf" 1 xlsx-print-preview
cp "$work/trend_chart.png" "$out/trend-chart.png"
ls -l "$out"
