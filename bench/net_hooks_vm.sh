#!/usr/bin/env bash
# bench/net_hooks.sh inside Debian's kernels, booted by bin/vmtest: there the kernel accepts every
# attach kind of bpftop's network hooks (fexit, tracepoint on 6.3+, kprobe) and bcc's tcptop runs
# (kprobes, and the kernel's headers, which bin/vmtest fetches with BPFTOP_VMTEST_HEADERS=1), so one
# guest run measures all of them against no hooks. The guest sees the host's root filesystem, so
# iperf3 and bpfcc-tools are installed here. One kernel at a time: each guest is a benchmark.
#   sudo bench/net_hooks_vm.sh                 # 6.12, 5 rounds of 5 s
#   sudo ROUNDS=3 SECONDS_PER_RUN=3 bench/net_hooks_vm.sh 6.12 6.1
#   sudo TCPTOP= bench/net_hooks_vm.sh 6.12    # without tcptop (bcc 0.26 cannot compile against 6.12's headers)
# Under TCG emulation (no /dev/kvm) absolute throughput is a small fraction of the host's; the
# ratios between settings of the same run are the figures. Output: target/vmtest/KERNEL/out/net_hooks.txt.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
[[ $(id -u) -eq 0 ]] || { echo "bench/net_hooks_vm.sh: run as root" >&2; exit 1; }
need=()
command -v iperf3 >/dev/null || need+=(iperf3)
command -v tcptop-bpfcc >/dev/null || need+=(bpfcc-tools)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
(($# > 0)) || set -- 6.12
WORK_LOG=$(mktemp)
export BPFTOP_VMTEST_HEADERS=1
export BPFTOP_VMTEST_APPEND=psi=1 # Debian builds PSI in but off by default
export BPFTOP_VMTEST_TIMEOUT=${BPFTOP_VMTEST_TIMEOUT:-3600}
export BPFTOP_VMTEST_COMMAND="ROUNDS=${ROUNDS:-5} SECONDS_PER_RUN=${SECONDS_PER_RUN:-5} COUNTS='${COUNTS:-}' ${TCPTOP+TCPTOP='$TCPTOP'} bench/net_hooks.sh >/vmtest/net_hooks.txt 2>&1"
source bench/conditions.sh
# The guest's figures carry the guest's load; the host's, which slows the emulated CPUs, is
# sampled every 10 s beside each guest.
sample_host() { while :; do conditions_json; echo; sleep 10; done; }
rc=0
for series in "$@"; do
  sample_host >"$WORK_LOG" & sampler=$!
  bin/vmtest "$series" || rc=1
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  echo "== guest $series: $(cat "target/vmtest/$series/verdict" 2>/dev/null)"
  cat "target/vmtest/$series/out/net_hooks.txt" 2>/dev/null || echo "(no output)"
  python3 - "$WORK_LOG" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for k in ("load1", "psi_cpu_some_avg10"):
    v = sorted(r[k] for r in rows if r[k] is not None)
    if v:
        print(f"host {k} over the guest's run ({len(v)} samples): min {v[0]}, median {statistics.median(v)}, max {v[-1]}")
PY
done
rm -f "$WORK_LOG"
exit $rc
