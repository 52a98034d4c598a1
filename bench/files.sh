#!/usr/bin/env bash
# Open files and sockets: bpftop's collection (what a query on open_files or sockets pays) against
# `ss -tanp` and `lsof -nP` over the same objects, in the same run, and syscalls per collection
# against the socket count (run as root, after `mvn package` or bin/build):
#   sudo bench/files.sh                          # 10,000 connections and 50,000 open files
#   sudo CONNS=1000 FILES=5000 bench/files.sh    # a quick check
# Each step brings up CONNS established loopback connections (2*CONNS sockets, both ends held)
# and FILES descriptors, at a tenth and at the full count (SCALES), and prints one JSON line per
# figure with the 1-minute load average and the CPU PSI (some avg10) read just before it.
# Targets: sockets/open_files >= 10x faster than ss -tanp, >= 50x than lsof -nP; syscalls flat.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

[[ $(id -u) -eq 0 ]] || { echo "bench/files.sh: run as root" >&2; exit 1; }
JAR=target/bpftop.jar
[[ -f $JAR ]] || { echo "bench/files.sh: build first (bin/build)" >&2; exit 1; }
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
CONNS=${CONNS:-10000}
FILES=${FILES:-50000}
ITER=${ITER:-10}
TOOL_ITER=${TOOL_ITER:-5}
WORK=$(mktemp -d)
load_pid=
cleanup() {
  [[ -n $load_pid ]] && { kill "$load_pid" 2>/dev/null; wait "$load_pid" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT

pressure() {  # the 1-minute load and CPU PSI some avg10 (empty without PSI)
  local psi=""
  [[ -r /proc/pressure/cpu ]] && psi=$(sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/cpu)
  printf '"load1":%s,"cpu_psi10":%s' "$(cut -d' ' -f1 /proc/loadavg)" "${psi:-null}"
}

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

for scale in ${SCALES:-10 1}; do
  conns=$((CONNS / scale)) files=$((FILES / scale))
  coproc LOAD { exec python3 bench/load_files.py "$conns" "$files"; }
  load_pid=$LOAD_PID
  read -r ready <&"${LOAD[0]}"
  [[ $ready == ready ]] || { echo "bench/files.sh: load generator failed" >&2; exit 1; }
  for backend in bpf procfs; do
    echo "{\"connections\":$conns,\"extra_files\":$files,$(pressure),\"bpftop\":$("$JAVA" -jar "$JAR" bench --files --backend "$backend" --iterations "$ITER" --warmup 5 --json)}"
    strace -f -qq -o "$WORK/trace" "$JAVA" -jar "$JAR" bench --files --backend "$backend" --iterations 3 --warmup 1 >/dev/null 2>&1
    echo "{\"connections\":$conns,\"backend\":\"$backend\",\"syscalls\":$(python3 bench/count_syscalls.py "$WORK/trace" 3)}"
  done
  echo "{\"connections\":$conns,$(pressure),\"ss_tanp_ms\":$(median_ms "$TOOL_ITER" ss -tanp)}"
  echo "{\"connections\":$conns,$(pressure),\"lsof_nP_ms\":$(median_ms "$TOOL_ITER" lsof -nP)}"
  kill "$load_pid"
  wait "$load_pid" 2>/dev/null || true
  load_pid=
done
