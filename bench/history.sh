#!/usr/bin/env bash
# History: what `bpftop record` costs against atop's raw log, recording the same machine in the
# same run, and how fast a query over a day of recording runs against DuckDB over the same files.
#
#   bench/history.sh                                   # 1,000 processes, 5 s interval, 60 s warm-up, 10 minutes, a 24 h synthetic day
#   PROCESSES=1000 INTERVAL=5 WARMUP=60 DURATION=600 HOURS=24 bench/history.sh
#   WARMUP=10 DURATION=30 HOURS=1 bench/history.sh     # a quick proof that it runs
#
# Figures, each with the load average and CPU pressure (PSI "some" avg10) beside it:
#   - bytes per process-sample on disk: bpftop's recording (as written: a file per interval; and
#     merged hourly, as it stays) against atop's raw log (`atop -w FILE INTERVAL`);
#   - recorder CPU per hour (utime + stime of the whole process over DURATION, after WARMUP seconds
#     in which both start and bpftop's JIT settles, scaled to an hour), both; and bpftop's hourly
#     merge of its parts, measured as `record --merge` of the run's parts (a JVM start included),
#     scaled to an hour's parts: a recorder pays it once an hour;
#   - two queries over HOURS of a synthetic recording (made from one real snapshot of this machine,
#     `bpftop record --synthesize`), bpftop's history.processes against DuckDB's read_parquet: an
#     aggregate over the whole day, and one over a minute of it (a ts filter); whole commands, a
#     JVM start each. DAY=DIR keeps the synthetic recording there, and a
#     later run with the same DAY reuses it.
# Run as root; installs atop (Debian) when missing; kills all it started, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

PROCESSES=${PROCESSES:-1000}
INTERVAL=${INTERVAL:-5}
WARMUP=${WARMUP:-60}
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
cpu_of() { /usr/bin/time -f '%U %S' -o "$WORK/time" "$@" >/dev/null; awk '{ printf "%.2f", $1 + $2 }' "$WORK/time"; }
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
sleep "$WARMUP"
rec_cpu0=$(cpu_s "$rec"); atop_cpu0=$(cpu_s "$atop")
sleep "$DURATION"
rec_cpu=$(awk -v a="$rec_cpu0" -v b="$(cpu_s "$rec")" 'BEGIN { print b - a }')
atop_cpu=$(awk -v a="$atop_cpu0" -v b="$(cpu_s "$atop")" 'BEGIN { print b - a }'); at_end=$(machine)
kill "$rec" "$atop"; wait "$rec" "$atop" 2>/dev/null || true
pids=("${sleepers[@]}")

rows=$(bin/bpftop --dir "$WORK/rec" --format csv --no-header -e "SELECT count(*) FROM history.processes")
samples=$(bin/bpftop --dir "$WORK/rec" --format csv --no-header -e "SELECT count(*) FROM history.system")
parts_bytes=$(du -sb "$WORK/rec" | cut -f1)
# The merge's own CPU: less a merge of nothing (the JVM's start and bpftop's), which a recorder does not pay hourly.
merge_all=$(cpu_of bin/bpftop record --dir "$WORK/rec" --merge --retain 0 --max-size 0); merge_at=$(machine)
merge_none=$(cpu_of bin/bpftop record --dir "$WORK/empty" --merge --retain 0 --max-size 0)
merge_cpu=$(awk -v a="$merge_all" -v b="$merge_none" 'BEGIN { printf "%.2f", a - b }')
merged_bytes=$(du -sb "$WORK/rec" | cut -f1)
atop_bytes=$(stat -c %s "$WORK/atop.raw")
atop_samples=$(( (WARMUP + DURATION) / INTERVAL ))
per_process=$(( rows / (samples > 0 ? samples : 1) ))
echo
echo "| figure | bpftop record | atop -w | machine |"
echo "|---|---|---|---|"
echo "| bytes per process-sample | $(awk -v b="$parts_bytes" -v r="$rows" 'BEGIN { printf "%.1f", b / r }') (a file per interval), $(awk -v b="$merged_bytes" -v r="$rows" 'BEGIN { printf "%.1f", b / r }') (merged hourly) | $(awk -v b="$atop_bytes" -v s="$atop_samples" -v p="$per_process" 'BEGIN { printf "%.1f", b / (s * p) }') | $at_end |"
rec_h=$(awk -v c="$rec_cpu" -v d="$DURATION" 'BEGIN { printf "%.1f", c * 3600 / d }')
merge_h=$(awk -v c="$merge_cpu" -v s="$samples" -v i="$INTERVAL" 'BEGIN { printf "%.1f", c * (3600 / i) / (s > 0 ? s : 1) }')
atop_h=$(awk -v c="$atop_cpu" -v d="$DURATION" 'BEGIN { printf "%.1f", c * 3600 / d }')
echo "| recorder CPU per hour (s), steady state | $rec_h | $atop_h | $at_end |"
echo "| + hourly merge (s per hour of parts) | $merge_h ($merge_all s for $samples parts, less $merge_none s for none) | - | $merge_at |"
echo "| recorder CPU per hour, all (s) | $(awk -v a="$rec_h" -v b="$merge_h" 'BEGIN { printf "%.1f", a + b }') | $atop_h (ratio $(awk -v a="$rec_h" -v b="$merge_h" -v c="$atop_h" 'BEGIN { printf "%.2f", (a + b) / c }')) | |"
echo "| samples, process rows | $samples, $rows | ~$atop_samples | |"
grep -v '^$' "$WORK/record.err" | sed 's/^/    record: /' || true

# A day (HOURS) of a synthetic recording, and two questions of it, by both readers.
if [[ -n ${DAY:-} && -d ${DAY:-} ]]; then
  day=$DAY
else
  day=${DAY:-$WORK/day}
  bin/bpftop record --dir "$day" --interval "${INTERVAL}s" --synthesize "$HOURS" --synthesize-processes "$PROCESSES" --retain 0 --max-size 0 >/dev/null
fi
day_bytes=$(du -sb "$day" | cut -f1)
# A minute in the middle of the day, as the files' names say it.
first=$(ls "$day/processes" | head -1 | sed 's/^h-\([0-9]*\)T\([0-9][0-9]\).*/\1 \2/')
start=$(date -d "${first% *} ${first#* }:00" +%s)
minute=$(date -d "@$((start + HOURS * 1800))" '+%F %H:%M:00')
minute_end=$(date -d "@$((start + HOURS * 1800 + 60))" '+%F %H:%M:00')
duck_jvm() { "$java" -cp "$duckdb_jar" bench/DuckQuery.java "$1" 2>"$WORK/duck.err"; }
ask() { # NAME, bpftop's SQL, DuckDB's SQL
  local t0 t1 t2 t3 ours theirs ours_at duck_at
  t0=$(date +%s%N)
  ours=$(bin/bpftop --dir "$day" --timeout 0 --max-memory 0 --format csv --no-header -e "$2")
  t1=$(date +%s%N); ours_at=$(machine)
  theirs=$(duck_jvm "$3")
  t2=$(date +%s%N); duck_at=$(machine)
  echo "| $1: bpftop | $(( (t1 - t0) / 1000000 )) | $ours_at |"
  echo "| $1: DuckDB (JDBC, java launcher included) | $(( (t2 - t1) / 1000000 )) ($(sed -n 's/duckdb query ms: //p' "$WORK/duck.err") in the query) | $duck_at |"
  echo "| $1: ratio bpftop / DuckDB | $(awk -v a=$(( (t1 - t0) / 1000000 )) -v b=$(( (t2 - t1) / 1000000 )) 'BEGIN { printf "%.2f", a / b }') | |"
  if [[ "$(echo "$ours" | cut -d, -f1)" == "$(echo "$theirs" | cut -d, -f1)" ]]; then
    echo "| $1: same rows' first column from both | | |"
  else
    echo "| $1: the readers disagree | | |"; echo "$ours" | sed 's/^/    ours: /'; echo "$theirs" | sed 's/^/    duckdb: /'
  fi
}
echo
echo "| ${HOURS} h synthetic recording ($(awk -v b="$day_bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }'), $(count) processes now) | wall ms, whole command | machine |"
echo "|---|---|---|"
files="read_parquet('$day/processes/*.parquet')"
ask "top comm by avg cpu_pct, whole day" \
  "SELECT comm, avg(cpu_pct) AS cpu FROM history.processes GROUP BY comm ORDER BY cpu DESC, comm LIMIT 5" \
  "SELECT comm, avg(cpu_pct) AS cpu FROM $files GROUP BY comm ORDER BY cpu DESC, comm LIMIT 5"
ask "top pid by max cpu_pct in one minute ($minute)" \
  "SELECT pid, max(cpu_pct) AS cpu FROM history.processes WHERE ts >= TIMESTAMP '$minute' AND ts < TIMESTAMP '$minute_end' GROUP BY pid ORDER BY cpu DESC, pid LIMIT 5" \
  "SELECT pid, max(cpu_pct) AS cpu FROM $files WHERE ts >= TIMESTAMP '$minute' AND ts < TIMESTAMP '$minute_end' GROUP BY pid ORDER BY cpu DESC, pid LIMIT 5"
