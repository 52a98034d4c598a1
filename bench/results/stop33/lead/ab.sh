#!/bin/bash
# ab.sh ROUNDS RUNS cmd... : alternating hyperfine rounds; pooled median wall and mean CPU per command.
rounds=$1 runs=$2; shift 2
d=$(mktemp -d)
for ((i=1;i<=rounds;i++)); do
  if ((i % 2)); then cmds=("$@"); else cmds=(); for ((j=$#;j>=1;j--)); do cmds+=("${!j}"); done; fi
  hyperfine -N --style none -w 1 -r $runs --export-json $d/$i.json "${cmds[@]}" >/dev/null 2>&1
done
python3 - $d/*.json <<'PY'
import json,sys,statistics as st
rows={}
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        x=rows.setdefault(r["command"],{"t":[],"c":[]}); x["t"]+=r["times"]; x["c"]+=[r["user"]+r["system"]]*len(r["times"])
for k,v in rows.items():
    print(f"{k:40s} median {st.median(v['t'])*1000:6.0f} ms  mean {st.mean(v['t'])*1000:6.0f}  min {min(v['t'])*1000:5.0f}  CPU {st.mean(v['c'])*1000:6.0f} ms  n={len(v['t'])}")
PY
echo "load $(cut -d' ' -f1-3 /proc/loadavg), $(head -1 /proc/pressure/cpu)"
rm -rf $d
