#!/bin/bash
# phases.sh N [VAR=value ...] : median phase times from TraceX marks over N one-liners (interleave variants yourself)
n=$1; shift
export BPFTOP_AGENT_SOCKET=
for ((i=0;i<n;i++)); do
  T0=$EPOCHREALTIME; env "$@" BPFTOP_T0=$T0 ${BPFTOP_BIN:-/work/main/bin/bpftop} -e "${Q:-SELECT count(*) FROM processes}" 2>/tmp/ph.$$ >/dev/null; T1=$EPOCHREALTIME
  python3 - "$T0" "$T1" /tmp/ph.$$ <<'PY'
import sys
t0,t1,f=float(sys.argv[1]),float(sys.argv[2]),sys.argv[3]
m={}
for l in open(f):
    p=l.split()
    if p and p[0]=="T": m.setdefault(" ".join(p[4:]), float(p[1]))
end=(t1-t0)*1000
print(f"{m.get('main',0):.0f} {m.get('call',0)-m.get('main',0):.0f} {m.get('session',0)-m.get('claimed',0):.0f} {m.get('planned',0)-m.get('plan start',0):.0f} {m.get('read',0)-m.get('planned',0):.0f} {m.get('open end',0)-m.get('open start',0):.0f} {end:.0f}")
PY
done > /tmp/phr.$$
python3 - /tmp/phr.$$ "$*" <<'PY'
import sys,statistics as st
rows=[list(map(float,l.split())) for l in open(sys.argv[1])]
names=["jvm","picocli","session","plan","exec","bpfopen","END"]
print(f"{sys.argv[2] or 'base':24s}", " ".join(f"{n}={st.median([r[i] for r in rows]):.0f}" for i,n in enumerate(names)))
PY
rm -f /tmp/ph.$$ /tmp/phr.$$
