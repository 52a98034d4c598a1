#!/usr/bin/env python3
"""Holds open one of each kind of file and socket the open_files and sockets tables must show,
prints what it made as one JSON line, and keeps them open until its standard input closes.

usage: holder.py DIR   (DIR: an empty directory for the named objects; the test removes it)
"""
import json, os, socket, sys

d = sys.argv[1]
made = {"pid": os.getpid()}
keep = []


def sock(name, s):
    keep.append(s)
    made[name] = {"fd": s.fileno()}
    return s


def inet(name, family, host):
    lst = sock(name + "_listen", socket.socket(family, socket.SOCK_STREAM))
    lst.bind((host, 0))
    lst.listen(8)
    port = lst.getsockname()[1]
    made[name + "_listen"]["port"] = port
    cli = sock(name + "_client", socket.socket(family, socket.SOCK_STREAM))
    cli.connect((host, port))
    acc, _ = lst.accept()
    sock(name + "_accepted", acc)
    made[name + "_client"]["port"] = cli.getsockname()[1]
    made[name + "_accepted"]["port"] = port
    cli.sendall(b"hello")  # 5 bytes left unread in the accepted socket's queue
    # a connection this side closes first: its client end stays in TIME_WAIT, held by no process
    tw = socket.socket(family, socket.SOCK_STREAM)
    tw.connect((host, port))
    tw_acc, _ = lst.accept()
    made[name + "_time_wait"] = {"port": tw.getsockname()[1]}
    tw.close()
    tw_acc.recv(1)  # the FIN
    tw_acc.close()
    udp = sock(name + "_udp", socket.socket(family, socket.SOCK_DGRAM))
    udp.bind((host, 0))
    made[name + "_udp"]["port"] = udp.getsockname()[1]


inet("tcp4", socket.AF_INET, "127.0.0.1")
if socket.has_ipv6 and os.path.exists("/proc/net/tcp6"):
    inet("tcp6", socket.AF_INET6, "::1")

for name, path in [("unix_path", os.path.join(d, "s.sock")),
                   ("unix_hostile", os.path.join(d, "evil\n\x1b[31mred.sock")),
                   ("unix_abstract", "\0bpftop-test-%d" % os.getpid())]:
    u = sock(name, socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
    u.bind(path)
    u.listen(1)
    made[name]["path"] = path.replace("\0", "@")

deleted = open(os.path.join(d, "deleted.txt"), "w")
deleted.write("x" * 100)
deleted.flush()
os.unlink(os.path.join(d, "deleted.txt"))
keep.append(deleted)
made["deleted"] = {"fd": deleted.fileno(), "path": os.path.join(d, "deleted.txt") + " (deleted)"}

hostile = open(os.path.join(d, "a\nb\x1b]0;owned\x07.txt"), "w")
keep.append(hostile)
made["hostile_file"] = {"fd": hostile.fileno(), "path": hostile.name}

r, w = os.pipe()
made["pipe_read"] = {"fd": r}
made["pipe_write"] = {"fd": w}
made["eventfd"] = {"fd": os.eventfd(0)}

print(json.dumps(made), flush=True)
sys.stdin.read()
