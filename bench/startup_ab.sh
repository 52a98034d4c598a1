#!/usr/bin/env bash
# The standalone one-liner of another build beside this checkout's, in the same minutes: hyperfine
# rounds that alternate which runs first, each figure from all rounds, with load and CPU pressure
# before and after. This machine's speed drifts by a quarter from one minute to the next, so only
# such a same-run comparison tells a start-up change from the drift.
#   bench/startup_ab.sh BASE [ROUNDS] [RUNS]   BASE: another checkout, built, with its AOT cache
#                                              (bin/build or mvn package && bin/package aot there)
# e.g. git worktree add /tmp/base main && (cd /tmp/base && mvn -o -q package -DskipTests && bin/package aot)
#      flock /tmp/bpftop-bench.lock bench/startup_ab.sh /tmp/base 4 6
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
base=$(cd "${1:?usage: bench/startup_ab.sh BASE [ROUNDS] [RUNS]}" && pwd)
rounds=${2:-4}
runs=${3:-6}
source bench/conditions.sh
for root in "$base" "$PWD"; do
  [[ -f $root/target/bpftop.aot ]] || { echo "bench/startup_ab.sh: no AOT cache in $root/target; run bin/package aot there" >&2; exit 1; }
done

query="SELECT count(*) FROM processes"
old="$base/bin/bpftop --no-agent -e '$query'"
new="$PWD/bin/bpftop --no-agent -e '$query'"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "before: $(conditions_json)"
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then order=(-n base "$old" -n new "$new"); else order=(-n new "$new" -n base "$old"); fi
  hyperfine -N -w 2 -r "$runs" --export-json "$out/$r.json" "${order[@]}" >/dev/null
done
echo "after: $(conditions_json)"
python3 - "$out" <<'EOF'
import glob, json, statistics, sys
times, cpu = {}, {}
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    for r in json.load(open(f))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
        cpu.setdefault(r["command"], []).append(r["user"] + r["system"])
for name in ("base", "new"):
    t = times[name]
    print(f"{name:4}  median {1000 * statistics.median(t):5.0f} ms  min {1000 * min(t):5.0f} ms  "
          f"CPU (user+sys, mean of rounds) {1000 * statistics.mean(cpu[name]):5.0f} ms  runs {len(t)}")
print(f"new / base median: {statistics.median(times['new']) / statistics.median(times['base']):.3f}")
EOF
