#!/usr/bin/env python3
"""Draws bench/results/*.png and writes bench/results/table.md from run.sh's JSON files."""
import glob, json, os, sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

out = sys.argv[1] if len(sys.argv) > 1 else "bench/results"
runs = sorted((json.load(open(p)) for p in glob.glob(os.path.join(out, "n*.json"))), key=lambda r: r["extra"])
if not runs:
    sys.exit("plot.py: no results in " + out)
x = [r["extra"] for r in runs]

def chart(name, title, ylabel, series):
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, ys, style in series:
        ax.plot(x, ys, style, label=label)
    ax.set_xscale("log"); ax.set_yscale("log")
    ax.set_xlabel("extra sleep processes"); ax.set_ylabel(ylabel); ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3); ax.legend()
    fig.tight_layout(); fig.savefig(os.path.join(out, name), dpi=110); plt.close(fig)

chart("syscalls.png", "Syscalls per collection (strace)", "syscalls", [
    ("bpftop --backend bpf", [r["syscalls"]["bpf"]["per_collection"] for r in runs], "o-"),
    ("bpftop --backend procfs", [r["syscalls"]["procfs"]["per_collection"] for r in runs], "s-"),
    ("ps -eo ...", [r["syscalls"]["ps"] for r in runs], "^-"),
])
chart("time.png", "Time per collection (median)", "milliseconds", [
    ("bpftop --backend bpf (warm)", [r["bpf"]["median_ms"] for r in runs], "o-"),
    ("bpftop --backend procfs", [r["procfs"]["median_ms"] for r in runs], "s-"),
    ("ps -eo ... (whole command)", [r["ps_median_ms"] for r in runs], "^-"),
    ("raw iterator: cat pinned iter", [r["cat_iter_median_ms"] for r in runs], "v--"),
])

rows = ["| extra sleeps | processes | syscalls bpf | syscalls procfs | syscalls ps | bpf ms (median) | procfs ms | ps ms | cat iter ms | cat /dev/null ms | bpf / cat | ps / bpf |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for r in runs:
    bpf, cat = r["bpf"]["median_ms"], r["cat_iter_median_ms"]
    rows.append("| {:,} | {:,} | {} | {:,.0f} | {:,} | {:.2f} | {:.1f} | {:.1f} | {:.2f} | {:.2f} | {:.1f}x | {:.0f}x |".format(
        r["extra"], r["processes"], r["syscalls"]["bpf"]["per_collection"], r["syscalls"]["procfs"]["per_collection"],
        r["syscalls"]["ps"], bpf, r["procfs"]["median_ms"], r["ps_median_ms"], cat, r["cat_devnull_median_ms"],
        bpf / cat, r["ps_median_ms"] / bpf))
open(os.path.join(out, "table.md"), "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
