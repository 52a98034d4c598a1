#!/usr/bin/env python3
"""Holds CONNS established loopback TCP connections (both ends in this process: 2*CONNS sockets)
and FILES extra open descriptors of one temporary file, prints "ready", and keeps them until its
standard input closes. usage: load_files.py CONNS FILES"""
import os, resource, socket, sys, tempfile

conns, files = int(sys.argv[1]), int(sys.argv[2])
need = 2 * conns + files + 1024
resource.setrlimit(resource.RLIMIT_NOFILE, (need, need))
held = []
lst = socket.socket()
lst.bind(("127.0.0.1", 0))
lst.listen(4096)
addr = lst.getsockname()
for _ in range(conns):
    c = socket.create_connection(addr)
    a, _ = lst.accept()
    held += [c, a]
tmp = tempfile.NamedTemporaryFile(prefix="bpftop-bench-")
held += [os.open(tmp.name, os.O_RDONLY) for _ in range(files)]
print("ready", flush=True)
sys.stdin.read()
