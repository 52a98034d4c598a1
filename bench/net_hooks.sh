#!/usr/bin/env bash
# What bpftop's network hooks (bpf/net_hooks.bpf.c) cost the traffic they count, in one run:
#   sudo bench/net_hooks.sh                                   # 15 rounds of 4 s iperf3 runs per setting
#   sudo ROUNDS=3 SECONDS_PER_RUN=2 COUNTS= bench/net_hooks.sh   # a quick check
#   sudo bench/net_hooks_vm.sh 6.12                           # the same inside a Debian kernel (bin/vmtest)
# (a) iperf3 TCP throughput over loopback with no hooks, with bpftop's hooks attached, once per
#     kind this kernel accepts (fexit, tracepoint, kprobe), and with bcc's tcptop running where the
#     kernel has kprobes. One JVM (bench/NetHooksHold.java, bpftop's own loader) attaches and
#     detaches the kinds on command and stays idle in between, so only the programs cost the
#     traffic; tcptop likewise runs with a one-hour interval. The settings take turns within each
#     round, in an order rotated every round, so drift and position hit them alike; the ratios
#     compare each setting's median with the median of no hooks.
#     tcptop starts once, halfway through (bcc compiles it at every start: minutes under emulation).
# (b) per-call cost of each program (kernel.bpf_stats_enabled: run_time_ns / run_cnt), one more
#     run per setting with the stats on (they cost time themselves, so (a) leaves them off), and
#     the programs' CPU time as a share of iperf3's own: a figure the machine's load hardly moves.
# (c) syscalls per collection with and without the network columns, beside N extra processes
#     (bench/run.sh's method): the counters are one batch lookup, whatever the process count.
# Every figure is printed with the load and CPU pressure of its moment (bench/conditions.sh).
# Installs iperf3, strace and (where the kernel has kprobes) bcc's bpfcc-tools when missing.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
source bench/conditions.sh

[[ $(id -u) -eq 0 ]] || { echo "bench/net_hooks.sh: run as root" >&2; exit 1; }
JAR=target/bpftop.jar
[[ -f $JAR ]] || { echo "bench/net_hooks.sh: build first (bin/build)" >&2; exit 1; }
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROUNDS=${ROUNDS:-15}
SECS=${SECONDS_PER_RUN:-4}
COUNTS=${COUNTS-"0 1000"}
PORT=5299
TCPTOP=${TCPTOP-$(command -v tcptop-bpfcc || echo /usr/sbin/tcptop-bpfcc)} # TCPTOP= leaves tcptop out

# bcc's tcptop attaches kprobes: on a kernel without them (CONFIG_KPROBES off) it cannot run at all.
KPROBES=0; [[ -d /sys/bus/event_source/devices/kprobe ]] && KPROBES=1
need=()
command -v iperf3 >/dev/null || need+=(iperf3)
((KPROBES)) && [[ -n $TCPTOP && ! -x $TCPTOP ]] && need+=(bpfcc-tools)
[[ -n $COUNTS ]] && ! command -v strace >/dev/null && need+=(strace)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

WORK=$(mktemp -d)
pids=()
tcptop_pid=
cleanup() {
  [[ -n $tcptop_pid ]] && kill "$tcptop_pid" 2>/dev/null
  [[ -n ${HOLD_PID:-} ]] && kill "$HOLD_PID" 2>/dev/null
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null || true
  sysctl -qw kernel.bpf_stats_enabled=0 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== kernel $(uname -r), $(nproc) CPUs, $(conditions_json)"
iperf3 -s -p $PORT -B 127.0.0.1 >/dev/null 2>&1 & pids+=($!)
sleep 1

throughput() { # Gbit/s received over SECS; the whole report stays in $WORK/iperf3.json
  iperf3 -c 127.0.0.1 -p $PORT -t "$SECS" -J >"$WORK/iperf3.json"
  python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"]/1e9, 4))' "$WORK/iperf3.json"
}

names() { # of program ids, with their types
  bpftool prog show -j | python3 -c 'import json, sys; ids = set(map(int, sys.argv[1:]))
print(", ".join(sorted("%s (%s)" % (p.get("name", "?"), p["type"]) for p in json.load(sys.stdin) if p["id"] in ids)))' "$@"
}
prog_ids() { bpftool prog show -j | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))'; }

# bpftop's loader in one idle JVM, attaching on command (bench/NetHooksHold.java).
coproc HOLD { exec "$JAVA" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -cp "$JAR" bench/NetHooksHold.java 2>"$WORK/hold.err"; }
hold() { # KIND or none; sets REPLY to the holder's answer
  echo "$1" >&"${HOLD[1]}"
  read -r -t 900 REPLY <&"${HOLD[0]}" || { echo "bench/net_hooks.sh: the holder did not answer" >&2; cat "$WORK/hold.err" >&2; exit 1; }
}

# bcc compiles tcptop at start, then prints "Tracing..." (kprobes on tcp_sendmsg, tcp_cleanup_rbuf);
# a kernel without kprobes or headers cannot run it, which is reported instead of a figure.
start_tcptop() {
  PYTHONUNBUFFERED=1 "$TCPTOP" -C 3600 1 >"$WORK/tcptop.out" 2>"$WORK/tcptop.err" & tcptop_pid=$!
  local t=$SECONDS
  while ((SECONDS - t < 900)); do
    grep -q '^Tracing' "$WORK/tcptop.out" && return 0
    kill -0 "$tcptop_pid" 2>/dev/null || break
    sleep 0.5
  done
  stop_tcptop
  return 1
}
# SIGTERM: a job started with & in a script ignores SIGINT, and Python then never sees Ctrl-C.
stop_tcptop() { kill "$tcptop_pid" 2>/dev/null || true; wait "$tcptop_pid" 2>/dev/null || true; tcptop_pid=; }

# The settings' new program ids, for (b): what appeared between before and after attaching.
declare -A programs
enable() { # setting; 0 when it runs
  local before; before=" $(prog_ids) "
  case $1 in
    none) ;;
    tcptop) start_tcptop || return 1 ;;
    *) hold "$1"; [[ $REPLY == attached* ]] || return 1 ;;
  esac
  local id new=
  for id in $(prog_ids); do [[ $before == *" $id "* ]] || new+="$id "; done
  programs[$1]=$new
}
disable() {
  case $1 in
    none) ;;
    tcptop) stop_tcptop ;;
    *) hold none ;;
  esac
}

settings=(none)
for kind in fexit tracepoint kprobe; do
  if enable "$kind"; then
    settings+=("$kind")
    echo "bpftop $kind: programs $(names ${programs[$kind]})"
  else
    echo "bpftop $kind: ${REPLY#refused "$kind": }"
  fi
  disable "$kind"
done
((KPROBES)) || echo "tcptop: cannot run here: the kernel has no kprobes"
[[ -n $TCPTOP ]] || echo "tcptop: left out (TCPTOP empty)"

declare -A runs
run() { # SETTING LABEL: one throughput run with SETTING in place
  local g; g=$(throughput)
  runs[$1]+="$g "
  printf '%-8s %-10s %8s Gbit/s  %s\n' "$2" "$1" "$g" "$(conditions_json)"
}

# One run with kernel.bpf_stats_enabled=1 (the stats cost time themselves, so the runs above
# leave them off), with SETTING in place: each of its programs' calls and ns per call.
stats_run() {
  local g
  bpftool prog show -j >"$WORK/before.json"
  sysctl -qw kernel.bpf_stats_enabled=1
  g=$(throughput)
  sysctl -qw kernel.bpf_stats_enabled=0
  bpftool prog show -j >"$WORK/after.json"
  echo "$1: $g Gbit/s with stats on  $(conditions_json)"
  python3 - "$WORK/before.json" "$WORK/after.json" "$WORK/iperf3.json" ${programs[$1]} <<'PY'
import json, sys
before, after = ({p["id"]: p for p in json.load(open(f))} for f in sys.argv[1:3])
end = json.load(open(sys.argv[3]))["end"]
secs, ids = end["sum_received"]["seconds"], {int(i) for i in sys.argv[4:]}
# iperf3's own CPU time, client (host) and server (remote), in percent of the run's length
cpu = end["cpu_utilization_percent"]
iperf_ns = (cpu["host_total"] + cpu["remote_total"]) / 100 * secs * 1e9
total = 0
for i in sorted(ids, key=lambda i: after.get(i, {}).get("name", "")):
    a, b = after.get(i, {}), before.get(i, {})
    runs = a.get("run_cnt", 0) - b.get("run_cnt", 0)
    ns = a.get("run_time_ns", 0) - b.get("run_time_ns", 0)
    total += ns
    print(f'  {a.get("name", "?"):24} {runs:>10} calls  {ns / runs if runs else 0:8.1f} ns/call')
print(f'  all programs: {total / 1e6:.1f} ms of CPU in {secs:.1f} s ({100 * total / (secs * 1e9):.2f} % of one CPU), '
      f'{100 * total / iperf_ns:.2f} % of the CPU time iperf3 itself used ({iperf_ns / 1e9:.2f} s): what a CPU-bound '
      f'iperf3 loses to the program bodies, whatever the load beside it')
PY
}

# tcptop starts once, halfway through the rounds, for as many runs in a row as there are rounds
# (and its stats run): bcc compiles it at every start, which takes minutes under emulation. Its
# runs thus sit between the other settings' rounds, not among them.
tcptop_block() {
  echo "-- tcptop: one start, $ROUNDS runs in a row, then one with the stats on"
  if enable tcptop; then
    echo "tcptop: programs $(names ${programs[tcptop]})"
    for ((t = 1; t <= ROUNDS; t++)); do run tcptop "run $t"; done
    stats_run tcptop >"$WORK/tcptop.stats"
    disable tcptop
  else
    # bcc's compiler errors come first, Python's traceback ends with the summary
    echo "tcptop: cannot run here: $(grep -m1 'error:' "$WORK/tcptop.err" || grep -v '^$' "$WORK/tcptop.err" | tail -1)"
  fi
}

echo "== (a) iperf3 over loopback: $ROUNDS rounds of ${SECS} s per setting (${settings[*]})"
n=${#settings[@]}
for ((r = 0; r < ROUNDS; r++)); do
  ((KPROBES && r == ROUNDS / 2)) && [[ -n $TCPTOP ]] && tcptop_block
  for ((i = 0; i < n; i++)); do
    s=${settings[(i + r) % n]}
    enable "$s" || { echo "round $((r + 1)) $s: did not attach: $REPLY"; continue; }
    run "$s" "round $((r + 1))"
    disable "$s"
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# shellcheck disable=SC2086 # the runs are words
base=$(median ${runs[none]})
echo "median none $base Gbit/s"
measured=("${settings[@]:1}")
[[ -n ${runs[tcptop]:-} ]] && measured+=(tcptop)
for s in "${measured[@]}"; do
  # shellcheck disable=SC2086
  m=$(median ${runs[$s]})
  awk -v s="$s" -v m="$m" -v b="$base" -v runs="${runs[$s]}" \
    'BEGIN { printf "median %-10s %s Gbit/s, ratio to none %.3f%s (runs: %s)\n", s, m, m / b, s == "tcptop" ? "" : " (target >= 0.97, moonshot 0.99)", runs }'
done
echo "at the end: $(conditions_json)"

echo "== (b) per-call cost, kernel.bpf_stats_enabled=1, one ${SECS} s run per setting"
for s in "${settings[@]:1}"; do
  enable "$s" || { echo "$s: did not attach"; continue; }
  stats_run "$s"
  disable "$s"
done
[[ -s $WORK/tcptop.stats ]] && cat "$WORK/tcptop.stats"

[[ -n $COUNTS ]] || exit 0
echo "== (c) syscalls per collection (10 collections each), with and without NET"
for n in $COUNTS; do
  sleepers=()
  for ((i = 0; i < n; i++)); do sleep 86400 & sleepers+=($!); done
  for details in STATUS,CMDLINE,CGROUP,IO STATUS,CMDLINE,CGROUP,IO,NET; do
    strace -f -qq -o "$WORK/trace" "$JAVA" -jar "$JAR" bench --backend bpf --details "$details" --iterations 10 --warmup 1 >/dev/null 2>&1
    echo "+$n sleepers, $(process_count) processes, --details $details: $(python3 bench/count_syscalls.py "$WORK/trace" 10)  $(conditions_json)"
  done
  ((${#sleepers[@]})) && kill "${sleepers[@]}" && wait "${sleepers[@]}" 2>/dev/null || true
done
