import struct, sys
def recs(path):
    b = open(path, 'rb').read(); out = {}; at = 0
    while at + 40 <= len(b):
        size, = struct.unpack_from('<i', b, at)
        tgid, tid = struct.unpack_from('<ii', b, at + 12)
        if tid == tgid: out[tid] = struct.unpack_from('<QQQ', b, at + 152)
        at += size
    return out
a, b = recs(sys.argv[1]), recs(sys.argv[2])
common = set(a) & set(b)
diff = [(p, a[p], b[p]) for p in common if a[p] != b[p]]
nz = sum(1 for p in common if any(a[p]))
print(len(common), "leaders,", nz, "with rss,", len(diff), "differ:", diff[:5])
# against /proc/PID/statm (resident = file + anon + shmem pages) for a few big ones
import os
for p in sorted(common, key=lambda p: -sum(a[p]))[:5]:
    try: res = int(open(f'/proc/{p}/statm').read().split()[1])
    except OSError: continue
    print(p, 'new', sum(a[p]), 'old', sum(b[p]), 'statm', res)
