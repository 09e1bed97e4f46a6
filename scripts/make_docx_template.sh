#!/usr/bin/env bash
# Builds config/bulletin_template.docx, the default bulletin template, from
# the XML parts kept in config/docx_template/ (edit those, then run this).
# Reproducible: entries in a fixed order with a fixed timestamp, so the same
# parts always give the same bytes (tests/stats_service/docx_template_test
# checks the committed file against the parts).
# Usage: scripts/make_docx_template.sh [parts_dir] [output.docx]
set -euo pipefail
cd "$(dirname "$0")/.."
parts="${1:-config/docx_template}"
out="${2:-config/bulletin_template.docx}"
python3 - "$parts" "$out" <<'PY'
import os, sys, zipfile
parts, out = sys.argv[1], sys.argv[2]
names = []
for root, _, files in os.walk(parts):
    for f in files:
        names.append(os.path.relpath(os.path.join(root, f), parts))
# [Content_Types].xml first, as Office writes it; the rest sorted.
names.sort(key=lambda n: (n != "[Content_Types].xml", n))
with zipfile.ZipFile(out, "w") as z:
    for n in names:
        info = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(parts, n), "rb") as fh:
            z.writestr(info, fh.read())
print(f"make_docx_template: wrote {out} ({len(names)} parts)")
PY
