#!/usr/bin/env python3
"""Draws bench/results/*.png and writes bench/results/table.md from run.sh's JSON files (n<count>.r<run>.json).

Each row is one run at one count, with the load average and CPU pressure (PSI "some", avg10) at the
start of its bpf measurement: a row measured under load says so. The charts plot, per count, the
median over the runs of each figure. Figures a QUICK run left out are shown as "–".

A second table gives the interleaved rounds (run.sh's BLOCKS; bench/interleave.py): the floor and
both walks timed within seconds of each other, round after round. Its ratios to the floor are the
median of the rounds' ratios (and, in brackets, the pooled samples' medians); its p95s are the
pooled samples' (they include drift between rounds). Rows from before the rounds existed have none.
"""
import glob, json, os, statistics, sys

out = sys.argv[1] if len(sys.argv) > 1 else "bench/results"
runs = sorted((json.load(open(p)) for p in glob.glob(os.path.join(out, "n*.r*.json"))), key=lambda r: (r["extra"], r["run"]))
if not runs:
    sys.exit("plot.py: no results in " + out)

def get(r, *path):
    for key in path:
        if r is None:
            return None
        r = r.get(key)
    return r

def fmt(v, spec):
    return "–" if v is None else format(v, spec)

def ratio(a, b, spec=".2f"):
    return "–" if a is None or b in (None, 0) else format(a / b, spec) + "x"

rows = ["| extra sleeps | run | processes | settled | load 1 min | CPU PSI avg10 | bpf delta median ms | bpf delta p95 ms | p95 / median "
        "| bpf full median ms | bpf full p95 ms | cat iter median ms | full / cat | delta / cat | ps ms | ps / bpf delta "
        "| records full / unchanged | syscalls bpf | syscalls procfs | syscalls ps |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for r in runs:
    delta, full, cat = get(r, "bpf", "median_ms"), get(r, "bpf_full", "median_ms"), get(r, "cat_iter", "median_ms")
    ps = get(r, "ps", "median_ms")
    counts = get(r, "bpf", "counts_median") or {}
    records = "{} / {}".format(counts.get("records_full", "–"), counts.get("records_unchanged", "–"))
    rows.append("| " + " | ".join([
        format(r["extra"], ","), str(r["run"]), format(r["processes"], ","), "yes" if r.get("settled") else "**no**",
        fmt(get(r, "conditions", "bpf", "load1"), ".2f"), fmt(get(r, "conditions", "bpf", "psi_cpu_some_avg10"), ".1f") + " %",
        fmt(delta, ".2f"), fmt(get(r, "bpf", "p95_ms"), ".2f"), ratio(get(r, "bpf", "p95_ms"), delta),
        fmt(full, ".2f"), fmt(get(r, "bpf_full", "p95_ms"), ".2f"), fmt(cat, ".2f"), ratio(full, cat), ratio(delta, cat),
        fmt(ps, ".1f"), ratio(ps, delta, ".0f"), records,
        fmt(get(r, "syscalls", "bpf", "per_collection"), ".1f"), fmt(get(r, "syscalls", "procfs", "per_collection"), ",.0f"),
        fmt(get(r, "syscalls", "ps"), ","),
    ]) + " |")

rounds = [r for r in runs if get(r, "interleaved")]
if rounds:
    rows += ["", "Interleaved rounds (floor, delta, full, a few seconds apart; ratios: median of the rounds' [pooled samples']; p95: pooled)", "",
             "| extra sleeps | run | rounds x collections | load 1 min / CPU PSI avg10, first round → last | floor (`cat`) median ms | `cat /dev/null` ms "
             "| delta median ms | delta p95 / median | delta / floor | full median ms | full p95 / median | full / floor | full / floor, each round |",
             "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
for r in rounds:
    i = r["interleaved"]
    c0, c1 = i["each_round"][0]["conditions"], i["each_round"][-1]["conditions"]
    rows.append("| " + " | ".join([
        format(r["extra"], ","), str(r["run"]), "{} x {}".format(i["rounds"], i["full"]["n"] // i["rounds"]),
        "{:.2f} / {:.1f} % → {:.2f} / {:.1f} %".format(c0["load1"], c0["psi_cpu_some_avg10"] or 0, c1["load1"], c1["psi_cpu_some_avg10"] or 0),
        fmt(i["floor"]["median_ms"], ".2f"), fmt(i["devnull"]["median_ms"], ".2f"),
        fmt(i["delta"]["median_ms"], ".2f"), ratio(i["delta"]["p95_ms"], i["delta"]["median_ms"]),
        "{:.2f}x [{:.2f}x]".format(i["delta_over_floor"], i["delta_over_floor_pooled"]),
        fmt(i["full"]["median_ms"], ".2f"), ratio(i["full"]["p95_ms"], i["full"]["median_ms"]),
        "{:.2f}x [{:.2f}x]".format(i["full_over_floor"], i["full_over_floor_pooled"]),
        ", ".join(format(e["full_over_floor"], ".2f") for e in i["each_round"]),
    ]) + " |")
open(os.path.join(out, "table.md"), "w").write("\n".join(rows) + "\n")
print("\n".join(rows))

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("plot.py: no matplotlib; the table above is written, the charts are not")

counts = sorted({r["extra"] for r in runs})

def per_count(*path):
    ys = []
    for n in counts:
        vs = [v for v in (get(r, *path) for r in runs if r["extra"] == n) if v is not None]
        ys.append(statistics.median(vs) if vs else None)
    return ys

def chart(name, title, ylabel, series):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, ys, style in series:
        pts = [(x, y) for x, y in zip(counts, ys) if y is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], style, label=label)
    ax.set_xscale("log"); ax.set_yscale("log")
    ax.set_xlabel("extra sleep processes"); ax.set_ylabel(ylabel); ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3); ax.legend()
    fig.tight_layout(); fig.savefig(os.path.join(out, name), dpi=110); plt.close(fig)

chart("syscalls.png", "Syscalls per collection (strace)", "syscalls", [
    ("bpftop --backend bpf", per_count("syscalls", "bpf", "per_collection"), "o-"),
    ("bpftop --backend procfs", per_count("syscalls", "procfs", "per_collection"), "s-"),
    ("ps -eo ...", per_count("syscalls", "ps"), "^-"),
])
chart("time.png", "Time per collection (median of runs' medians)", "milliseconds", [
    ("bpftop bpf, delta walk (warm)", per_count("bpf", "median_ms"), "o-"),
    ("bpftop bpf, full walk (warm)", per_count("bpf_full", "median_ms"), "D-"),
    ("bpftop bpf, delta walk p95", per_count("bpf", "p95_ms"), "o:"),
    ("bpftop --backend procfs", per_count("procfs", "median_ms"), "s-"),
    ("ps -eo ... (whole command)", per_count("ps", "median_ms"), "^-"),
    ("raw iterator: cat pinned iter", per_count("cat_iter", "median_ms"), "v--"),
])
