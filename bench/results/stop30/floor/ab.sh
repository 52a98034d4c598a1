#!/usr/bin/env bash
# A/B of the RSS read at N sleepers: pinned reads (zero config, old exact RSS, new exact RSS) and the full-walk bench, base vs this branch, alternating.
set -euo pipefail
cd /work/wt-floor
N=${N:-10000}; OUTD=${OUTD:-/tmp/floor-probe/ab}; mkdir -p "$OUTD"
source bench/conditions.sh
P0=/sys/fs/bpf/floor-ab-zero-$$ P1=/sys/fs/bpf/floor-ab-old-$$ P2=/sys/fs/bpf/floor-ab-new-$$
sl=()
cleanup() { ((${#sl[@]})) && kill "${sl[@]}" 2>/dev/null; wait 2>/dev/null; rm -f "$P0" "$P1" "$P2"; }
trap cleanup EXIT
for ((i = 0; i < N; i++)); do sleep 86400 & sl+=($!); done
settle
bpftool iter pin /tmp/s30-base/target/classes/bpf/task_iter.bpf.o "$P0"
bpftool iter pin /tmp/floor-probe/task_iter_rss.bpf.o "$P1"
bpftool iter pin /tmp/floor-probe/new_rss.bpf.o "$P2"
echo "start $(conditions_json)" > "$OUTD/cond.txt"
GAP=0 python3 /tmp/floor-probe/probe.py 12 10 zero="$P0" old="$P1" new="$P2" > "$OUTD/probe.json" 2>"$OUTD/probe.log"
for r in 1 2 3 4; do
  for b in base mine; do
    if [[ $b == base ]]; then d=/tmp/s30-base; else d=/work/wt-floor; fi
    echo "r$r $b $(conditions_json)" >> "$OUTD/cond.txt"
    (cd "$d" && bin/bpftop bench --backend bpf --walk full --iterations 20 --warmup 5 --json 2>/dev/null) > "$OUTD/$b.$r.json"
  done
done
echo "end $(conditions_json)" >> "$OUTD/cond.txt"
