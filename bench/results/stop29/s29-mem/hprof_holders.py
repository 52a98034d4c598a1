import struct, sys, collections
# Groups the objects of one class in an HPROF heap dump by their chain of holders (first referrer, N deep)
# and sums their sizes: what stop 29 used to see what holds the live view's and SELECT *'s heap.
#   python3 hprof_holders.py DUMP.hprof "byte[]" 3      (class names as the dump spells them: dev/bpftop/collect/Task)
# "First referrer" only: an object held from two places is counted under one of them.
f = open(sys.argv[1], 'rb').read()
p = f.index(b'\0') + 1
idsz = struct.unpack('>I', f[p:p+4])[0]; p += 12
assert idsz == 8
rid = lambda o: struct.unpack('>Q', f[o:o+8])[0]
strings = {}; cname = {}  # class obj id -> name
classes = {}  # id -> (super, [(type)...])
objcls = {}; size = {}; refs = collections.defaultdict(list)  # obj -> list of referrers
prim_arr = {}  # id -> (type, nbytes)
inst = []  # (id, cls, off, len)
objarr = []
tsz = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
tname = {4:'boolean[]',5:'char[]',6:'float[]',7:'double[]',8:'byte[]',9:'short[]',10:'int[]',11:'long[]'}
while p < len(f):
    tag = f[p]; ln = struct.unpack('>I', f[p+5:p+9])[0]; b = p + 9; e = b + ln; p = e
    if tag == 1: strings[rid(b)] = f[b+8:e].decode('utf8', 'replace')
    elif tag == 2: cname[rid(b+4)] = strings.get(rid(b+16), '?')
    elif tag in (0x0c, 0x1c):
        q = b
        while q < e:
            st = f[q]; q += 1
            if st == 0xff: q += 8
            elif st in (1,): q += 16
            elif st in (2, 3): q += 16
            elif st == 4: q += 12
            elif st in (5, 7): q += 8
            elif st == 6: q += 12
            elif st == 8: q += 16
            elif st == 0x20:
                cid = rid(q); sup = rid(q+12); q += 7*8 + 4 + 4
                n = struct.unpack('>H', f[q:q+2])[0]; q += 2
                for _ in range(n):
                    t = f[q+2]; q += 3 + (8 if t == 2 else tsz[t])
                n = struct.unpack('>H', f[q:q+2])[0]; q += 2
                for _ in range(n):
                    t = f[q+8]; q += 9 + (8 if t == 2 else tsz[t])
                n = struct.unpack('>H', f[q:q+2])[0]; q += 2
                fl = []
                for _ in range(n):
                    fl.append(f[q+8]); q += 9
                classes[cid] = (sup, fl)
            elif st == 0x21:
                oid = rid(q); cid = rid(q+12); n = struct.unpack('>I', f[q+20:q+24])[0]
                inst.append((oid, cid, q+24, n)); objcls[oid] = cid; size[oid] = 16 + n; q += 24 + n
            elif st == 0x22:
                oid = rid(q); n = struct.unpack('>I', f[q+12:q+16])[0]; acid = rid(q+16)
                objcls[oid] = ('arr', acid); size[oid] = 16 + 8*n
                objarr.append((oid, q+24, n)); q += 24 + 8*n
            elif st == 0x23:
                oid = rid(q); n = struct.unpack('>I', f[q+12:q+16])[0]; t = f[q+16]
                objcls[oid] = tname[t]; size[oid] = 16 + n*tsz[t]; q += 17 + n*tsz[t]
            else: raise Exception('sub %x' % st)
def name(c):
    if isinstance(c, str): return c
    if isinstance(c, tuple): return cname.get(c[1], '?') + '[]'
    return cname.get(c, '?')
for oid, cid, off, n in inst:
    q = off; c = cid
    while c and c in classes:
        sup, fl = classes[c]
        for t in fl:
            if t == 2:
                r = rid(q)
                if r: refs[r].append(oid)
                q += 8
            else: q += tsz[t]
        c = sup
for oid, off, n in objarr:
    for i in range(n):
        r = rid(off + 8*i)
        if r: refs[r].append(oid)
def holder(o, depth):
    out = []
    cur = [o]
    for d in range(depth):
        rs = refs.get(cur[0])
        if not rs: out.append('ROOT?'); break
        cur = [rs[0]]; out.append(name(objcls.get(rs[0], '?')))
    return ' <- '.join(out)
tgt = sys.argv[2] if len(sys.argv) > 2 else 'byte[]'
agg = collections.Counter(); cnt = collections.Counter()
for oid, c in objcls.items():
    if name(c) == tgt:
        h = holder(oid, int(sys.argv[3]) if len(sys.argv) > 3 else 3)
        agg[h] += size[oid]; cnt[h] += 1
tot = sum(agg.values())
print(tgt, 'total', tot, 'n', sum(cnt.values()))
for h, s in agg.most_common(25): print('%9d %7d  %s' % (s, cnt[h], h))
