import json, statistics as st, sys, glob, os
d = sys.argv[1]
rows = [json.loads(l) for l in open(d + '.log') if l.startswith('{"round"')]
for cpu in (0, 1):
    r = [x for x in rows if x['cpu'] == cpu]
    print(f"cpu{cpu}: n={len(r)} spin(wall) {st.median(x['spin_ms'] for x in r):.2f}",
          " ".join(f"{k}: wall {st.median(x[k]['median'] for x in r):.2f} min {st.median(x[k]['min'] for x in r):.2f} cpu {st.median(x[k].get('cpu_median', 0) for x in r):.2f}" for k in ('zero', 'rss')))
# per round: cpu0 vs cpu1 cpu-time ratio of the zero read
rat = []
for k in range(max(x['round'] for x in rows) + 1):
    a = [x for x in rows if x['round'] == k]
    if len(a) == 2 and 'cpu_median' in a[0]['zero']:
        c = {x['cpu']: x['zero']['cpu_median'] for x in a}
        rat.append(c[0] / c[1])
if rat: print("per-round cpu0/cpu1 (zero read CPU time): median %.3f min %.3f max %.3f" % (st.median(rat), min(rat), max(rat)))
print("steal ticks total", sum(x['steal_ticks']['cpu0'] + x['steal_ticks']['cpu1'] for x in rows))
for f in sorted(glob.glob(d + '/bench.*.json')):
    try: b = json.load(open(f))
    except Exception: continue
    p = b['phases_ms']
    c = json.load(open(f.replace('bench', 'cat')))['results'][0]['times']
    print(os.path.basename(f), b['median_ms'], 'walk', p['walk']['median'], 'rows', p['rows']['median'], 'cpu', p['cpu']['median'], 'delay', p['run_delay']['median'], '| cat', round(st.median(c) * 1000, 2))
