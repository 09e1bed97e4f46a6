#!/usr/bin/env bash
# Hostile-load run (issue 10): the released ingest_service binary attacked
# from outside while a well-behaved client keeps submitting. Each attack is
# a test of tests/ingest_service/hostile_test.cc that starts the real binary
# (real port, RocksDB in a temp dir) and checks the good client's success,
# the server's peak RSS (VmHWM) and threads against bounds derived from its
# limits, and that it is still SERVING afterwards:
#   - HTTP/2 floods: 5 raw connections of header-only streams, no token,
#     against ingest_service and stats_service
#   - thousands of Health/Watch streams
#   - idle upload streams (per-caller limit, inactivity timeout)
#   - streams of 3 MiB invalid records, a message over the size limit
#   - a capped rejected queue, a 6000-rejection stream summary
# and, when issue 10's disk-full test exists in the build, that one too.
#   ./scripts/hostile.sh [seconds per flood, default 10]
# Prints a line per attack and a summary; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_FLOOD=${1:-10}
BUILD=${SGS_BUILD_DIR:-build}

if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD" -j"${SGS_JOBS:-$(nproc)}" ingest_service stats_service ingest_service_tests

filter='HostileTest.*'
if "$BUILD/ingest_service_tests" --gtest_list_tests | grep -q 'DiskFull'; then
  filter="$filter:*DiskFull*"
fi
start=$SECONDS
status=0
SGS_HOSTILE_SECONDS=$SECONDS_PER_FLOOD \
  "$BUILD/ingest_service_tests" --gtest_filter="$filter" \
  --gtest_brief=0 2>&1 | tee /tmp/sgs-hostile.$$.log || status=1
echo "hostile: summary"
grep -E '^(flood|stats flood|watch flood|large streams):' /tmp/sgs-hostile.$$.log || true
grep -E '^\[  (PASSED|FAILED)  \]|^\[  FAILED  \]' /tmp/sgs-hostile.$$.log || true
rm -f /tmp/sgs-hostile.$$.log
echo "hostile: $((SECONDS - start)) s, $([ $status -eq 0 ] && echo PASSED || echo FAILED)"
exit $status
