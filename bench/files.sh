#!/usr/bin/env bash
# Open files and sockets: bpftop's collection (what a query on sockets or open_files pays) against
# `ss -tanp` and `lsof -nP` over the same objects, in the same run, and syscalls per collection at
# two scales (run as root, after `mvn package` or bin/build; take the shared lock):
#   flock /tmp/bpftop-bench.lock bench/files.sh                 # 10,000 connections, 50,000 files
#   flock /tmp/bpftop-bench.lock env CONNS=1000 FILES=5000 bench/files.sh   # a quick check
# Each step brings up CONNS established loopback connections (2*CONNS sockets, both ends held)
# and FILES descriptors, at a tenth and at the full count (SCALES), spread over processes of at
# most 8,000 descriptors (bench/load_files.py). bpftop's collection is timed for each scope a
# statement can need (bench --files): sockets (the sockets table), bare_numbers (open_files without
# paths: count(*), pid, fd, inode...) and bare_paths (open_files' path, type, deleted); "bare": a
# statement on open_files alone reads no socket's state (no socket iterator runs). ss and lsof are
# timed before and after bpftop, and the faster of the two medians is the one compared. Every line is
# JSON with the load and CPU PSI read just before its figure (bench/conditions.sh); the last line
# of a scale gives the ratios: ss -tanp / sockets, lsof -nP / numbers and / paths, with the TCP
# sockets in use and in TIME_WAIT (/proc/net/sockstat). Connections end with a reset, and a scale
# starts once the TIME_WAIT of earlier runs has drained, so each run walks the same sockets.
# SQL=1 adds whole statements through the shell (.timer: task walk + file walk + Calcite), and
# PROCFS=1 the /proc backend's collection.
# Targets (issue 18): sockets >= 10x faster than ss -tanp, open_files >= 50x than lsof -nP;
# syscalls per collection flat in the number of sockets and files.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
source bench/conditions.sh

[[ $(id -u) -eq 0 ]] || { echo "bench/files.sh: run as root" >&2; exit 1; }
JAR=target/bpftop.jar
[[ -f $JAR ]] || { echo "bench/files.sh: build first (bin/build)" >&2; exit 1; }
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
CONNS=${CONNS:-10000}
FILES=${FILES:-50000}
ITER=${ITER:-20}
TOOL_ITER=${TOOL_ITER:-5}
WORK=$(mktemp -d)
load_pid=
cleanup() {
  [[ -n $load_pid ]] && { kill "$load_pid" 2>/dev/null; wait "$load_pid" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT

# median wall ms of a command run N times (output discarded)
median_ms() {
  local n=$1; shift
  python3 - "$n" "$@" <<'PY'
import statistics, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the page cache
t = []
for _ in range(n):
    t0 = time.perf_counter(); subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); t.append(time.perf_counter() - t0)
print(round(statistics.median(t) * 1000, 3))
PY
}

# median ms of whole statements (collect + query, as .timer shows them), after 3 untimed
sql_ms() {
  local sql=$1
  { echo ".timer on"; for _ in $(seq $((ITER + 3))); do echo "$sql;"; done; } | "$JAVA" -jar "$JAR" --backend bpf 2>&1 \
    | python3 -c '
import re, statistics, sys
t = [float(a) + float(b) for a, b in re.findall(r"Run Time: collect ([0-9.]+) ms, query ([0-9.]+) ms", sys.stdin.read())][3:]
print(round(statistics.median(t), 3) if t else "null")'
}

# /proc/net/sockstat's TCP line as JSON: sockets in use, and in TIME_WAIT (which the walks read too)
tcp_sockstat() {
  awk '$1 == "TCP:" { for (i = 2; i < NF; i += 2) v[$i] = $(i + 1) } END { printf "{\"inuse\":%d,\"time_wait\":%d}", v["inuse"], v["tw"] }' /proc/net/sockstat
}

# TIME_WAIT left by an earlier run (load_files.py resets its own connections; other programs may
# not) would be walked by bpftop and listed by ss: wait up to its 60 s for it to drain
drain_time_wait() {
  local i
  for ((i = 0; i < 70; i++)); do
    (( $(awk '$1 == "TCP:" { for (i = 2; i < NF; i += 2) if ($i == "tw") print $(i + 1) }' /proc/net/sockstat) < 100 )) && return
    sleep 1
  done
  echo "bench/files.sh: TIME_WAIT did not drain: $(tcp_sockstat)" >&2
}

for scale in ${SCALES:-10 1}; do
  conns=$((CONNS / scale)) files=$((FILES / scale))
  drain_time_wait
  coproc LOAD { exec python3 bench/load_files.py "$conns" "$files"; }
  load_pid=$LOAD_PID
  read -r ready <&"${LOAD[0]}"
  [[ $ready == ready ]] || { echo "bench/files.sh: load generator failed" >&2; exit 1; }
  SETTLE_MAX=${SETTLE_MAX:-30} settle
  declare -A median=()
  ss_before=$(median_ms "$TOOL_ITER" ss -tanp)
  lsof_before=$(median_ms "$TOOL_ITER" lsof -nP)
  for scope in sockets bare_numbers bare_paths; do
    line=$("$JAVA" -jar "$JAR" bench --files "$scope" --backend bpf --iterations "$ITER" --warmup 5 --json)
    median[$scope]=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["median_ms"])' "$line")
    echo "{\"connections\":$conns,\"extra_files\":$files,\"conditions\":$(conditions_json),\"bpftop\":$line}"
    strace -f -qq -o "$WORK/trace" "$JAVA" -jar "$JAR" bench --files "$scope" --backend bpf --iterations 3 --warmup 1 >/dev/null 2>&1
    echo "{\"connections\":$conns,\"extra_files\":$files,\"scope\":\"$scope\",\"syscalls\":$(python3 bench/count_syscalls.py "$WORK/trace" 3)}"
  done
  if [[ ${PROCFS:-0} == 1 ]]; then
    echo "{\"connections\":$conns,\"conditions\":$(conditions_json),\"procfs\":$("$JAVA" -jar "$JAR" bench --files --backend procfs --iterations 3 --warmup 1 --json)}"
  fi
  if [[ ${SQL:-0} == 1 ]]; then
    for sql in "SELECT count(*) FROM sockets" "SELECT count(*) FROM open_files" "SELECT count(path) FROM open_files"; do
      echo "{\"connections\":$conns,\"conditions\":$(conditions_json),\"statement\":\"$sql\",\"median_ms\":$(sql_ms "$sql")}"
    done
  fi
  ss_ms=$(median_ms "$TOOL_ITER" ss -tanp)
  ss_ms=$(python3 -c 'import sys; print(min(float(sys.argv[1]), float(sys.argv[2])))' "$ss_before" "$ss_ms")
  echo "{\"connections\":$conns,\"conditions\":$(conditions_json),\"ss_tanp_ms\":$ss_ms,\"ss_tanp_ms_before\":$ss_before}"
  lsof_ms=$(median_ms "$TOOL_ITER" lsof -nP)
  lsof_ms=$(python3 -c 'import sys; print(min(float(sys.argv[1]), float(sys.argv[2])))' "$lsof_before" "$lsof_ms")
  echo "{\"connections\":$conns,\"conditions\":$(conditions_json),\"lsof_nP_ms\":$lsof_ms,\"lsof_nP_ms_before\":$lsof_before}"
  python3 -c '
import json, sys
conns, files, ss, lsof, s, n, p, tcp = sys.argv[1:]
r = lambda a, b: round(float(a) / float(b), 1)
print(json.dumps({"connections": int(conns), "extra_files": int(files), "tcp_sockets": json.loads(tcp), "ss_over_sockets": r(ss, s),
                  "lsof_over_open_files": r(lsof, n), "lsof_over_open_files_paths": r(lsof, p),
                  "targets": "ss_over_sockets >= 10, lsof_over_open_files >= 50"}))' \
    "$conns" "$files" "$ss_ms" "$lsof_ms" "${median[sockets]}" "${median[bare_numbers]}" "${median[bare_paths]}" "$(tcp_sockstat)"
  kill "$load_pid"
  wait "$load_pid" 2>/dev/null || true
  load_pid=
  unset median
done
