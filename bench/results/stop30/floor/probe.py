#!/usr/bin/env python3
"""Reads pinned iterators to their end, in-process, alternating the CPU it is pinned to; notes steal time.
usage: probe.py ROUNDS READS name=PIN ...   -> JSON on stdout"""
import json, os, sys, time

rounds, reads = int(sys.argv[1]), int(sys.argv[2])
pins = [a.split("=", 1) for a in sys.argv[3:]]

def stat():
    out = {}
    for line in open("/proc/stat"):
        if line.startswith("cpu"):
            f = line.split()
            out[f[0]] = [int(x) for x in f[1:]]
    return out

def read_all(path, bufsize):
    fd = os.open(path, os.O_RDONLY)
    n = 0
    try:
        while True:
            b = os.read(fd, bufsize)
            if not b:
                return n
            n += len(b)
    finally:
        os.close(fd)

def spin():  # a fixed user-space workload, to tell a slow vCPU from a slow kernel path
    t = time.perf_counter_ns()
    x = 0
    for i in range(200000):
        x += i * i
    return (time.perf_counter_ns() - t) / 1e6

res = []
for r in range(rounds):
    if r: time.sleep(float(os.environ.get("GAP", "0")))
    order = [0, 1] if r % 2 == 0 else [1, 0]
    for cpu in order:
        os.sched_setaffinity(0, {cpu})
        s0, t0 = stat(), time.time()
        row = {"round": r, "cpu": cpu, "at": t0}
        row["spin_ms"] = sorted(spin() for _ in range(5))[2]
        for name, pin in pins:
            for bufsize in (131072,):
                ts, cs = [], []
                for _ in range(reads):
                    t, c = time.perf_counter_ns(), time.thread_time_ns()
                    nbytes = read_all(pin, bufsize)
                    cs.append((time.thread_time_ns() - c) / 1e6)
                    ts.append((time.perf_counter_ns() - t) / 1e6)
                ts.sort(); cs.sort()
                row[name] = {"median": ts[len(ts) // 2], "min": ts[0], "max": ts[-1], "cpu_median": cs[len(cs) // 2], "bytes": nbytes}
        s1 = stat()
        # /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice (USER_HZ ticks)
        row["steal_ticks"] = {k: s1[k][7] - s0[k][7] for k in ("cpu0", "cpu1")}
        row["busy_other_ticks"] = {k: sum(s1[k][:3]) + sum(s1[k][5:7]) - sum(s0[k][:3]) - sum(s0[k][5:7]) for k in ("cpu0", "cpu1")}
        row["wall_s"] = round(time.time() - t0, 2)
        res.append(row)
        print(json.dumps(row), file=sys.stderr)
print(json.dumps(res))
