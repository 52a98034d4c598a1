#!/usr/bin/env python3
"""Syscalls per collection from `strace -f -o FILE bpftop bench ...`.

Keeps only the thread that looked up BenchCommand's start marker and counts its calls until it
looks up the end marker, so JVM start-up, JIT and GC threads do not count. Prints a JSON object:
per-collection total and the top calls.
"""
import collections, json, re, sys

trace, iterations = sys.argv[1], int(sys.argv[2])
line_re = re.compile(r"^(\d+)\s+(?:<\.\.\. )?([a-z0-9_]+)[( ]")
thread, counting, calls = None, False, collections.Counter()
with open(trace, errors="replace") as f:
    for line in f:
        m = line_re.match(line)
        if not m:
            continue
        tid, name = m.groups()
        if "bpftop-bench-start" in line:
            thread, counting = tid, True
            continue
        if tid != thread or not counting:
            continue
        if "bpftop-bench-end" in line:
            break
        if "resumed>" in line:  # the second half of a call strace split around another thread's
            continue
        calls[name] += 1
total = sum(calls.values())
print(json.dumps({"per_collection": round(total / iterations, 1),
                  "top": {k: round(v / iterations, 1) for k, v in calls.most_common(6)}}))
