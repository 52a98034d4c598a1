package dev.bpftop.bpf;

import dev.bpftop.collect.RawText;
import dev.bpftop.collect.Task;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads one {@code struct task_record} (bpf/task_record.h, the single declaration of the layout)
 * out of the iterator's output. Offsets here mirror the comments in that header.
 */
final class TaskRecord {
    static final int SIZE = 320;
    static final int FLAG_HAS_IO = 0x1, FLAG_CMDLINE = 0x2, FLAG_KTHREAD = 0x4;
    private static final long PAGE_SIZE = 4096;
    /** /proc's priority is the kernel prio minus MAX_RT_PRIO; nice is static_prio minus DEFAULT_PRIO. */
    private static final int MAX_RT_PRIO = 100, DEFAULT_PRIO = 120;
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private final MemorySegment m;
    private final long at;

    TaskRecord(MemorySegment m, long at) {
        this.m = m;
        this.at = at;
    }

    int recordSize() { return i32(0); }
    int cmdlineLength() { return i32(4); }
    int flags() { return i32(8); }
    int tgid() { return i32(12); }
    int tid() { return i32(16); }
    long utime() { return i64(96); }
    long stime() { return i64(104); }
    long runtime() { return i64(112); }
    long sigUtime() { return i64(120); }
    long sigStime() { return i64(128); }
    long sigRuntime() { return i64(136); }
    long minflt() { return i64(184); }
    long majflt() { return i64(192); }
    long sigMinflt() { return i64(200); }
    long sigMajflt() { return i64(208); }
    long readBytes() { return i64(232); }
    long writeBytes() { return i64(240); }
    long sigReadBytes() { return i64(248); }
    long sigWriteBytes() { return i64(256); }
    boolean hasIo() { return (flags() & FLAG_HAS_IO) != 0; }
    boolean hasCmdline() { return (flags() & FLAG_CMDLINE) != 0; }

    /** The argv bytes that follow the record (NUL-separated). */
    byte[] cmdline() {
        return m.asSlice(at + SIZE, cmdlineLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    /** A task with the fields this record carries; counters are the task's own. */
    Task toTask() {
        Task t = new Task();
        t.tgid = tgid();
        t.tid = tid();
        t.ppid = i32(20);
        t.pgid = i32(24);
        t.sid = i32(28);
        t.uid = i32(32); t.euid = i32(36); t.suid = i32(40);
        t.gid = i32(44); t.egid = i32(48); t.sgid = i32(52);
        t.priority = i32(56) - MAX_RT_PRIO;
        t.nice = i32(60) - DEFAULT_PRIO;
        t.threads = i32(64);
        t.ttyNr = i32(68);
        t.processor = i32(72);
        t.state = (char) m.get(ValueLayout.JAVA_BYTE, at + 76);
        t.comm = comm();
        long[] times = CpuTime.adjust(utime(), stime(), runtime());
        t.utimeNs = times[0];
        t.stimeNs = times[1];
        t.startNs = i64(144);
        t.vsz = i64(152) * PAGE_SIZE;
        t.rssFile = i64(160) * PAGE_SIZE;
        t.rssAnon = i64(168) * PAGE_SIZE;
        t.rssShmem = i64(176) * PAGE_SIZE;
        t.rss = t.rssFile + t.rssAnon + t.rssShmem;
        t.minflt = minflt();
        t.majflt = majflt();
        t.nvcsw = i64(216);
        t.nivcsw = i64(224);
        if (hasIo()) {
            t.readBytes = readBytes();
            t.writeBytes = writeBytes();
        }
        t.cgroupId = i64(264);
        t.capEff = i64(272);
        t.capPrm = i64(280);
        t.pidNs = u32(288); t.netNs = u32(292); t.mntNs = u32(296); t.utsNs = u32(300);
        t.ipcNs = u32(304); t.cgroupNs = u32(308); t.userNs = u32(312);
        t.kernelThread = (flags() & FLAG_KTHREAD) != 0;
        return t;
    }

    private String comm() {
        int len = 0;
        while (len < 16 && m.get(ValueLayout.JAVA_BYTE, at + 80 + len) != 0) len++;
        return RawText.decode(m.asSlice(at + 80, len).toArray(ValueLayout.JAVA_BYTE));
    }

    private int i32(long off) { return m.get(I32, at + off); }
    private long u32(long off) { return Integer.toUnsignedLong(i32(off)); }
    private long i64(long off) { return m.get(I64, at + off); }
}
