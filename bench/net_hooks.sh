#!/usr/bin/env bash
# What bpftop's network hooks (bpf/net_hooks.bpf.c) cost the traffic they count, in one run:
#   sudo bench/net_hooks.sh                 # 5 rounds of 10 s iperf3 runs per setting
#   sudo ROUNDS=2 SECONDS_PER_RUN=3 bench/net_hooks.sh   # a quick check
# (a) iperf3 TCP throughput over loopback with no hooks, with bpftop's hooks attached (held by a
#     bpftop shell that read a network column), and with bcc's tcptop running; the settings take
#     turns within each round so drift hits them alike; the ratios compare medians.
# (b) per-call cost of each program (kernel.bpf_stats_enabled: run_time_ns / run_cnt) over one
#     more run with the hooks attached (stats on only then: they cost time themselves).
# (c) syscalls per collection with and without the network columns, beside N extra processes
#     (bench/run.sh's method): the counters are one batch lookup, whatever the process count.
# Every figure is printed with the 1-minute load and CPU pressure (some avg10) of its moment.
# Installs iperf3 and bpfcc-tools (tcptop) when missing.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

[[ $(id -u) -eq 0 ]] || { echo "bench/net_hooks.sh: run as root" >&2; exit 1; }
JAR=target/bpftop.jar
[[ -f $JAR ]] || { echo "bench/net_hooks.sh: build first (bin/build)" >&2; exit 1; }
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROUNDS=${ROUNDS:-5}
SECS=${SECONDS_PER_RUN:-10}
COUNTS=${COUNTS:-"0 1000"}
PORT=5299
TCPTOP=$(command -v tcptop-bpfcc || echo /usr/sbin/tcptop-bpfcc)

# bcc's tcptop attaches kprobes: on a kernel without them (CONFIG_KPROBES off) it cannot run at all.
KPROBES=0; [[ -d /sys/bus/event_source/devices/kprobe ]] && KPROBES=1
need=()
command -v iperf3 >/dev/null || need+=(iperf3)
((KPROBES)) && ! [[ -x $TCPTOP ]] && need+=(bpfcc-tools)
command -v strace >/dev/null || need+=(strace)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

WORK=$(mktemp -d)
SOCKET=bpftop-net-bench-$$
pids=()
cleanup() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  sysctl -qw kernel.bpf_stats_enabled=0 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

context() { # load1 and CPU pressure now
  printf 'load1 %s cpu_psi_some_avg10 %s' "$(cut -d' ' -f1 /proc/loadavg)" \
    "$(sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/cpu 2>/dev/null || echo NA)"
}

iperf3 -s -p $PORT -B 127.0.0.1 >/dev/null 2>&1 & pids+=($!)
sleep 1

throughput() { # Gbit/s received over SECS
  iperf3 -c 127.0.0.1 -p $PORT -t "$SECS" -J | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9, 3))'
}

PROGRAMS='(fx|kp|kr)_(send|recv)[46]|tp_(send|recv)'
our_programs() { bpftool prog show | grep -cE " name ($PROGRAMS) " || true; }

# bpftop's hooks stay attached while a WATCH of a network column runs (in a tmux server of its
# own; one tick every 10 s costs the traffic nothing worth measuring).
start_hooks() {
  tmux -L "$SOCKET" new-session -d -x 120 -y 20 \
    "$JAVA -jar $JAR --backend bpf --watch 10s -e 'SELECT pid FROM processes WHERE net_rx_bytes >= 0' 2>$WORK/bpftop.err"
  for _ in $(seq 300); do
    if (($(our_programs) > 0)); then
      bpftool prog show | grep -oE "(tracing|raw_tracepoint|kprobe) +name ($PROGRAMS) " | sort -u | tr '\n' ' ' >"$WORK/kind"
      return
    fi
    sleep 0.2
  done
  echo "bench/net_hooks.sh: bpftop never attached its hooks" >&2; cat "$WORK/bpftop.err" >&2; exit 1
}
stop_hooks() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  for _ in $(seq 50); do (($(our_programs) == 0)) && return; sleep 0.2; done
}

# bcc compiles tcptop at start (kprobes on tcp_sendmsg/tcp_cleanup_rbuf): a kernel without
# kprobes or headers cannot run it, which is reported instead of a figure.
start_tcptop() {
  local before; before=$(bpftool prog show | grep -c kprobe || true)
  "$TCPTOP" -C 1 >/dev/null 2>"$WORK/tcptop.err" & tcptop_pid=$!
  for _ in $(seq 150); do
    (($(bpftool prog show | grep -c kprobe || true) > before)) && sleep 1 && return 0
    kill -0 "$tcptop_pid" 2>/dev/null || break
    sleep 0.2
  done
  stop_tcptop
  return 1
}
stop_tcptop() { kill -INT "$tcptop_pid" 2>/dev/null || true; wait "$tcptop_pid" 2>/dev/null || true; }

echo "== (a) iperf3 over loopback, $ROUNDS rounds of ${SECS} s, $(nproc) CPUs"
base=() hooked=() tcptop=()
for ((r = 1; r <= ROUNDS; r++)); do
  g=$(throughput); base+=("$g"); echo "round $r none    $g Gbit/s  $(context)"
  start_hooks; g=$(throughput); stop_hooks; hooked+=("$g"); echo "round $r bpftop  $g Gbit/s  $(context)"
  if ((!KPROBES)); then
    echo "round $r tcptop  cannot run here: the kernel has no kprobes"
  elif start_tcptop; then
    g=$(throughput); stop_tcptop; tcptop+=("$g"); echo "round $r tcptop  $g Gbit/s  $(context)"
  else
    echo "round $r tcptop  cannot run here: $(tail -1 "$WORK/tcptop.err")"
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mb=$(median "${base[@]}") mh=$(median "${hooked[@]}")
echo "bpftop's programs: $(cat "$WORK/kind")"
echo "median none $mb, bpftop $mh Gbit/s"
awk -v b="$mb" -v h="$mh" 'BEGIN { printf "ratio bpftop/none %.3f (target >= 0.97, moonshot 0.99)\n", h/b }'
if ((${#tcptop[@]})); then
  mt=$(median "${tcptop[@]}")
  awk -v b="$mb" -v t="$mt" 'BEGIN { printf "median tcptop %s Gbit/s, ratio tcptop/none %.3f\n", t, t/b }'
fi

echo "== (b) per-call cost, kernel.bpf_stats_enabled=1, one ${SECS} s run"
start_hooks
sysctl -qw kernel.bpf_stats_enabled=1
bpftool prog show -j >"$WORK/before.json"
g=$(throughput)
bpftool prog show -j >"$WORK/after.json"
sysctl -qw kernel.bpf_stats_enabled=0
stop_hooks
echo "throughput with stats on: $g Gbit/s  $(context)"
python3 - "$WORK/before.json" "$WORK/after.json" <<'PY'
import json, re, sys
def load(p):
    return {x["id"]: x for x in json.load(open(p)) if re.match(r"(fx|kp|kr)_(send|recv)[46]$|tp_(send|recv)$|net_exit$", x.get("name", ""))}
before, after = load(sys.argv[1]), load(sys.argv[2])
for i, a in sorted(after.items(), key=lambda kv: kv[1]["name"]):
    b = before.get(i, {})
    runs = a.get("run_cnt", 0) - b.get("run_cnt", 0)
    ns = a.get("run_time_ns", 0) - b.get("run_time_ns", 0)
    print(f'{a["name"]:10} {runs:>10} calls  {ns / runs if runs else 0:8.1f} ns/call')
PY

echo "== (c) syscalls per collection (10 collections each), with and without NET"
for n in $COUNTS; do
  sleepers=()
  for ((i = 0; i < n; i++)); do sleep 86400 & sleepers+=($!); done
  for details in STATUS,CMDLINE,CGROUP,IO STATUS,CMDLINE,CGROUP,IO,NET; do
    strace -f -qq -o "$WORK/trace" "$JAVA" -jar "$JAR" bench --backend bpf --details "$details" --iterations 10 --warmup 1 >/dev/null 2>&1
    echo "+$n sleepers, $(ls -d /proc/[0-9]* | wc -l) processes, --details $details: $(python3 bench/count_syscalls.py "$WORK/trace" 10)  $(context)"
  done
  ((${#sleepers[@]})) && kill "${sleepers[@]}" && wait "${sleepers[@]}" 2>/dev/null || true
done
