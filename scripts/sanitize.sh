#!/usr/bin/env bash
# Builds the tests with AddressSanitizer + UndefinedBehaviorSanitizer (gcc,
# -DSGS_SANITIZE=ON) in build-asan/ and runs the whole suite under them. A
# sanitizer report aborts the test, so it fails the run.
#   ./scripts/sanitize.sh [ctest args, e.g. -R IngestServer]
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSGS_SANITIZE=ON "${launcher[@]}" >/dev/null
ninja -C build-asan -j"${SGS_JOBS:-$(nproc)}"
# halt_on_error: the first report ends the test; leaks are reported too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
cd build-asan
ctest --output-on-failure --timeout 900 -j2 "$@"
