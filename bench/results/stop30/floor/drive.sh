#!/usr/bin/env bash
# Probe of the slow-CPU hypothesis at N sleepers (run under the bench lock, from the worktree).
set -euo pipefail
cd /work/wt-floor
N=${N:-10000}; OUTD=${OUTD:-/tmp/floor-probe/out}; mkdir -p "$OUTD"
source bench/conditions.sh
P0=/sys/fs/bpf/floor-probe-zero-$$ P1=/sys/fs/bpf/floor-probe-rss-$$
sl=()
cleanup() { ((${#sl[@]})) && kill "${sl[@]}" 2>/dev/null; wait 2>/dev/null; rm -f "$P0" "$P1"; }
trap cleanup EXIT
for ((i = 0; i < N; i++)); do sleep 86400 & sl+=($!); done
settle
bpftool iter pin target/classes/bpf/task_iter.bpf.o "$P0"
bpftool iter pin /tmp/floor-probe/task_iter_rss.bpf.o "$P1"
echo "conditions $(conditions_json)" > "$OUTD/cond.txt"
python3 /tmp/floor-probe/probe.py ${ROUNDS:-6} 10 zero="$P0" rss="$P1" > "$OUTD/probe.json"
echo "conditions $(conditions_json)" >> "$OUTD/cond.txt"
for r in 1 2 3; do
  for cpu in 0 1 x; do
    if [[ $cpu == x ]]; then pre=(); else pre=(taskset -c "$cpu"); fi
    c=$(conditions_json); s0=$(grep '^cpu ' /proc/stat)
    "${pre[@]}" bin/bpftop bench --backend bpf --walk full --iterations 20 --warmup 5 --json 2>/dev/null > "$OUTD/bench.r$r.c$cpu.json"
    s1=$(grep '^cpu ' /proc/stat)
    hyperfine -N --style none --warmup 2 --runs 10 --export-json "$OUTD/cat.r$r.c$cpu.json" "cat $P0" >/dev/null 2>&1
    echo "r$r cpu$cpu $c | $s0 | $s1" >> "$OUTD/cond.txt"
  done
done
