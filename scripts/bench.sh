#!/usr/bin/env bash
# Installs PostgreSQL (Debian's postgresql, the benchmark's peer) when it is
# missing and runs the ingest-at-scale benchmark, bench/run.sh.
#   ./scripts/bench.sh [records, default 1000000]
# CI runs ./scripts/bench.sh 20000 (it proves the run works; the numbers of
# a 2-core CI machine are not asserted).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "bench: installing postgresql"
  # The package's own cluster is not started (no init system in CI); the
  # benchmark starts a throwaway one.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    --no-install-recommends postgresql >/dev/null ||
    { $SUDO apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends postgresql >/dev/null; }
fi
exec bench/run.sh "$@"
