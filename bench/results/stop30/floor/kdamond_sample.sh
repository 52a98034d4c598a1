#!/usr/bin/env bash
# Every 2 s: time, kdamond.0's CPU ticks (utime+stime), tasks, PSI avg10.
while :; do
  read -r -a st </proc/83/stat
  read -r _ _ _ rt _ </proc/loadavg
  printf '%s %s %s %s\n' "$(date +%s)" "$((st[13] + st[14]))" "${rt#*/}" "$(sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/cpu)"
  sleep 2
done
