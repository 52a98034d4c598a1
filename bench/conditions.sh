# Sourced by the benchmarks: how busy the machine is beside each figure (load average, CPU
# pressure), and a wait until the processes a benchmark just started have settled. Timings taken
# while other jobs run, or while thousands of fresh `sleep`s are still being exec'd, measure the
# machine, not the program: each row says which it was.

# CPU pressure, "some" line: avg10 and avg60 (percent of time some task waited for a CPU); "null null" without PSI.
psi_cpu() {
  local line
  line=$(sed -n 's/^some //p' /proc/pressure/cpu 2>/dev/null || true)
  if [[ -z $line ]]; then echo "null null"; return; fi
  awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v["avg10"], v["avg60"] }' <<<"$line"
}

# One JSON object: load averages, tasks running and in all (from /proc/loadavg), CPU PSI.
conditions_json() {
  local l1 l5 l15 rt a10 a60
  read -r l1 l5 l15 rt _ </proc/loadavg
  read -r a10 a60 < <(psi_cpu)
  printf '{"load1": %s, "load5": %s, "running": %s, "tasks": %s, "psi_cpu_some_avg10": %s, "psi_cpu_some_avg60": %s}' \
    "$l1" "$l5" "${rt%/*}" "${rt#*/}" "$a10" "$a60"
}

# Waits until the task count has not moved for SETTLE_STEADY seconds (default 3), no more tasks run
# than there are CPUs, and CPU PSI avg10 is under SETTLE_PSI percent (default 10); at most
# SETTLE_MAX seconds (default 120). Sets SETTLED (1 or 0) and SETTLE_S (seconds waited).
settle() {
  local steady=${SETTLE_STEADY:-3} max=${SETTLE_MAX:-120} psi_max=${SETTLE_PSI:-10} cpus
  local last=-1 same=0 start=$SECONDS rt tasks running a10 _
  cpus=$(nproc)
  SETTLED=0
  while ((SECONDS - start < max)); do
    read -r _ _ _ rt _ </proc/loadavg
    running=${rt%/*} tasks=${rt#*/}
    read -r a10 _ < <(psi_cpu)
    if ((tasks == last)); then same=$((same + 1)); else same=0; last=$tasks; fi
    # running counts this loop's own read; PSI may be absent ("null"): then only the counts decide
    if ((same >= steady && running <= cpus)) && { [[ $a10 == null ]] || awk -v a="$a10" -v m="$psi_max" 'BEGIN { exit !(a < m) }'; }; then
      SETTLED=1
      break
    fi
    sleep 1
  done
  SETTLE_S=$((SECONDS - start))
  if ((SETTLED)); then echo "settled after ${SETTLE_S} s: $(conditions_json)" >&2
  else echo "NOT settled after ${SETTLE_S} s (figures are noise): $(conditions_json)" >&2; fi
}

# How many processes there are now. A glob, not `ls | wc`: ls fails (and set -e ends a run) when a
# pid vanishes between the listing and its stat.
process_count() { local pids=(/proc/[0-9]*); echo "${#pids[@]}"; }
