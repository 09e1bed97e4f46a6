#!/usr/bin/env bash
# Builds and runs the soak test (bench/soak.cc): concurrent loopback
# clients against the real ingest_service for a bounded time.
#   ./scripts/soak.sh [seconds, default 60] [more soak flags, e.g. --clients=32]
# Builds in ./build (where scripts/build.sh and CI build everything; set
# SGS_BUILD_DIR to use another tree). Exits non-zero on an unexpected error,
# memory still growing at the end, or an unclean server shutdown.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TO_RUN=${1:-60}
shift || true
BUILD=${SGS_BUILD_DIR:-build}

./scripts/install_deps.sh
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD" -j"${SGS_JOBS:-$(nproc)}" soak ingest_service
exec "$BUILD/soak" --seconds="$SECONDS_TO_RUN" "$@"
