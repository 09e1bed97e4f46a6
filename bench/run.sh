#!/usr/bin/env bash
# The ingest-at-scale benchmark (issue 11): one run, one machine, peers
# measured side by side on the same generated records.
#
#   bench/run.sh [RECORDS, default 1000000]
#
#   W1  back-fill rate: sgs_import --backfill -> BackfillRecords -> RocksDB,
#       vs PostgreSQL 15 COPY into a table with a primary key (the record's
#       identity) and a (unit, receipt time) index, fsync on, vs raw RocksDB
#       writing the keys the store writes, aggregate merges included
#       (bench/raw_rocks_load_main.cc), and, as in runs before format 4,
#       without the merges.
#   W4  the rate of the last chunk (store holding the rest) vs the first
#       chunk, for all three; SubmitRecord p50/p99 after the first chunk and
#       at the end.
#   W2  GetPeriodReport (month, quarter) and ListEscalations vs the same
#       table from PostgreSQL with a covering index.
#   W3  ingest_service peak RSS after every chunk; stats_service peak RSS
#       for one month, quarter and year report (a fresh process each).
#   Check: sgs and PostgreSQL give the same table (unit, licensing,
#       penalty, total, late, missed) for sample months and a quarter, and
#       the same escalated units; a difference fails the run.
#
# Environment: BENCH_UNITS (1000), BENCH_CHUNKS (10), BENCH_PORT_BASE
# (64000: ingest +1, stats +2, PostgreSQL +3), BENCH_DIR (a temp dir,
# removed at the end unless BENCH_KEEP=1), BENCH_OUT (also write the table
# there), SGS_BUILD_DIR (build), BENCH_BIN_DIR (use the binaries there,
# build nothing), BENCH_INGEST_FLAGS (extra ingest_service flags),
# BENCH_LOAD=inprocess (load sgs with bench/store_load_main.cc, through
# RecordStore in-process without fsync, and skip raw RocksDB: for big report
# stores; W1/W4 are then not measured), BENCH_LOAD=none (with a BENCH_DIR
# holding an sgs store and the generated files, e.g. from a store_load run
# of its own: only PostgreSQL is loaded), BENCH_REPORTS_ONLY=1 (with a kept
# BENCH_DIR: skip generation and every load, reuse its sgs store and
# PostgreSQL cluster, run W2/W3 and the table check). Needs Debian's postgresql package
# (scripts/install_deps.sh does not install it; CI installs it before the
# bench step). Numbers, never assertions: the exit code is about whether
# the run worked and the tables agree.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

RECORDS=${1:-1000000}
UNITS=${BENCH_UNITS:-1000}
CHUNKS=${BENCH_CHUNKS:-10}
PORT_BASE=${BENCH_PORT_BASE:-64000}
INGEST_PORT=$((PORT_BASE + 1))
STATS_PORT=$((PORT_BASE + 2))
PG_PORT=$((PORT_BASE + 3))
BUILD=${SGS_BUILD_DIR:-build}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
SUBMITS=${BENCH_SUBMITS:-200}

if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "bench: PostgreSQL not found (apt-get install postgresql)" >&2
  exit 2
fi
if [ -n "${BENCH_BIN_DIR:-}" ]; then
  # Prebuilt binaries (e.g. copies of an earlier build, to compare).
  BUILD=$BENCH_BIN_DIR
else
  if [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  ninja -C "$BUILD" -j"${SGS_JOBS:-$(nproc)}" gen_records raw_rocks_load \
    bench_client ingest_service stats_service sgs_import store_load >/dev/null
fi

WORK=${BENCH_DIR:-$(mktemp -d /tmp/sgs-bench.XXXXXX)}
mkdir -p "$WORK"
chmod 755 "$WORK"
DATA=$WORK/data
RESULTS=$WORK/results.txt
: >"$RESULTS"

ingest_pid=""
stats_pid=""
pg_started=""
PG_USER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then PG_USER=postgres; fi
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  if [ -n "$stats_pid" ]; then kill -TERM "$stats_pid" 2>/dev/null || true; fi
  if [ -n "$ingest_pid" ]; then kill -TERM "$ingest_pid" 2>/dev/null || true; fi
  if [ -n "$pg_started" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  wait 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" != 1 ] && [ -z "${BENCH_DIR:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

BENCH_LOG_NAME=bench
# shellcheck source=bench/bench_lib.sh
source bench/bench_lib.sh
wait_for_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "nothing listens on port $1"
  return 1
}
result() { printf '%s\n' "$*" | tee -a "$RESULTS"; }

REPORTS_ONLY=${BENCH_REPORTS_ONLY:-0}
LOAD=${BENCH_LOAD:-service}
KEPT=()  # what a reused BENCH_DIR must hold
if [ "$LOAD" = none ]; then KEPT=("$DATA/registry.textproto" "$WORK/sgs"); fi
if [ "$REPORTS_ONLY" = 1 ]; then KEPT=("$DATA/registry.textproto" "$WORK/sgs" "$WORK/pg"); fi
for needed in "${KEPT[@]}"; do
  if [ ! -e "$needed" ]; then
    log "BENCH_LOAD=none / BENCH_REPORTS_ONLY=1 need a kept BENCH_DIR with $needed"
    exit 2
  fi
done
if [ "${#KEPT[@]}" -eq 0 ]; then
log "generating $RECORDS records for $UNITS units in $CHUNKS files ($DATA)"
start=$(now)
"$BUILD/gen_records" --records="$RECORDS" --units="$UNITS" --chunks="$CHUNKS" \
  --out_dir="$DATA"
log "generated in $(elapsed "$start") s"
fi
CHUNK_FILES=()
for i in $(seq 1 "$CHUNKS"); do CHUNK_FILES+=("$(printf '%s/records-%02d.csv' "$DATA" "$i")"); done
FIRST_N=$(chunk_records 1)
LAST_N=$(chunk_records "$CHUNKS")

# ---------------------------------------------------------------- raw RocksDB
raw_total=0 raw_first=0 raw_last=0 raw_bytes=0 raw_plain_total=0
if [ "$REPORTS_ONLY" != 1 ] && [ "$LOAD" = service ]; then
# raw_load OUT [flags]: one raw_rocks_load run into $WORK/raw, lines to OUT.
raw_load() {
  local out=$1
  shift
  "$BUILD/raw_rocks_load" --records="$RECORDS" --units="$UNITS" \
    --chunks="$CHUNKS" --db="$WORK/raw" "$@" >"$out"
}
raw_seconds() { awk '/raw total/ { sub("seconds=", "", $4); print $4 }' "$1"; }
log "raw RocksDB (same keys, fsync per batch)"
raw_load "$WORK/raw.txt"
raw_total=$(raw_seconds "$WORK/raw.txt")
raw_first=$(awk '/raw chunk=1 / { sub("seconds=", "", $4); print $4 }' "$WORK/raw.txt")
raw_last=$(awk -v c="$CHUNKS" '$2 == "chunk=" c { sub("seconds=", "", $4); print $4 }' "$WORK/raw.txt")
raw_bytes=$(du -sb "$WORK/raw" | cut -f1)
rm -rf "$WORK/raw"
log "raw RocksDB without the aggregate merges (the earlier peer)"
raw_load "$WORK/raw-plain.txt" --aggregates=false
raw_plain_total=$(raw_seconds "$WORK/raw-plain.txt")
rm -rf "$WORK/raw"
fi

# ------------------------------------------------------------------------ sgs
if [ "$REPORTS_ONLY" != 1 ] && [ "$LOAD" = inprocess ]; then
  log "sgs: loading $RECORDS records in-process (store_load, no fsync)"
  start=$(now)
  "$BUILD/store_load" --records="$RECORDS" --units="$UNITS" \
    --db="$WORK/sgs" >"$WORK/store-load.txt"
  log "sgs in-process load: $(rate "$RECORDS" "$(elapsed "$start")") records/s"
fi
log "sgs: ingest_service on port $INGEST_PORT"
"$BUILD/ingest_service" --host=127.0.0.1 --port="$INGEST_PORT" \
  --data_dir="$WORK/sgs" --registry="$DATA/registry.textproto" --dev_no_auth \
  --log_level=warning ${BENCH_INGEST_FLAGS:-} 2>"$WORK/ingest.log" &
ingest_pid=$!
wait_for_port "$INGEST_PORT"
sgs_total=0
sgs_first=0
sgs_last=0
ingest_peak=0
sgs_cpu_first=0
sgs_cpu_last=0
sgs_cpu_start=$(cpu_seconds "$ingest_pid")
LOAD_CHUNKS=$CHUNKS
if [ "$REPORTS_ONLY" = 1 ] || [ "$LOAD" != service ]; then LOAD_CHUNKS=0; fi
for i in $(seq 1 "$LOAD_CHUNKS"); do
  start=$(now)
  cpu_before=$(cpu_seconds "$ingest_pid")
  "$BUILD/sgs_import" --target="127.0.0.1:$INGEST_PORT" --backfill \
    --input="${CHUNK_FILES[$((i - 1))]}" --report="$WORK/rejected-$i.csv" \
    --progress_interval_seconds=0 >"$WORK/import-$i.txt" 2>&1 || {
    log "sgs_import of chunk $i failed:"
    tail -20 "$WORK/import-$i.txt" >&2
    exit 1
  }
  seconds=$(elapsed "$start")
  cpu=$(awk -v a="$cpu_before" -v b="$(cpu_seconds "$ingest_pid")" 'BEGIN { print b - a }')
  [ "$i" -eq 1 ] && sgs_cpu_first=$cpu
  [ "$i" -eq "$CHUNKS" ] && sgs_cpu_last=$cpu
  sgs_total=$(awk -v a="$sgs_total" -v b="$seconds" 'BEGIN { print a + b }')
  [ "$i" -eq 1 ] && sgs_first=$seconds
  [ "$i" -eq "$CHUNKS" ] && sgs_last=$seconds
  ingest_peak=$(peak_mib "$ingest_pid")
  log "sgs chunk $i/$CHUNKS: $(rate "$(chunk_records "$i")" "$seconds") records/s, server CPU $(micros_per "$cpu" "$(chunk_records "$i")") us/record, ingest peak RSS ${ingest_peak} MiB"
  if [ "$i" -eq 1 ]; then
    "$BUILD/bench_client" --mode=submit --target="127.0.0.1:$INGEST_PORT" \
      --count="$SUBMITS" --records="$RECORDS" --units="$UNITS" >"$WORK/submit-first.txt"
  fi
done
if [ "$LOAD_CHUNKS" -gt 0 ]; then
"$BUILD/bench_client" --mode=submit --target="127.0.0.1:$INGEST_PORT" \
  --count="$SUBMITS" --records="$RECORDS" --units="$UNITS" \
  --offset="$SUBMITS" >"$WORK/submit-last.txt"
else
  : >"$WORK/submit-first.txt"
  : >"$WORK/submit-last.txt"
fi
ingest_peak=$(peak_mib "$ingest_pid")
sgs_cpu_total=$(awk -v a="$sgs_cpu_start" -v b="$(cpu_seconds "$ingest_pid")" 'BEGIN { print b - a }')
sgs_bytes=$(du -sb "$WORK/sgs" | cut -f1)
submit_value() { sed -n "s/.*$2=\([0-9.]*\).*/\1/p" "$1"; }

# ----------------------------------------------------------------- PostgreSQL
log "PostgreSQL ($PG_BIN) on port $PG_PORT, fsync on"
PG_NEW=1
if [ "$REPORTS_ONLY" = 1 ]; then PG_NEW=0; fi
mkdir -p "$WORK/pg" "$WORK/pgsock"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$WORK/pg" "$WORK/pgsock"; fi
if [ "$PG_NEW" = 1 ]; then
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust --locale=C \
  --encoding=UTF8 >"$WORK/initdb.log"
fi
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
  -o "-p $PG_PORT -k $WORK/pgsock -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" \
  start >/dev/null
pg_started=1
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
pg_total=0
pg_first=0
pg_last=0
if [ "$PG_NEW" = 1 ]; then
psql_ <<'SQL'
CREATE TABLE records (
  kind text NOT NULL, dwdm text NOT NULL, gjsj timestamp NOT NULL,
  xk_xdr_mc text, xk_xdr_lb text, xk_xdr_shxym text, xk_frdb text,
  xk_xkws text, xk_wsh text, xk_xklb text, xk_nr text, xk_jdrq date,
  xk_yxqz date, xk_yxqzi date, xk_xkjg text, xk_xkjgdm text, xk_zt text,
  xk_lydw text, xk_lydwdm text,
  cf_xdr_mc text, cf_xdr_lb text, cf_xdr_zjlx text, cf_xdr_zjhm text,
  cf_wsh text, cf_wfxw text, cf_sy text, cf_yj text, cf_cflb text,
  cf_nr text, cf_nr_fk numeric, cf_jdrq date, cf_yxq date, cf_cfjg text,
  cf_cfjgdm text, cf_sjly text, cf_sjlydm text,
  wsh text GENERATED ALWAYS AS (coalesce(xk_wsh, cf_wsh)) STORED,
  jdrq date GENERATED ALWAYS AS (coalesce(xk_jdrq, cf_jdrq)) STORED,
  PRIMARY KEY (dwdm, kind, wsh));
CREATE INDEX records_unit_receipt ON records (dwdm, gjsj);
CREATE TABLE deadlines (decision date PRIMARY KEY, last_on_time date NOT NULL,
                        first_missed date NOT NULL);
SQL
psql_ -c "\\copy deadlines FROM '$DATA/deadlines.tsv'"
COLUMNS="kind,dwdm,gjsj,xk_xdr_mc,xk_xdr_lb,xk_xdr_shxym,xk_frdb,xk_xkws,xk_wsh,xk_xklb,xk_nr,xk_jdrq,xk_yxqz,xk_yxqzi,xk_xkjg,xk_xkjgdm,xk_zt,xk_lydw,xk_lydwdm,cf_xdr_mc,cf_xdr_lb,cf_xdr_zjlx,cf_xdr_zjhm,cf_wsh,cf_wfxw,cf_sy,cf_yj,cf_cflb,cf_nr,cf_nr_fk,cf_jdrq,cf_yxq,cf_cfjg,cf_cfjgdm,cf_sjly,cf_sjlydm"
for i in $(seq 1 "$CHUNKS"); do
  start=$(now)
  psql_ -c "\\copy records ($COLUMNS) FROM '${CHUNK_FILES[$((i - 1))]}' WITH (FORMAT csv, HEADER true)"
  seconds=$(elapsed "$start")
  pg_total=$(awk -v a="$pg_total" -v b="$seconds" 'BEGIN { print a + b }')
  [ "$i" -eq 1 ] && pg_first=$seconds
  [ "$i" -eq "$CHUNKS" ] && pg_last=$seconds
  log "PostgreSQL chunk $i/$CHUNKS: $(rate "$(chunk_records "$i")" "$seconds") records/s"
done
pg_bytes=$(psql_ -At -c "SELECT pg_total_relation_size('records')")
# W2's best index: a covering index on the receipt time, so a period is an
# index-only range scan; VACUUM sets the visibility map it needs.
psql_ -c "CREATE INDEX records_receipt_cover ON records (gjsj) INCLUDE (dwdm, kind, jdrq)"
psql_ -c "VACUUM ANALYZE records"
fi
pg_bytes=$(psql_ -At -c "SELECT pg_total_relation_size('records')")

period_range() {  # period -> "start end" (end exclusive)
  case $1 in
    month:*) local ym=${1#month:}
      echo "$ym-01 $(date -d "$ym-01 +1 month" +%F)" ;;
    quarter:*) local y=${1#quarter:}; local q=${y#*-}; y=${y%-*}
      local m; m=$(printf '%02d' $(((q - 1) * 3 + 1)))
      echo "$y-$m-01 $(date -d "$y-$m-01 +3 month" +%F)" ;;
    year:*) local y=${1#year:}; echo "$y-01-01 $((y + 1))-01-01" ;;
  esac
}
pg_report_sql() {  # period -> the per-unit table
  read -r from to <<<"$(period_range "$1")"
  cat <<SQL
SELECT r.dwdm, count(*) FILTER (WHERE r.kind = 'XK'),
  count(*) FILTER (WHERE r.kind = 'CF'), count(*),
  count(*) FILTER (WHERE r.gjsj::date > d.last_on_time
                     AND r.gjsj::date < d.first_missed),
  count(*) FILTER (WHERE r.gjsj::date >= d.first_missed)
FROM records r JOIN deadlines d ON d.decision = r.jdrq
WHERE r.gjsj >= '$from' AND r.gjsj < '$to'
GROUP BY r.dwdm ORDER BY r.dwdm
SQL
}
pg_escalations_sql() {  # units whose late rate is above the policy's 20%
  echo "SELECT dwdm FROM ($(pg_report_sql "$1")) AS t(dwdm, xk, cf, total, late, missed) WHERE late * 100 > 20 * total ORDER BY dwdm"
}
pg_time() {  # sql-file output-file -> fastest and median of 3 runs, ms
  {
    echo '\timing on'
    for _ in 1 2 3; do echo "\\o $2"; cat "$1"; echo ';'; done
  } >"$1.timed"
  psql_ -At -F $'\t' -f "$1.timed" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' |
    sort -g | awk '{ t[NR] = $1 } END { printf "%.1f %.1f", t[1], t[int((NR + 1) / 2)] }'
}

# ---------------------------------------------------------------- reports
start_stats() {
  "$BUILD/stats_service" --host=127.0.0.1 --port="$STATS_PORT" \
    --ingest_target="127.0.0.1:$INGEST_PORT" --dev_no_auth \
    --registry="$DATA/registry.textproto" --rpc_deadline=600s \
    --log_level=warning 2>>"$WORK/stats.log" &
  stats_pid=$!
  wait_for_port "$STATS_PORT"
}
stop_stats() {
  kill -TERM "$stats_pid" 2>/dev/null || true
  wait "$stats_pid" 2>/dev/null || true
  stats_pid=""
}
field() { sed -n "s/.*$2=\([0-9.]*\).*/\1/p" <<<"$1"; }

# Sample periods: the issue's month, one month of every year, a quarter.
CHECK_PERIODS=(month:2024-07 month:2025-03 month:2026-06 quarter:2025-3)
mismatches=0
declare -A SGS_MS PG_MS STATS_RSS
for period in "${CHECK_PERIODS[@]}" year:2025; do
  start_stats
  out=$("$BUILD/bench_client" --mode=report --target="127.0.0.1:$STATS_PORT" \
    --period="$period" --table_out="$WORK/sgs-$period.tsv")
  STATS_RSS[$period]=$(peak_mib "$stats_pid")
  stop_stats
  SGS_MS[$period]=$(field "$out" median_ms)
  pg_report_sql "$period" >"$WORK/pg-$period.sql"
  PG_MS[$period]=$(pg_time "$WORK/pg-$period.sql" "$WORK/pg-$period.tsv" | cut -d' ' -f2)
  if ! cmp -s <(LC_ALL=C sort "$WORK/sgs-$period.tsv") <(LC_ALL=C sort "$WORK/pg-$period.tsv"); then
    log "MISMATCH: sgs and PostgreSQL differ for $period:"
    diff <(LC_ALL=C sort "$WORK/sgs-$period.tsv") <(LC_ALL=C sort "$WORK/pg-$period.tsv") | head -10 >&2
    mismatches=$((mismatches + 1))
  else
    log "$period: sgs and PostgreSQL agree ($(wc -l <"$WORK/sgs-$period.tsv") units)"
  fi
done
start_stats
out=$("$BUILD/bench_client" --mode=escalations --target="127.0.0.1:$STATS_PORT" \
  --period=month:2024-07 --table_out="$WORK/sgs-escalations.txt")
stop_stats
SGS_MS[escalations]=$(field "$out" median_ms)
pg_escalations_sql month:2024-07 >"$WORK/pg-escalations.sql"
PG_MS[escalations]=$(pg_time "$WORK/pg-escalations.sql" "$WORK/pg-escalations.txt" | cut -d' ' -f2)
if ! cmp -s "$WORK/sgs-escalations.txt" <(LC_ALL=C sort "$WORK/pg-escalations.txt"); then
  log "MISMATCH: escalated units differ for month:2024-07:"
  diff "$WORK/sgs-escalations.txt" <(LC_ALL=C sort "$WORK/pg-escalations.txt") | head -10 >&2
  mismatches=$((mismatches + 1))
else
  log "escalations month:2024-07: sgs and PostgreSQL agree ($(wc -l <"$WORK/sgs-escalations.txt") units)"
fi

# ------------------------------------------------------------------ table
sgs_rate=$(rate "$RECORDS" "$sgs_total")
pg_rate=$(rate "$RECORDS" "$pg_total")
raw_rate=$(rate "$RECORDS" "$raw_total")
raw_plain_rate=$(rate "$RECORDS" "$raw_plain_total")
sgs_first_rate=$(rate "$FIRST_N" "$sgs_first")
sgs_last_rate=$(rate "$LAST_N" "$sgs_last")
pg_first_rate=$(rate "$FIRST_N" "$pg_first")
pg_last_rate=$(rate "$LAST_N" "$pg_last")
raw_first_rate=$(rate "$FIRST_N" "$raw_first")
raw_last_rate=$(rate "$LAST_N" "$raw_last")
p50a=$(submit_value "$WORK/submit-first.txt" p50_ms)
p99a=$(submit_value "$WORK/submit-first.txt" p99_ms)
p50b=$(submit_value "$WORK/submit-last.txt" p50_ms)
p99b=$(submit_value "$WORK/submit-last.txt" p99_ms)
{
  echo
  echo "sgs ingest benchmark, $(date -u +%F), $RECORDS records, $UNITS units, $CHUNKS chunks, $(nproc) cores"
  echo "command: bench/run.sh $RECORDS"
  echo
  echo "| W1 back-fill (fsync on) | records/s | sgs ratio |"
  echo "|---|---:|---:|"
  echo "| sgs_import --backfill | $sgs_rate | 1.00 |"
  echo "| PostgreSQL COPY (PK + unit,receipt index) | $pg_rate | $(ratio "$sgs_rate" "$pg_rate") |"
  echo "| raw RocksDB, the store's keys (record, identity, audit, 2 aggregate merges) | $raw_rate | $(ratio "$sgs_rate" "$raw_rate") |"
  echo "| raw RocksDB, without the aggregate merges (the peer before format 4) | $raw_plain_rate | $(ratio "$sgs_rate" "$raw_plain_rate") |"
  echo
  echo "| W4 flat cost | first chunk /s | last chunk /s | last/first |"
  echo "|---|---:|---:|---:|"
  echo "| sgs back-fill | $sgs_first_rate | $sgs_last_rate | $(ratio "$sgs_last_rate" "$sgs_first_rate") |"
  echo "| PostgreSQL COPY | $pg_first_rate | $pg_last_rate | $(ratio "$pg_last_rate" "$pg_first_rate") |"
  echo "| raw RocksDB | $raw_first_rate | $raw_last_rate | $(ratio "$raw_last_rate" "$raw_first_rate") |"
  echo "| sgs server CPU us/record | $(micros_per "$sgs_cpu_first" "$FIRST_N") | $(micros_per "$sgs_cpu_last" "$LAST_N") | $(ratio "$(micros_per "$sgs_cpu_last" "$LAST_N")" "$(micros_per "$sgs_cpu_first" "$FIRST_N")") |"
  echo "| SubmitRecord p50 ms | $p50a | $p50b | $(ratio "$p50b" "$p50a") |"
  echo "| SubmitRecord p99 ms | $p99a | $p99b | $(ratio "$p99b" "$p99a") |"
  echo
  echo "| W2 report (median of 3) | sgs ms | PostgreSQL ms | sgs/PG | stats peak RSS MiB |"
  echo "|---|---:|---:|---:|---:|"
  for period in "${CHECK_PERIODS[@]}" year:2025; do
    echo "| GetPeriodReport $period | ${SGS_MS[$period]} | ${PG_MS[$period]} | $(ratio "${SGS_MS[$period]}" "${PG_MS[$period]}") | ${STATS_RSS[$period]} |"
  done
  echo "| ListEscalations month:2024-07 | ${SGS_MS[escalations]} | ${PG_MS[escalations]} | $(ratio "${SGS_MS[escalations]}" "${PG_MS[escalations]}") | |"
  echo
  echo "| W3 / size | value |"
  echo "|---|---:|"
  echo "| ingest_service peak RSS (MiB) | $ingest_peak |"
  echo "| ingest_service CPU per back-filled record (us, incl. submits) | $(micros_per "$sgs_cpu_total" "$RECORDS") |"
  echo "| sgs store on disk, bytes/record | $((sgs_bytes / RECORDS)) |"
  echo "| PostgreSQL table+indexes, bytes/record | $((pg_bytes / RECORDS)) |"
  echo "| raw RocksDB on disk, bytes/record | $((raw_bytes / RECORDS)) |"
  echo
  echo "tables checked against PostgreSQL: ${CHECK_PERIODS[*]} year:2025, escalations month:2024-07; mismatches: $mismatches"
} | tee -a "$RESULTS"
if [ -n "${BENCH_OUT:-}" ]; then cp "$RESULTS" "$BENCH_OUT"; fi
[ "$mismatches" -eq 0 ]
