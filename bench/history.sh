#!/usr/bin/env bash
# History: what `bpftop record` costs against atop's raw log, recording the same machine in the
# same run, and how fast a query over a day of recording runs against DuckDB over the same files.
#
#   bench/history.sh                                   # 1,000 processes, 5 s interval, 10 minutes, a 24 h synthetic day
#   PROCESSES=1000 INTERVAL=5 DURATION=600 HOURS=24 bench/history.sh
#   DURATION=30 HOURS=1 bench/history.sh               # a quick proof that it runs
#
# Figures, each with the load average and CPU pressure (PSI "some" avg10) beside it:
#   - bytes per process-sample on disk: bpftop's recording (as written: a file per interval; and
#     merged hourly, as it stays) against atop's raw log (`atop -w FILE INTERVAL`);
#   - recorder CPU per hour (utime + stime of the whole process, scaled to an hour), both;
#   - one query over HOURS of a synthetic recording (made from one real snapshot of this machine,
#     `bpftop record --synthesize`), bpftop's history.processes against DuckDB's read_parquet.
# Run as root; installs atop (Debian) when missing; kills all it started, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

PROCESSES=${PROCESSES:-1000}
INTERVAL=${INTERVAL:-5}
DURATION=${DURATION:-600}
HOURS=${HOURS:-24}
WORK=$(mktemp -d /var/tmp/bpftop-history-bench.XXXXXX)
[[ -f target/bpftop.jar ]] || { echo "build first: bin/build" >&2; exit 2; }
if ! command -v atop >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq atop >/dev/null
fi
duckdb_jar=$(ls ~/.m2/repository/org/duckdb/duckdb_jdbc/*/duckdb_jdbc-*.jar 2>/dev/null | sort -V | tail -1)
[[ -n "$duckdb_jar" ]] || { echo "no DuckDB JDBC jar in ~/.m2 (mvn test-compile fetches it)" >&2; exit 2; }
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java

SOCKET=unused  # bench/sleepers.sh's tmux server: none here
source bench/sleepers.sh
pids=()
bench_cleanup() {
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null || true
  cleanup
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

machine() { echo "load $(cut -d' ' -f1 /proc/loadavg), cpu PSI $(sed -n 's/^some avg10=\([^ ]*\).*/\1 %/p' /proc/pressure/cpu 2>/dev/null)"; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.2f", (f[12] + f[13]) / hz }' "/proc/$1/stat"; }
count() { ls -d /proc/[0-9]* 2>/dev/null | wc -l; }

have=$(count)
if ((have < PROCESSES)); then start_sleepers $((PROCESSES - have)); fi
echo "# bpftop history bench: $(count) processes, ${INTERVAL} s interval, ${DURATION} s, $(nproc) CPUs, $(date -u +%FT%TZ)"

# Both recorders at once, on the same machine.
bin/bpftop record --dir "$WORK/rec" --interval "${INTERVAL}s" --retain 0 --max-size 0 2>"$WORK/record.err" & rec=$!; pids+=($rec)
atop -w "$WORK/atop.raw" "$INTERVAL" >/dev/null 2>&1 & atop=$!; pids+=($atop)
sleep "$DURATION"
rec_cpu=$(cpu_s "$rec"); atop_cpu=$(cpu_s "$atop"); at_end=$(machine)
kill "$rec" "$atop"; wait "$rec" "$atop" 2>/dev/null || true
pids=("${sleepers[@]}")

rows=$(bin/bpftop --dir "$WORK/rec" --format csv --no-header -e "SELECT count(*) FROM history.processes")
samples=$(bin/bpftop --dir "$WORK/rec" --format csv --no-header -e "SELECT count(*) FROM history.system")
parts_bytes=$(du -sb "$WORK/rec" | cut -f1)
bin/bpftop record --dir "$WORK/rec" --merge --retain 0 --max-size 0
merged_bytes=$(du -sb "$WORK/rec" | cut -f1)
atop_bytes=$(stat -c %s "$WORK/atop.raw")
atop_samples=$(( DURATION / INTERVAL ))
per_process=$(( rows / (samples > 0 ? samples : 1) ))
echo
echo "| figure | bpftop record | atop -w | machine |"
echo "|---|---|---|---|"
echo "| bytes per process-sample | $(awk -v b="$parts_bytes" -v r="$rows" 'BEGIN { printf "%.1f", b / r }') (a file per interval), $(awk -v b="$merged_bytes" -v r="$rows" 'BEGIN { printf "%.1f", b / r }') (merged hourly) | $(awk -v b="$atop_bytes" -v s="$atop_samples" -v p="$per_process" 'BEGIN { printf "%.1f", b / (s * p) }') | $at_end |"
echo "| recorder CPU per hour (s) | $(awk -v c="$rec_cpu" -v d="$DURATION" 'BEGIN { printf "%.1f", c * 3600 / d }') | $(awk -v c="$atop_cpu" -v d="$DURATION" 'BEGIN { printf "%.1f", c * 3600 / d }') | $at_end |"
echo "| samples, process rows | $samples, $rows | ~$atop_samples | |"
grep -v '^$' "$WORK/record.err" | sed 's/^/    record: /' || true

# A day (HOURS) of a synthetic recording, and one question of it, by both readers.
bin/bpftop record --dir "$WORK/day" --interval "${INTERVAL}s" --synthesize "$HOURS" --synthesize-processes "$PROCESSES" --retain 0 --max-size 0 >/dev/null
day_bytes=$(du -sb "$WORK/day" | cut -f1)
query="SELECT comm, avg(cpu_pct) AS cpu FROM history.processes GROUP BY comm ORDER BY cpu DESC, comm LIMIT 5"
t0=$(date +%s%N)
ours=$(bin/bpftop --dir "$WORK/day" --timeout 0 --max-memory 0 --format csv --no-header -e "$query")
t1=$(date +%s%N); ours_at=$(machine)
duck_sql="SELECT comm, avg(cpu_pct) AS cpu FROM read_parquet('$WORK/day/processes/*.parquet') GROUP BY comm ORDER BY cpu DESC, comm LIMIT 5"
t2=$(date +%s%N)
theirs=$("$java" -cp "$duckdb_jar" bench/DuckQuery.java "$duck_sql" 2>"$WORK/duck.err")
t3=$(date +%s%N); duck_at=$(machine)
echo
echo "| ${HOURS} h synthetic recording ($(awk -v b="$day_bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }')) | wall ms, whole command | machine |"
echo "|---|---|---|"
echo "| bpftop: top comm by avg cpu_pct | $(( (t1 - t0) / 1000000 )) | $ours_at |"
echo "| DuckDB (JDBC, java launcher included) | $(( (t3 - t2) / 1000000 )) ($(sed -n 's/duckdb query ms: //p' "$WORK/duck.err") in the query) | $duck_at |"
[[ "$(echo "$ours" | cut -d, -f1)" == "$(echo "$theirs" | cut -d, -f1)" ]] && echo "same top five comms from both" || { echo "the readers disagree:"; echo "$ours"; echo "--"; echo "$theirs"; }
