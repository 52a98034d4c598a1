#!/usr/bin/env bash
# gcsum.sh LOG...: GC pauses between 5 and 25 s of uptime (the probe's window): count, full, total ms
for f; do sed -n 's/^\[\([0-9.]*\)s\].*Pause \(Young\|Full\).* \([0-9.]*\)ms$/\1 \2 \3/p' "$f" |
  awk -v f="${f##*/}" '$1>=5 && $1<25 {n++; s+=$3; if ($2=="Full") {fu++; fs+=$3}} END {printf "%s: %d pauses (%d full) %.0f ms, full %.0f ms\n", f, n, fu, s, fs}'; done
