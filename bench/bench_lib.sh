# Shell helpers the benchmark scripts share (bench/run.sh, bench/flat_cost.sh):
# timing, rates and ratios, and what /proc says of a process. Sourced, not
# run; the caller sets BENCH_LOG_NAME (the prefix of its log lines) and, for
# chunk_records, RECORDS and CHUNKS.
log() { echo "${BENCH_LOG_NAME:-bench}: $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# CPU seconds (user + system) a process has used so far: a rate on a
# shared, noisy machine moves with the neighbours' load; the server's CPU
# per record much less.
TICKS=$(getconf CLK_TCK)
cpu_seconds() { awk -v t="$TICKS" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$1/stat"; }
micros_per() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.0f", (n > 0 ? s * 1e6 / n : 0) }'; }
# Bytes the process had written to the disk (WAL, flushes, compactions).
write_bytes() { awk '/^write_bytes/ { print $2 }' "/proc/$1/io"; }
# Peak resident set of a process so far (VmHWM), in MiB.
peak_mib() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
chunk_records() {  # chunk index (1-based): the records gen_records put in it
  echo $((RECORDS * $1 / CHUNKS - RECORDS * ($1 - 1) / CHUNKS))
}
