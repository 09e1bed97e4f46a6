#!/usr/bin/env bash
# Builds the test binaries with AddressSanitizer + UndefinedBehaviorSanitizer
# (gcc, -DSGS_SANITIZE=ON) in build-asan/ and runs the suite under both. A
# sanitizer report aborts the test, so it fails the run. CI runs it as is
# (.ci/run, step sanitize): every test binary, HostileTest excepted.
#   ./scripts/sanitize.sh [ctest args, e.g. -R IngestServer]
#   SGS_SANITIZE_TARGETS="ingest_service_tests" ./scripts/sanitize.sh -L ingest_service
# SGS_SANITIZE_TARGETS: the ninja targets to build (default: every test
# binary, which brings the binaries the tests run, but not the benchmarks or
# tools); pass a matching ctest filter (-L <binary's label>, see
# CMakeLists.txt), since the tests of binaries not built cannot run.
# The tree is compiled at -O1 with line tables only (-g1): what the
# sanitizers' stack traces need (function, file, line), and far less compile
# time than the plain build's -O2 -g. SGS_SANITIZE_FLAGS overrides it.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${SGS_SANITIZE_FLAGS:--O1 -g1 -DNDEBUG}" \
  -DSGS_SANITIZE=ON "${launcher[@]}" >/dev/null
default_targets="common_tests ingest_storage_tests ingest_domain_tests \
ingest_service_tests importer_tests stats_service_tests"
# shellcheck disable=SC2086  # a list of targets
ninja -C build-asan -j"${SGS_JOBS:-$(nproc)}" ${SGS_SANITIZE_TARGETS:-$default_targets}
# halt_on_error: the first report ends the test; leaks are reported too.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# Third-party leaks only (scripts/lsan.supp names each and why).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/scripts/lsan.supp}
cd build-asan
ctest --output-on-failure --timeout 900 -j2 "$@"
