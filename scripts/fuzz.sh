#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and
# runs each for a bounded time.
#   ./scripts/fuzz.sh [seconds-per-target, default 30] [target ...]
# Each target runs over a working copy of its seed corpus
# (build-fuzz/fuzz-work/<target>/corpus: the seeds of fuzz/corpus/<target>
# plus whatever earlier runs found; fuzz/corpus itself is never written).
# Prints per target: executions, exec/s, and the crash file (crash-,
# timeout-, oom- or leak-) if any; exits 1 when any target found one.
# Replay a crash: build-fuzz/<target> <crash file>
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SECONDS_PER_TARGET=${1:-30}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(validate_record_fuzzer import_row_fuzzer key_decoding_fuzzer)
fi

./scripts/install_deps.sh
missing=()
for package in clang libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "fuzz: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

BUILD="$ROOT/build-fuzz"
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja \
  -DSGS_FUZZ=ON -DSGS_BUILD_TESTS=OFF >/dev/null
ninja -C "$BUILD" -j"${SGS_JOBS:-2}" "${TARGETS[@]}"

WORK="$BUILD/fuzz-work"
failed=0
summary=()
for target in "${TARGETS[@]}"; do
  corpus="$WORK/$target/corpus"
  artifacts="$WORK/$target/artifacts"
  log="$WORK/$target/last-run.log"
  mkdir -p "$corpus"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  cp -n "$ROOT/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: $target for ${SECONDS_PER_TARGET}s"
  rc=0
  "$BUILD/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=25 \
    -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  crash=$(find "$artifacts" -type f | head -1)
  if [ -n "$crash" ] || [ "$rc" -ne 0 ]; then
    failed=1
    grep -E "property failed|ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error|SUMMARY" "$log" | head -8 || true
    [ -n "$crash" ] || crash="(exit $rc, no crash file; see $log)"
    result="CRASH $crash"
    echo "  replay: $BUILD/$target $crash"
  else
    result="crashes 0"
  fi
  line=$(printf '%-24s executions %10s  exec/s %7s  %s' "$target" "${execs:-?}" "${rate:-?}" "$result")
  echo "$line"
  summary+=("$line")
done

echo "fuzz summary (${SECONDS_PER_TARGET}s per target):"
printf '  %s\n' "${summary[@]}"
exit $failed
