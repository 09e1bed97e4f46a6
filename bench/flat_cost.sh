#!/usr/bin/env bash
# W4 (issue 11), flat cost at scale: the SAME fresh data set back-filled
# through the real service (sgs_import --backfill -> BackfillRecords) twice,
#   (a) into an empty store, and
#   (b) into a copy of a big existing store (e.g. 10M records),
# each timed chunk by chunk (rate, server CPU per record), then SubmitRecord
# p50/p99 on the loaded store, and (b)/(a) printed as ratios.
#
#   bench/flat_cost.sh BASE_STORE [RECORDS, default 1000000]
#
# BASE_STORE is an sgs data directory (e.g. one built by
# `BENCH_LOAD=inprocess BENCH_KEEP=1 bench/run.sh 10000000`, or store_load);
# it is copied, never written. The fresh set is generated with another seed
# and its document numbers start above the base set's (gen_records
# --number_offset, default 10000000 = the base set's record count), so no
# record collides: the run FAILS if any back-filled record of (b) was a
# correction, or any SubmitRecord sample was not a new record. An older
# format base store is migrated when the service opens it, before the clock
# starts.
#
# Environment: BENCH_PORT_BASE (64100: ingest +1), BENCH_DIR (temp dir,
# removed unless BENCH_KEEP=1; the base copy is always removed), BENCH_SEED
# (7), BENCH_NUMBER_OFFSET (10000000), BENCH_UNITS (1000, as the base
# set's), BENCH_CHUNKS (10), BENCH_SUBMITS (200), SGS_BUILD_DIR (build),
# BENCH_BIN_DIR (prebuilt binaries), BENCH_INGEST_FLAGS, BENCH_OUT (copy of
# the table), BENCH_PHASES ("empty base", or one of them).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${1:?usage: bench/flat_cost.sh BASE_STORE [RECORDS]}
RECORDS=${2:-1000000}
UNITS=${BENCH_UNITS:-1000}
CHUNKS=${BENCH_CHUNKS:-10}
SEED=${BENCH_SEED:-7}
OFFSET=${BENCH_NUMBER_OFFSET:-10000000}
SUBMITS=${BENCH_SUBMITS:-200}
PHASES=${BENCH_PHASES:-empty base}
INGEST_PORT=$((${BENCH_PORT_BASE:-64100} + 1))
BUILD=${BENCH_BIN_DIR:-${SGS_BUILD_DIR:-build}}
if [ -z "${BENCH_BIN_DIR:-}" ]; then
  ninja -C "$BUILD" -j"${SGS_JOBS:-$(nproc)}" gen_records bench_client \
    ingest_service sgs_import >/dev/null
fi
if [ ! -d "$BASE" ]; then echo "flat_cost: no store at $BASE" >&2; exit 2; fi

WORK=${BENCH_DIR:-$(mktemp -d /tmp/sgs-flat.XXXXXX)}
mkdir -p "$WORK"
DATA=$WORK/data
ingest_pid=""
cleanup() {
  if [ -n "$ingest_pid" ]; then kill -TERM "$ingest_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$WORK/store-base"
  if [ "${BENCH_KEEP:-0}" != 1 ] && [ -z "${BENCH_DIR:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
BENCH_LOG_NAME=flat_cost
# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
json_field() { python3 -c "import json,sys; print(int(json.load(open(sys.argv[1]))[sys.argv[2]]))" "$1" "$2"; }

log "generating $RECORDS records (seed $SEED, document numbers from $((OFFSET + 1))) in $DATA"
"$BUILD/gen_records" --records="$RECORDS" --units="$UNITS" --chunks="$CHUNKS" \
  --seed="$SEED" --number_offset="$OFFSET" --out_dir="$DATA"

declare -A RATE FIRST LAST CPU CPU_FIRST CPU_LAST P50 P99 RSS CREATED CORRECTED OPEN_S WRITTEN
run_phase() {  # name store-dir
  local name=$1 store=$2
  log "$name: ingest_service on $store (port $INGEST_PORT)"
  local start
  start=$(now)
  "$BUILD/ingest_service" --host=127.0.0.1 --port="$INGEST_PORT" \
    --data_dir="$store" --registry="$DATA/registry.textproto" --dev_no_auth \
    --log_level=warning ${BENCH_INGEST_FLAGS:-} 2>"$WORK/ingest-$name.log" &
  ingest_pid=$!
  # Opening a big or older-format store (a migration) may take minutes.
  local up=0
  for _ in $(seq 1 36000); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$INGEST_PORT") 2>/dev/null; then up=1; break; fi
    if ! kill -0 "$ingest_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ "$up" != 1 ]; then log "$name: the service did not start"; tail "$WORK/ingest-$name.log" >&2; exit 1; fi
  OPEN_S[$name]=$(elapsed "$start")
  local total=0 cpu_start created=0 corrected=0 written_start
  cpu_start=$(cpu_seconds "$ingest_pid")
  written_start=$(write_bytes "$ingest_pid")
  for i in $(seq 1 "$CHUNKS"); do
    local file cpu_before seconds cpu
    file=$(printf '%s/records-%02d.csv' "$DATA" "$i")
    start=$(now)
    cpu_before=$(cpu_seconds "$ingest_pid")
    "$BUILD/sgs_import" --target="127.0.0.1:$INGEST_PORT" --backfill \
      --input="$file" --report="$WORK/rejected-$name-$i.csv" \
      --summary_json="$WORK/import-$name-$i.json" \
      --progress_interval_seconds=0 >"$WORK/import-$name-$i.txt" 2>&1 || {
      log "$name: sgs_import of chunk $i failed:"; tail -20 "$WORK/import-$name-$i.txt" >&2; exit 1; }
    seconds=$(elapsed "$start")
    cpu=$(awk -v a="$cpu_before" -v b="$(cpu_seconds "$ingest_pid")" 'BEGIN { print b - a }')
    total=$(awk -v a="$total" -v b="$seconds" 'BEGIN { print a + b }')
    created=$((created + $(json_field "$WORK/import-$name-$i.json" created)))
    corrected=$((corrected + $(json_field "$WORK/import-$name-$i.json" corrected)))
    [ "$i" -eq 1 ] && FIRST[$name]=$(rate "$(chunk_records 1)" "$seconds") && CPU_FIRST[$name]=$(micros_per "$cpu" "$(chunk_records 1)")
    [ "$i" -eq "$CHUNKS" ] && LAST[$name]=$(rate "$(chunk_records "$i")" "$seconds") && CPU_LAST[$name]=$(micros_per "$cpu" "$(chunk_records "$i")")
    log "$name chunk $i/$CHUNKS: $(rate "$(chunk_records "$i")" "$seconds") records/s, server CPU $(micros_per "$cpu" "$(chunk_records "$i")") us/record, peak RSS $(peak_mib "$ingest_pid") MiB"
  done
  RATE[$name]=$(rate "$RECORDS" "$total")
  CPU[$name]=$(micros_per "$(awk -v a="$cpu_start" -v b="$(cpu_seconds "$ingest_pid")" 'BEGIN { print b - a }')" "$RECORDS")
  WRITTEN[$name]=$((($(write_bytes "$ingest_pid") - written_start) / RECORDS))
  CREATED[$name]=$created
  CORRECTED[$name]=$corrected
  # Fresh identities (numbers above both sets): bench_client fails unless
  # every sample is a new record.
  "$BUILD/bench_client" --mode=submit --target="127.0.0.1:$INGEST_PORT" \
    --count="$SUBMITS" --records="$RECORDS" --units="$UNITS" --seed="$SEED" \
    --number_offset="$OFFSET" >"$WORK/submit-$name.txt"
  P50[$name]=$(sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p' "$WORK/submit-$name.txt")
  P99[$name]=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' "$WORK/submit-$name.txt")
  RSS[$name]=$(peak_mib "$ingest_pid")
  kill -TERM "$ingest_pid"
  wait "$ingest_pid" || true
  ingest_pid=""
  log "$name: ${RATE[$name]} records/s, created ${CREATED[$name]}, corrected ${CORRECTED[$name]}, SubmitRecord p50 ${P50[$name]} ms p99 ${P99[$name]} ms"
}

base_records=""
for phase in $PHASES; do
  case $phase in
    empty) rm -rf "$WORK/store-empty"; run_phase empty "$WORK/store-empty" ;;
    base)
      log "copying $BASE ($(du -sh "$BASE" | cut -f1)) to $WORK/store-base"
      rm -rf "$WORK/store-base"
      cp -a "$BASE" "$WORK/store-base"
      run_phase base "$WORK/store-base"
      rm -rf "$WORK/store-base"
      ;;
    *) log "unknown phase $phase"; exit 2 ;;
  esac
done

failed=0
for phase in $PHASES; do
  if [ "${CORRECTED[$phase]}" != 0 ] || [ "${CREATED[$phase]}" != "$RECORDS" ]; then
    log "$phase: expected $RECORDS new records, got created=${CREATED[$phase]} corrected=${CORRECTED[$phase]}"
    failed=1
  fi
done
row() {  # label key
  local a=${2}_empty b=${2}_base
  printf '| %s | %s | %s | %s |\n' "$1" "${!a:-}" "${!b:-}" "$(ratio "${!b:-0}" "${!a:-0}")"
}
for phase in $PHASES; do
  declare "rate_$phase=${RATE[$phase]}" "first_$phase=${FIRST[$phase]}" \
    "last_$phase=${LAST[$phase]}" "cpu_$phase=${CPU[$phase]}" \
    "cpufirst_$phase=${CPU_FIRST[$phase]}" "cpulast_$phase=${CPU_LAST[$phase]}" \
    "p50_$phase=${P50[$phase]}" "p99_$phase=${P99[$phase]}" "rss_$phase=${RSS[$phase]}" \
    "open_$phase=${OPEN_S[$phase]}" "written_$phase=${WRITTEN[$phase]}"
done
{
  echo
  echo "sgs flat cost (W4), $(date -u '+%F %H:%M') UTC, $RECORDS fresh records (seed $SEED) into an empty store and into a copy of $BASE, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: bench/flat_cost.sh $BASE $RECORDS"
  echo
  echo "| W4 | into empty store | into base store | base/empty |"
  echo "|---|---:|---:|---:|"
  row "back-fill records/s (sgs_import --backfill)" rate
  row "first chunk records/s" first
  row "last chunk records/s" last
  row "server CPU us/record, whole load" cpu
  row "server CPU us/record, first chunk" cpufirst
  row "server CPU us/record, last chunk" cpulast
  row "SubmitRecord p50 ms (after the load)" p50
  row "SubmitRecord p99 ms (after the load)" p99
  row "bytes written to disk per record (WAL, flush, compaction)" written
  row "ingest_service peak RSS MiB" rss
  row "service start (open, any migration), s" open
  echo
  for phase in $PHASES; do echo "$phase: created ${CREATED[$phase]}, corrected ${CORRECTED[$phase]}"; done
} | tee "$WORK/flat-cost.txt"
if [ -n "${BENCH_OUT:-}" ]; then cp "$WORK/flat-cost.txt" "$BENCH_OUT"; fi
exit "$failed"
