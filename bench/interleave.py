#!/usr/bin/env python3
"""Sums up run.sh's interleaved rounds: one JSON object on stdout.

usage: interleave.py DIR ROUNDS
DIR holds, per round k (1..ROUNDS), floor.k.json (hyperfine's export: `cat` of the pinned
iterator, then `cat /dev/null`), delta.k.json and full.k.json (`bpftop bench --json`), and
cond.k.json (the conditions at the round's start, and the order it ran its three blocks in).

Why rounds: on this VM the same code runs up to ~1.8x slower for seconds to minutes at a time, so
a floor timed a minute away from the collections it is compared with measures the minute, not bpftop.
Each round times the floor and both walks within a few seconds of each other; the ratios are
taken per round (then their median: what the issue's ratios ask, with the minute factored out)
and over the pooled samples (every round's samples together). The p95s are the pooled samples'
p95, so they include whatever drifted between rounds: a stricter figure than one JVM's p95.
"""
import json, os, statistics, sys

out, rounds = sys.argv[1], int(sys.argv[2])


def pct(sorted_values, p):  # nearest rank, as BenchCommand and run.sh's times_ms compute it
    return sorted_values[max(0, -(-p * len(sorted_values) // 100) - 1)]


def summary(values):
    s = sorted(values)
    return {"median_ms": round(statistics.median(s), 3), "p95_ms": round(pct(s, 95), 3), "n": len(s)}


def phase_median(bench, name):
    return bench["phases_ms"][name]["median"] if name in bench.get("phases_ms", {}) else None


pooled = {"floor": [], "devnull": [], "delta": [], "full": []}
per_round = []
for k in range(1, rounds + 1):
    hf = json.load(open(os.path.join(out, f"floor.{k}.json")))["results"]
    floor = [t * 1000 for t in hf[0]["times"]]
    devnull = [t * 1000 for t in hf[1]["times"]]
    delta = json.load(open(os.path.join(out, f"delta.{k}.json")))
    full = json.load(open(os.path.join(out, f"full.{k}.json")))
    cond = json.load(open(os.path.join(out, f"cond.{k}.json")))
    pooled["floor"] += floor
    pooled["devnull"] += devnull
    pooled["delta"] += delta["each_ms"]["total"]
    pooled["full"] += full["each_ms"]["total"]
    f, d, w = statistics.median(floor), delta["median_ms"], full["median_ms"]
    per_round.append({
        "order": cond["order"], "conditions": cond["conditions"],
        "floor_median_ms": round(f, 3), "devnull_median_ms": round(statistics.median(devnull), 3),
        "delta_median_ms": d, "full_median_ms": w,
        "full_over_floor": round(w / f, 3), "delta_over_floor": round(d / f, 3),
        # where a slow minute shows: the kernel walk of each, and each JVM's CPU beside its wall time
        "delta_walk_ms": phase_median(delta, "walk"), "full_walk_ms": phase_median(full, "walk"),
        "full_cpu_ms": phase_median(full, "cpu"), "full_run_delay_ms": phase_median(full, "run_delay"),
        "warmup_collections": [delta["warmup_collections"], full["warmup_collections"]],
    })

result = {name: summary(v) for name, v in pooled.items()}
floor = result["floor"]["median_ms"]
result.update({
    "rounds": rounds,
    "full_over_floor": round(statistics.median(r["full_over_floor"] for r in per_round), 3),
    "delta_over_floor": round(statistics.median(r["delta_over_floor"] for r in per_round), 3),
    "full_over_floor_pooled": round(result["full"]["median_ms"] / floor, 3),
    "delta_over_floor_pooled": round(result["delta"]["median_ms"] / floor, 3),
    "each_round": per_round,
})
print(json.dumps(result))
