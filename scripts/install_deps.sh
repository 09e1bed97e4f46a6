#!/usr/bin/env bash
# Installs the Debian 12 packages sgs needs to build, run and test.
# Skips apt-get entirely when everything is already there.
set -euo pipefail

PACKAGES=(
  cmake g++ ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libprotoc-dev  # compiler/parser.h, for tests/support/reflection_client.cc
  libabsl-dev librocksdb-dev libgtest-dev libgmock-dev libxlsxwriter-dev
  libssl-dev openssl unzip
  # The bulletin's DOCX (package and XML), PDF and trend chart, with CJK fonts.
  libzip-dev libpugixml-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk
  # Tests open the documents with real readers: python-docx, openpyxl,
  # poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and LibreOffice headless
  # (DOCX/XLSX -> PDF; about 70 s to install on a fresh machine).
  python3-docx python3-openpyxl poppler-utils
  libreoffice-writer-nogui libreoffice-calc-nogui
  libspdlog-dev        # structured JSON logs (common/logging.h)
  prometheus-cpp-dev   # /metrics (common/metrics.h)
  libutf8proc-dev      # NFKC of identity fields (common/identity_normalizer.h)
  libjemalloc-dev      # ingest_service's and sgs_import's allocator (CMakeLists.txt)
  clang-format clang-tidy  # scripts/check.sh
)
# scripts/validate_k8s.sh (Kubernetes schema check) needs node and npm; a
# machine that has them from elsewhere (NodeSource's nodejs bundles npm and
# conflicts with Debian's npm package) keeps its own.
NODE_PACKAGES=(nodejs npm)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=("${NODE_PACKAGES[@]}")
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install_deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
