#!/usr/bin/env bash
# The main job on one machine: installs what is missing, builds, starts the
# ingest service on an embedded RocksDB in ./data/ingest, loads the sample
# month (殷都区, July 2024) through the importer, starts the stats service,
# renders the July 2024 bulletin, and keeps both services running until
# Ctrl-C.
#   ./scripts/run.sh
# Ports: INGEST_PORT (50051), STATS_PORT (50052), INGEST_METRICS_PORT (9191)
# and STATS_METRICS_PORT (9192) for /metrics (0 = off). JSON logs go to
# $OUT_DIR/ingest_service.log and stats_service.log; backups made with
# `build/sgs_admin backup` to $BACKUP_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
INGEST_PORT="${INGEST_PORT:-50051}"
STATS_PORT="${STATS_PORT:-50052}"
DATA_DIR="${DATA_DIR:-./data/ingest}"
OUT_DIR="${OUT_DIR:-./out}"
BACKUP_DIR="${BACKUP_DIR:-./data/backup}"
INGEST_METRICS_PORT="${INGEST_METRICS_PORT:-9191}"
STATS_METRICS_PORT="${STATS_METRICS_PORT:-9192}"

./scripts/install_deps.sh
./scripts/build.sh

wait_for_port() {  # host port name
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "run: $3 did not start on port $2" >&2
  return 1
}

pids=()
stop() {
  echo
  echo "run: stopping services (SIGTERM, graceful)"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop EXIT

mkdir -p "$DATA_DIR" "$OUT_DIR"
# Local demo: no tokens, and the services say so loudly. Production runs
# with --tokens and TLS (see k8s/).
./build/ingest_service --port="$INGEST_PORT" --data_dir="$DATA_DIR" \
  --registry=config/registry.textproto --dev_no_auth \
  --metrics_port="$INGEST_METRICS_PORT" --backup_dir="$BACKUP_DIR" \
  2> >(tee -a "$OUT_DIR/ingest_service.log" >&2) &
pids+=($!)
wait_for_port 127.0.0.1 "$INGEST_PORT" ingest_service

echo "run: loading the sample month (samples/yindu-2024-07.csv, back-fill with its receipt times)"
# Loading twice is harmless: a resend corrects, it never adds a record.
./build/sgs_import --target="localhost:$INGEST_PORT" --backfill \
  --input=samples/yindu-2024-07.csv --report="$OUT_DIR/import-rejected.csv"

./build/stats_service --port="$STATS_PORT" \
  --ingest_target="localhost:$INGEST_PORT" --dev_no_auth \
  --metrics_port="$STATS_METRICS_PORT" \
  2> >(tee -a "$OUT_DIR/stats_service.log" >&2) &
pids+=($!)
wait_for_port 127.0.0.1 "$STATS_PORT" stats_service
sleep 1

./build/sgs_bulletin --target="localhost:$STATS_PORT" --year=2024 --month=7 \
  --document_number="殷信用办〔2024〕14号" --out_dir="$OUT_DIR"
echo
cat "$OUT_DIR"/*2024-07*.txt
cat <<MSG

==============================================================================
 ingest_service  localhost:$INGEST_PORT   (data: $DATA_DIR)
 stats_service   localhost:$STATS_PORT
 Bulletin files: $OUT_DIR/
 Metrics:        curl -s localhost:$INGEST_METRICS_PORT/metrics   curl -s localhost:$STATS_METRICS_PORT/metrics
 Logs (JSON):    $OUT_DIR/ingest_service.log  $OUT_DIR/stats_service.log
 Backups:        build/sgs_admin backup --target=localhost:$INGEST_PORT   (then list / verify / restore)
 Try (grpcurl, no .proto needed — both services serve reflection):
   grpcurl -plaintext localhost:$INGEST_PORT list
   grpcurl -plaintext -d '{"parent":"units/yd-scjdj","page_size":5}' \\
       localhost:$INGEST_PORT sgs.v1.IngestService/ListRecords
   grpcurl -plaintext -d '{"period":{"type":"MONTH","year":2024,"month":7}}' \\
       localhost:$STATS_PORT sgs.v1.StatsService/GetPeriodReport
   grpcurl -plaintext localhost:$STATS_PORT grpc.health.v1.Health/Check
 More: docs/grpcurl.md.  Ctrl-C stops both services.
==============================================================================
MSG
wait
