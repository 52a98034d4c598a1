#!/usr/bin/env bash
# Reproduces the BPF-vs-/proc figures on this machine (run as root, after bin/build):
#   sudo bench/run.sh                           # 100, 1000, 5000 and 10000 extra sleep processes, 2 runs each
#   sudo COUNTS="1000" RUNS=1 bench/run.sh      # a subset
#   sudo QUICK=1 COUNTS="100" RUNS=1 bench/run.sh   # bpf and the floor only (no procfs, ps or strace): proves the script
# For each count it starts that many extra `sleep` processes, waits until they have settled (see
# bench/conditions.sh), measures, and kills them again:
#   (a) syscalls per collection (strace) for our bpf backend, our procfs backend and ps;
#   (b) time per collection: bpf with delta walks (idle sleepers come as "still here") and with
#       full walks (every task whole), procfs, ps, and the raw kernel floor: the same BPF iterator
#       pinned with bpftool and read with cat;
#   (c) the floor and both walks again, in BLOCKS short rounds (default 5) a few seconds each:
#       floor, delta, full, in an order that turns each round, BLOCK_ITERATIONS (default 10) of
#       each. This VM runs the same code up to ~1.8x slower for seconds to minutes at a time; compared
#       within a round, the ratio to the floor measures bpftop more than the minute (bench/interleave.py).
# Every timed command runs on one CPU, bpftop's walks and the floor alike (CPU=N picks it, default
# the last; CPU= runs them wherever the scheduler puts them): on this VM a kernel thread (DAMON's
# kdamond) keeps ~17 % of CPU 0 busy, and a delta walk's kernel side takes twice as long there as on
# CPU 1, while a short-lived `cat` is mostly placed on the idle CPU; unpinned, the ratio to the
# floor was partly a draw of where the JVM's walking thread settled (bench/README.md, stop 34).
# bpftop runs through bin/bpftop, with the JVM flags users get. Each measurement notes the load
# average and CPU pressure (PSI) when it started. Results go to bench/results/ (one JSON per count
# and run); bench/plot.py draws the PNGs and the table.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

[[ $(id -u) -eq 0 ]] || { echo "bench/run.sh: run as root (BPF, strace of other users' processes)" >&2; exit 1; }
JAR=target/bpftop.jar
OBJ=target/classes/bpf/task_iter.bpf.o
[[ -f $JAR && -f $OBJ ]] || { echo "bench/run.sh: build first (bin/build)" >&2; exit 1; }
COUNTS=${COUNTS:-"100 1000 5000 10000"}
RUNS=${RUNS:-2}
ITERATIONS=${ITERATIONS:-50}
BLOCKS=${BLOCKS:-5}
BLOCK_ITERATIONS=${BLOCK_ITERATIONS:-10}
QUICK=${QUICK:-}
PS_ARGS=(ps -eo pid,ppid,user,stat,rss,vsz,comm,args)
OUT=${OUT:-bench/results}
CPU=${CPU-$(($(nproc) - 1))}
ON_CPU=()
[[ -n $CPU ]] && ON_CPU=(taskset -c "$CPU")
PIN=/sys/fs/bpf/bpftop-bench-$$
mkdir -p "$OUT"
WORK=$(mktemp -d)
source bench/conditions.sh

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
# The first program in the object is the sleepable iterator the bpf backend uses. Pinned by
# bpftool, its configuration is all zeros: full records through the seq_file, no delta walks.
bpftool iter pin "$OBJ" "$PIN"

bench_json() { # backend walk iterations warmup
  "${ON_CPU[@]}" bin/bpftop bench --backend "$1" --walk "$2" --iterations "$3" --warmup "$4" --json 2>/dev/null
}

# Syscalls of the collections alone: strace every thread, keep the thread that ran the bench,
# count its calls between the marker lookups BenchCommand makes around the timed loop.
bench_syscalls() { # backend iterations
  strace -f -qq -o "$WORK/trace" bin/bpftop bench --backend "$1" --iterations "$2" --warmup 1 >/dev/null 2>&1
  python3 bench/count_syscalls.py "$WORK/trace" "$2"
}

ps_syscalls() {
  strace -f -c -o "$WORK/ps.c" "${PS_ARGS[@]}" >/dev/null
  awk '$NF == "total" { print $4 }' "$WORK/ps.c" # % time, seconds, usecs/call, calls, errors, "total"
}

# The floor and both walks in alternating rounds, summed up by bench/interleave.py. Each round's
# order turns (floor, delta, full; delta, full, floor; full, floor, delta; ...), so that none of the
# three always runs first after the sleepers start or last before the next round.
interleaved() {
  local k i order blocks=(floor delta full) dir="$WORK/rounds"
  rm -rf "$dir"; mkdir -p "$dir"
  for ((k = 1; k <= BLOCKS; k++)); do
    order=()
    for ((i = 0; i < 3; i++)); do order+=("${blocks[$(((k - 1 + i) % 3))]}"); done
    printf '{"order": ["%s", "%s", "%s"], "conditions": %s}' "${order[@]}" "$(conditions_json)" >"$dir/cond.$k.json"
    for b in "${order[@]}"; do
      case $b in
        floor) "${ON_CPU[@]}" hyperfine -N --style none --warmup 2 --runs "$BLOCK_ITERATIONS" --export-json "$dir/floor.$k.json" "cat $PIN" "cat /dev/null" >/dev/null 2>&1 ;;
        *) bench_json bpf "$b" "$BLOCK_ITERATIONS" 5 >"$dir/$b.$k.json" ;;
      esac
    done
  done
  python3 bench/interleave.py "$dir" "$BLOCKS"
}

times_ms() { # hyperfine's median and p95 for one command, in ms: {"median_ms": .., "p95_ms": ..}
  "${ON_CPU[@]}" hyperfine -N --style none --warmup 2 --runs "$1" --export-json "$WORK/h.json" "${@:2}" >/dev/null 2>&1
  python3 -c 'import json, sys
t = sorted(json.load(open(sys.argv[1]))["results"][0]["times"])
print(json.dumps({"median_ms": t[len(t) // 2] * 1000 if len(t) % 2 else (t[len(t) // 2 - 1] + t[len(t) // 2]) * 500,
                  "p95_ms": t[max(0, -(-95 * len(t) // 100) - 1)] * 1000}))' "$WORK/h.json"
}

for n in $COUNTS; do
  for ((run = 1; run <= RUNS; run++)); do
    echo "== $n extra sleep processes, run $run of $RUNS" >&2
    for ((i = 0; i < n; i++)); do sleep 86400 & sleepers+=($!); done
    settle
    pids=(/proc/[0-9]*) procs=${#pids[@]} # a glob: ls fails (and set -e ends the run) when a pid vanishes
    c_bpf=$(conditions_json); bpf=$(bench_json bpf delta "$ITERATIONS" 5)
    c_full=$(conditions_json); full=$(bench_json bpf full "$ITERATIONS" 5)
    c_cat=$(conditions_json); cat_t=$(times_ms 30 "cat $PIN")
    cat_null=$(times_ms 30 "cat /dev/null")
    rounds=$(interleaved)
    if [[ -z $QUICK ]]; then
      c_procfs=$(conditions_json); procfs=$(bench_json procfs delta $((n >= 5000 ? 5 : 10)) 1)
      bpf_sys=$(bench_syscalls bpf 10)
      procfs_sys=$(bench_syscalls procfs 2)
      ps_sys=$(ps_syscalls)
      c_ps=$(conditions_json); ps_t=$(times_ms 10 "${PS_ARGS[*]}")
    else
      c_procfs=null procfs=null bpf_sys=null procfs_sys=null ps_sys=null c_ps=null ps_t=null
    fi
    cat > "$OUT/n$n.r$run.json" <<JSON
{"extra": $n, "run": $run, "cpu": "${CPU:-any}", "processes": $procs, "settled": $SETTLED, "settle_s": $SETTLE_S,
 "bpf": $bpf, "bpf_full": $full, "procfs": $procfs,
 "syscalls": {"bpf": $bpf_sys, "procfs": $procfs_sys, "ps": $ps_sys},
 "ps": $ps_t, "cat_iter": $cat_t, "cat_devnull": $cat_null, "interleaved": $rounds,
 "conditions": {"bpf": $c_bpf, "bpf_full": $c_full, "cat_iter": $c_cat, "procfs": $c_procfs, "ps": $c_ps, "end": $(conditions_json)}}
JSON
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$OUT/n$n.r$run.json" # a broken row stops the run here
    cat "$OUT/n$n.r$run.json" >&2
    kill "${sleepers[@]}"; wait "${sleepers[@]}" 2>/dev/null || true; sleepers=()
  done
done
/usr/bin/python3 bench/plot.py "$OUT"
