#!/usr/bin/env python3
"""Holds CONNS established loopback TCP connections (both ends held: 2*CONNS sockets) and FILES
extra open descriptors of one temporary file, prints "ready", and keeps them until its standard
input closes. usage: load_files.py CONNS FILES

Every connection is closed with a reset (SO_LINGER 0) when the load ends, so that none lingers in
TIME_WAIT: a later run would otherwise find its 10,000 connections still there beside its own.

The descriptors are spread over child processes of at most PER_PROCESS (default 8000) each: the
hard RLIMIT_NOFILE may be low (20,000 here) and raising it needs CAP_SYS_RESOURCE, which a
container often lacks. A child exits when its parent does (its pipe from the parent closes)."""
import os, resource, signal, socket, struct, sys, tempfile

conns, files = int(sys.argv[1]), int(sys.argv[2])
per = int(os.environ.get("PER_PROCESS", "8000"))
RESET_ON_CLOSE = struct.pack("ii", 1, 0)  # struct linger {l_onoff 1, l_linger 0}: close() sends RST


def hold(n_conns, n_files, path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = 2 * n_conns + n_files + 64
    if need > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))
    held = []
    if n_conns:
        lst = socket.socket()
        lst.bind(("127.0.0.1", 0))
        lst.listen(4096)
        addr = lst.getsockname()
        for _ in range(n_conns):
            c = socket.create_connection(addr)
            a, _ = lst.accept()
            for s in (c, a):
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, RESET_ON_CLOSE)
            held += [c, a]
    held += [os.open(path, os.O_RDONLY) for _ in range(n_files)]
    return held


def chunks(total, size):
    while total > 0:
        yield min(total, size)
        total -= size


tmp = tempfile.NamedTemporaryFile(prefix="bpftop-bench-")
jobs = [(c, 0) for c in chunks(conns, per // 2)] + [(0, f) for f in chunks(files, per)]
life_r, life_w = os.pipe()
ready = []
for n_conns, n_files in jobs:
    ready_r, ready_w = os.pipe()
    if os.fork() == 0:
        os.close(life_w)
        os.close(ready_r)
        held = hold(n_conns, n_files, tmp.name)
        os.write(ready_w, b"r")
        os.read(life_r, 1)  # EOF once the parent is gone
        os._exit(0)
    os.close(ready_w)
    ready.append(ready_r)
for r in ready:
    if os.read(r, 1) != b"r":
        sys.exit("load_files.py: a child failed")
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the temporary file goes too
print("ready", flush=True)
try:
    sys.stdin.read()
finally:
    os.close(life_w)
    for _ in jobs:
        os.wait()
