#!/usr/bin/env bash
# Stop 30 (s30-mem): the live view (`bpftop -d 1000`, BPF, tmux 200x50, as bench/memory.sh runs it)
# beside N extra sleepers, once per variant, in one set of sleepers:
#   bench/results/stop30/mem/probe.sh N "label|ENV=VALUE ...|extra JVM flags" ...
# Prints per variant: full / young collections over the whole run (its -Xlog:gc goes to
# $LOGS/gc-LABEL.log; gcsum.sh sums the pauses), VmRSS median over DUR s after 5 s, VmHWM, CPU
# (utime + stime ticks in those DUR s), the AOT cache's and the anonymous mappings' Rss (smaps),
# threads, load and CPU PSI. The variant's flags go after the launcher's own (the later flag wins),
# through a copy of bin/bpftop made for the run and removed after it. Run as root, under
# flock /tmp/bpftop-bench.lock.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../../.."
SOCKET=s30probe-$$
DUR=${DUR:-20}
LOGS=${LOGS:-/tmp/s30mem}
mkdir -p "$LOGS"
launcher=bin/.bpftop-probe-$$
sed 's|^exec "\$java" "\${flags\[@\]}" -cp "\$jar" dev.bpftop.cli.Main "\$@"$|exec "$java" "${flags[@]}" ${XFLAGS:-} -cp "$jar" dev.bpftop.cli.Main "$@"|' bin/bpftop >"$launcher"
chmod +x "$launcher"
source bench/sleepers.sh
trap 'cleanup; rm -f "$launcher"' EXIT
start_sleepers "$1"; shift
sleep 2
for v in "$@"; do
  IFS='|' read -r label envs xf <<<"$v"
  # No agent: the C client would run bin/bpftop again, not this copy.
  tmux -L "$SOCKET" new-session -d -s m -x 200 -y 50 \
    "exec env BPFTOP_AGENT_SOCKET= $envs XFLAGS='$xf -Xlog:gc:file=$LOGS/gc-$label.log' $launcher -d 1000"
  pid=$(tmux -L "$SOCKET" display-message -p -t m '#{pane_pid}')
  sleep 5
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  r=()
  for ((i = 0; i < DUR; i++)); do r+=($(awk '$1=="VmRSS:"{print $2}' /proc/$pid/status)); sleep 1; done
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  med=$(printf '%s\n' "${r[@]}" | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}')
  hwm=$(awk '$1=="VmHWM:"{print $2}' /proc/$pid/status)
  aot=$(awk '/bpftop.aot/{f=1;next} /^[0-9a-f]+-/{f=0} f&&/^Rss:/{s+=$2} END{print s+0}' /proc/$pid/smaps)
  anon=$(awk '/^[0-9a-f]+-[0-9a-f]+ /{f=(NF<6)} f&&/^Rss:/{s+=$2} END{print s+0}' /proc/$pid/smaps)
  thr=$(ls /proc/$pid/task | wc -l)
  fulls=$(grep -c "Pause Full" "$LOGS/gc-$label.log" || true) youngs=$(grep -c "Pause Young" "$LOGS/gc-$label.log" || true)
  echo "$(date +%H:%M:%S) $label: full $fulls young $youngs: steady $((med/1024)) peak $((hwm/1024)) MB cpu $((t1-t0)) ticks aot $((aot/1024)) anon $((anon/1024)) threads $thr | load $(cut -d' ' -f1 /proc/loadavg) psi $(sed -n 's/^some avg10=\([^ ]*\).*/\1/p' /proc/pressure/cpu)"
  tmux -L "$SOCKET" kill-server; sleep 1
done
