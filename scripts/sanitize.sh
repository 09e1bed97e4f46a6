#!/usr/bin/env bash
# Builds the tests with AddressSanitizer + UndefinedBehaviorSanitizer (gcc,
# -DSGS_SANITIZE=ON) in build-asan/ and runs them under both. A sanitizer
# report aborts the test, so it fails the run.
#   ./scripts/sanitize.sh [ctest args, e.g. -R IngestServer]
#   SGS_SANITIZE_TARGETS="ingest_service_tests" ./scripts/sanitize.sh -L ingest_service
# SGS_SANITIZE_TARGETS: the ninja targets to build (default: everything);
# pass a matching ctest filter (-L <binary's label>, see CMakeLists.txt),
# since the tests of binaries not built cannot run. CI runs the ingest
# side this way (.ci/run); the whole suite is the default here.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSGS_SANITIZE=ON "${launcher[@]}" >/dev/null
# shellcheck disable=SC2086  # a list of targets
ninja -C build-asan -j"${SGS_JOBS:-$(nproc)}" ${SGS_SANITIZE_TARGETS:-}
# halt_on_error: the first report ends the test; leaks are reported too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# Third-party leaks only (scripts/lsan.supp names each and why).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/scripts/lsan.supp}
cd build-asan
ctest --output-on-failure --timeout 900 -j2 "$@"
