#!/usr/bin/env bash
out=/tmp/s29-tick/ab/results.txt
for round in 1 2; do
  for dir in /tmp/s29-base /work/wt-tick; do
    echo "== $(date -u +%H:%M:%S) $dir 1000 round $round" >> $out
    (cd $dir && env SIZES="1000" DURATION=30 flock /tmp/bpftop-bench.lock bench/live_view.sh 2>&1 | tail -1) >> $out
  done
done
for dir in /work/wt-tick /tmp/s29-base; do
  echo "== $(date -u +%H:%M:%S) $dir 5000" >> $out
  (cd $dir && env SIZES="5000" DURATION=30 flock /tmp/bpftop-bench.lock bench/live_view.sh 2>&1 | tail -1) >> $out
done
echo done >> $out
