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
  clang-format clang-tidy  # scripts/check.sh
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install_deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
