#!/usr/bin/env bash
# Reproduces the BPF-vs-/proc figures on this machine (run as root, after bin/build):
#   sudo bench/run.sh                 # 100, 1000, 5000 and 10000 extra sleep processes
#   sudo COUNTS="100 1000" bench/run.sh
# For each count it starts that many extra `sleep` processes, measures, and kills them again:
#   (a) syscalls per collection (strace) for our bpf backend, our procfs backend and ps;
#   (b) time per collection for the same three, plus the raw kernel floor: the same BPF iterator
#       pinned with bpftool and read with cat.
# Results go to bench/results/ (one JSON per count); bench/plot.py draws the PNGs and the table.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

[[ $(id -u) -eq 0 ]] || { echo "bench/run.sh: run as root (BPF, strace of other users' processes)" >&2; exit 1; }
JAR=target/bpftop.jar
OBJ=target/classes/bpf/task_iter.bpf.o
[[ -f $JAR && -f $OBJ ]] || { echo "bench/run.sh: build first (bin/build)" >&2; exit 1; }
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
COUNTS=${COUNTS:-"100 1000 5000 10000"}
PS_ARGS=(ps -eo pid,ppid,user,stat,rss,vsz,comm,args)
OUT=bench/results
PIN=/sys/fs/bpf/bpftop-bench-$$
mkdir -p "$OUT"
WORK=$(mktemp -d)

sleepers=()
mounted_bpffs=0
cleanup() {
  ((${#sleepers[@]})) && kill "${sleepers[@]}" 2>/dev/null && wait "${sleepers[@]}" 2>/dev/null
  sleepers=()
  rm -f "$PIN"
  ((mounted_bpffs)) && umount /sys/fs/bpf
  rm -rf "$WORK"
}
trap cleanup EXIT

# bpftool pins into a bpffs; mount one if the system has none (and unmount it afterwards).
if ! mountpoint -q /sys/fs/bpf; then mount -t bpf bpf /sys/fs/bpf; mounted_bpffs=1; fi
# The first program in the object is the sleepable iterator the bpf backend uses.
bpftool iter pin "$OBJ" "$PIN"

bench_json() { # backend iterations warmup
  "$JAVA" -jar "$JAR" bench --backend "$1" --iterations "$2" --warmup "$3" --json 2>/dev/null
}

# Syscalls of the collections alone: strace every thread, keep the thread that ran the bench,
# count its calls between the marker lookups BenchCommand makes around the timed loop.
bench_syscalls() { # backend iterations
  strace -f -qq -o "$WORK/trace" "$JAVA" -jar "$JAR" bench --backend "$1" --iterations "$2" --warmup 1 >/dev/null 2>&1
  python3 bench/count_syscalls.py "$WORK/trace" "$2"
}

ps_syscalls() {
  strace -f -c -o "$WORK/ps.c" "${PS_ARGS[@]}" >/dev/null
  awk '$NF == "total" { print $4 }' "$WORK/ps.c" # % time, seconds, usecs/call, calls, errors, "total"
}

median_ms() { # hyperfine's median for one command, in ms
  hyperfine -N --style none --warmup 2 --runs "$1" --export-json "$WORK/h.json" "${@:2}" >/dev/null 2>&1
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"]*1000)' "$WORK/h.json"
}

for n in $COUNTS; do
  echo "== $n extra sleep processes" >&2
  for ((i = 0; i < n; i++)); do sleep 86400 & sleepers+=($!); done
  pids=(/proc/[0-9]*) procs=${#pids[@]} # a glob: ls fails (and set -e ends the run) when a pid vanishes
  bpf=$(bench_json bpf 30 5)
  procfs=$(bench_json procfs $((n >= 5000 ? 5 : 10)) 1)
  bpf_sys=$(bench_syscalls bpf 10)
  procfs_sys=$(bench_syscalls procfs 2)
  ps_sys=$(ps_syscalls)
  ps_ms=$(median_ms 10 "${PS_ARGS[*]}")
  cat_ms=$(median_ms 30 "cat $PIN")
  cat_null_ms=$(median_ms 30 "cat /dev/null")
  cat > "$OUT/n$n.json" <<JSON
{"extra": $n, "processes": $procs, "bpf": $bpf, "procfs": $procfs,
 "syscalls": {"bpf": $bpf_sys, "procfs": $procfs_sys, "ps": $ps_sys},
 "ps_median_ms": $ps_ms, "cat_iter_median_ms": $cat_ms, "cat_devnull_median_ms": $cat_null_ms}
JSON
  cat "$OUT/n$n.json" >&2
  kill "${sleepers[@]}"; wait "${sleepers[@]}" 2>/dev/null || true; sleepers=()
done
/usr/bin/python3 bench/plot.py "$OUT"
