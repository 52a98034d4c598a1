#!/usr/bin/env bash
# The live view's own CPU cost against htop's, same run, same machine.
#
# For each size (extra sleeping processes): starts `bpftop -d 1000` and `htop -d 10` (both refresh
# every second) side by side in a tmux server of their own, so each has a real tty; lets them settle,
# then reads utime+stime from /proc/PID/stat at the start and the end of a DURATION-second window.
#   bench/live_view.sh                 # sizes 1000 and 5000, 60 s each
#   SIZES="1000" DURATION=20 bench/live_view.sh
#   BACKEND=procfs bench/live_view.sh  # bpftop's collector: auto (default, BPF when it loads), bpf, procfs
# Prints a Markdown table, each row with the load average and CPU pressure (PSI "some") at the
# start and at the end of its window, and whether the sleepers had settled before it began (see
# bench/conditions.sh). Run as root on an otherwise quiet machine; it kills all it started.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

SIZES=${SIZES:-"1000 5000"}
DURATION=${DURATION:-60}
SETTLE=${SETTLE:-10}
BACKEND=${BACKEND:-auto}
SOCKET="bpftop-bench-$$"
TICK=$(getconf CLK_TCK)
[[ -f target/bpftop.jar ]] || { echo "build first: bin/build" >&2; exit 2; }
command -v htop >/dev/null || { echo "htop is not installed (bin/build installs it)" >&2; exit 2; }

source bench/sleepers.sh
source bench/conditions.sh

# utime + stime of one process, in clock ticks (fields 14 and 15 after the "(comm)").
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
pane_pid() { tmux -L "$SOCKET" display-message -p -t "$1" '#{pane_pid}'; }
# The pane runs the program itself (exec), so its pane pid is the program's pid; bin/bpftop execs java.

echo "| processes (total) | backend | bpftop CPU s / ${DURATION} s | htop CPU s / ${DURATION} s | bpftop / htop | settled | load 1 min (start / end) | CPU PSI avg10 (start / end) |"
echo "|---:|---|---:|---:|---:|---|---:|---:|"
for n in $SIZES; do
  start_sleepers "$n"
  settle
  total=$(process_count)
  tmux -L "$SOCKET" new-session -d -s bench -x 200 -y 50 -n bpftop "exec bin/bpftop --backend $BACKEND -d 1000"
  tmux -L "$SOCKET" new-window -d -t bench -n htop "exec htop -d 10"
  sleep "$SETTLE"
  bp=$(pane_pid bench:bpftop) hp=$(pane_pid bench:htop)
  b0=$(cpu_ticks "$bp") h0=$(cpu_ticks "$hp")
  # How busy the machine was over the window: other load skews both programs' times.
  load0=$(cut -d' ' -f1 /proc/loadavg); read -r psi0 _ < <(psi_cpu)
  sleep "$DURATION"
  b1=$(cpu_ticks "$bp") h1=$(cpu_ticks "$hp")
  load1=$(cut -d' ' -f1 /proc/loadavg); read -r psi1 _ < <(psi_cpu)
  tmux -L "$SOCKET" kill-server
  stop_sleepers
  awk -v n="$total" -v be="$BACKEND" -v b=$((b1 - b0)) -v h=$((h1 - h0)) -v hz="$TICK" -v settled="$( ((SETTLED)) && echo yes || echo '**no**')" \
    -v load="$load0 / $load1" -v psi="$psi0 / $psi1 %" \
    'BEGIN { printf "| %d | %s | %.2f | %.2f | %.2f | %s | %s | %s |\n", n, be, b / hz, h / hz, (h > 0 ? b / h : 0), settled, load, psi }'
done
