#!/usr/bin/env bash
# bpftop's memory footprint (resident set) against htop's, same run, same process table.
#
# For each size (extra sleeping processes) and each backend it measures:
#   - two one-liners, `SELECT * FROM processes` as CSV and `SELECT count(*) FROM processes`:
#     peak RSS (VmHWM) of the JVM, by /usr/bin/time (bin/bpftop execs java, so it is one process);
#   - the live view (`bpftop -d 1000`) beside `htop -d 10`, each in a window of one tmux server
#     (200x50, a real tty), for DURATION seconds: RSS sampled every second after SETTLE seconds
#     (the median is the "steady" figure) and the peak (VmHWM) at the end.
#   bench/memory.sh                          # sizes 1000 and 10000, backends bpf and procfs
#   SIZES="10000" BACKENDS="bpf" DURATION=20 bench/memory.sh
#   BPFTOP_NO_AOT=1 bench/memory.sh          # without the AOT cache (it is mapped, so it counts)
# Prints a Markdown table with the load average and CPU pressure (PSI "some" avg10) at the end of
# each row. Run as root (BPF); it kills all it started, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

SIZES=${SIZES:-"1000 10000"}
BACKENDS=${BACKENDS:-"bpf procfs"}
DURATION=${DURATION:-20}
SETTLE=${SETTLE:-5}
SOCKET="bpftop-mem-$$"
[[ -f target/bpftop.jar ]] || { echo "build first: bin/build" >&2; exit 2; }
command -v htop >/dev/null || { echo "htop is not installed (bin/build installs it)" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is not installed (package: time)" >&2; exit 2; }

source bench/sleepers.sh

mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }       # KiB -> MB (MiB), rounded
status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }  # VmRSS / VmHWM of a pid
machine() { echo "$(cut -d' ' -f1 /proc/loadavg) | $(sed -n 's/^some avg10=\([^ ]*\).*/\1 %/p' /proc/pressure/cpu 2>/dev/null)"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
pane_pid() { tmux -L "$SOCKET" display-message -p -t "$1" '#{pane_pid}'; }

# Peak RSS in KiB of one one-liner (GNU time's %M is the child's ru_maxrss).
one_liner_kb() { # backend sql [format]
  /usr/bin/time -f '%M' -o /tmp/bpftop-mem-$$.time bin/bpftop --backend "$1" -e "$2" --format csv >/dev/null
  cat /tmp/bpftop-mem-$$.time && rm -f /tmp/bpftop-mem-$$.time
}

# The live view and htop side by side; prints "bpftop-steady bpftop-peak htop-steady htop-peak" in KiB.
live_kb() { # backend
  tmux -L "$SOCKET" new-session -d -s mem -x 200 -y 50 -n bpftop "exec bin/bpftop --backend $1 -d 1000"
  tmux -L "$SOCKET" new-window -d -t mem -n htop "exec htop -d 10"
  local bp hp b=() h=() i
  bp=$(pane_pid mem:bpftop) hp=$(pane_pid mem:htop)
  sleep "$SETTLE"
  for ((i = 0; i < DURATION; i++)); do
    b+=("$(status_kb "$bp" VmRSS)") h+=("$(status_kb "$hp" VmRSS)")
    sleep 1
  done
  echo "$(printf '%s\n' "${b[@]}" | median) $(status_kb "$bp" VmHWM) $(printf '%s\n' "${h[@]}" | median) $(status_kb "$hp" VmHWM)"
  tmux -L "$SOCKET" kill-server
}

echo "| processes (total) | backend | what | RSS MB (steady, median) | peak RSS MB | htop RSS MB (steady / peak) | bpftop / htop (steady) | load avg 1 min | CPU PSI some avg10 |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  start_sleepers "$n"
  pids=(/proc/[0-9]*) total=${#pids[@]} # a glob: ls fails (and set -e ends the run) when a pid vanishes
  for be in $BACKENDS; do
    for q in "SELECT * FROM processes" "SELECT count(*) FROM processes"; do
      kb=$(one_liner_kb "$be" "$q")
      echo "| $total | $be | one-liner \`$q\` | – | $(mb "$kb") | | | $(machine) |"
    done
    read -r bs bh hs hh < <(live_kb "$be")
    ratio=$(awk -v b="$bs" -v h="$hs" 'BEGIN { printf "%.1fx", (h > 0 ? b / h : 0) }')
    echo "| $total | $be | live view, ${DURATION} s | $(mb "$bs") | $(mb "$bh") | $(mb "$hs") / $(mb "$hh") | $ratio | $(machine) |"
  done
  stop_sleepers
done
