package dev.bpftop.bpf;

import static dev.bpftop.bpf.TaskRecordLayout.*;

import dev.bpftop.collect.RawText;
import dev.bpftop.collect.Task;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One {@code struct task_record}, copied out of the walk's buffer into a heap array at the offsets
 * the build generated from bpf/task_record.h ({@link TaskRecordLayout}), and read from there.
 *
 * <p>One bulk copy, then plain array reads: each read of a segment is a VarHandle call, which C1
 * (bin/bpftop's JVMs run C1 only) leaves several times slower than an array load; decoding a
 * record field by field from the segment took ~6 µs a task. The copy is also what a walk keeps
 * until a later walk says the task is unchanged.
 */
final class TaskRecord {
    static final int SIZE = TaskRecordLayout.SIZE;
    private static final long PAGE_SIZE = 4096;
    /** /proc's priority is the kernel prio minus MAX_RT_PRIO; nice is static_prio minus DEFAULT_PRIO. */
    private static final int MAX_RT_PRIO = 100, DEFAULT_PRIO = 120;

    private final byte[] b;
    private final int flags;
    /** The argv bytes that followed the record in this walk (NUL-separated); null when it carried none. */
    private final byte[] argv;

    private TaskRecord(byte[] b, int flags, byte[] argv) {
        this.b = b;
        this.flags = flags;
        this.argv = argv;
    }

    /** The record at {@code at} of a walk's buffer, with the argv that follows it. */
    static TaskRecord read(MemorySegment m, long at) {
        byte[] b = new byte[SIZE];
        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at, b, 0, SIZE);
        int flags = i32(b, FLAGS);
        byte[] argv = null;
        if ((flags & REC_CMDLINE) != 0) {
            argv = new byte[i32(b, CMDLINE_LEN)];
            MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at + SIZE, argv, 0, argv.length);
        }
        return new TaskRecord(b, flags, argv);
    }

    /**
     * Whether the whole record at {@code at} says what this one said: every field but read_ns and
     * the command line's (one that brings argv is never the same: its command line is read anew).
     * A full walk sends an idle task's record whole each time; this finds it unchanged, so the
     * walk keeps its row as a delta walk's "still here" does. {@code scratch} ({@link #SIZE}
     * bytes) takes the record: nothing is allocated for a record found unchanged.
     */
    boolean sameAs(MemorySegment m, long at, byte[] scratch) {
        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at, scratch, 0, SIZE);
        int argv = REC_CMDLINE | REC_CMDLINE_CUT | REC_CMDLINE_SAME, newFlags = i32(scratch, FLAGS);
        if ((newFlags & REC_CMDLINE) != 0 || (newFlags & ~argv) != (i32(b, FLAGS) & ~argv)) return false;
        return Arrays.equals(b, TGID, READ_NS, scratch, TGID, READ_NS)
                && Arrays.equals(b, READ_NS + 8, SIZE, scratch, READ_NS + 8, SIZE);
    }

    int tgid() { return i32(b, TGID); }
    int tid() { return i32(b, TID); }
    /** When the walk read the task (CLOCK_MONOTONIC ns). */
    long readNs() { return i64(b, READ_NS); }
    long startNs() { return i64(b, START_BOOTTIME); }
    long utime() { return i64(b, UTIME); }
    long stime() { return i64(b, STIME); }
    long runtime() { return i64(b, RUNTIME); }
    long sigUtime() { return i64(b, SIG_UTIME); }
    long sigStime() { return i64(b, SIG_STIME); }
    long sigRuntime() { return i64(b, SIG_RUNTIME); }
    long minflt() { return i64(b, MIN_FLT); }
    long majflt() { return i64(b, MAJ_FLT); }
    long sigMinflt() { return i64(b, SIG_MIN_FLT); }
    long sigMajflt() { return i64(b, SIG_MAJ_FLT); }
    long nvcsw() { return i64(b, NVCSW); }
    long nivcsw() { return i64(b, NIVCSW); }
    long readBytes() { return i64(b, READ_BYTES); }
    long writeBytes() { return i64(b, WRITE_BYTES); }
    long sigReadBytes() { return i64(b, SIG_READ_BYTES); }
    long sigWriteBytes() { return i64(b, SIG_WRITE_BYTES); }
    boolean hasIo() { return has(REC_HAS_IO); }
    boolean hasCmdline() { return has(REC_CMDLINE); }
    /** The copied argv is only the start of a longer one. */
    boolean cmdlineCut() { return has(REC_CMDLINE_CUT); }
    boolean hasMm() { return has(REC_HAS_MM); }
    boolean kernelThread() { return has(REC_KTHREAD); }

    /**
     * This record without its argv, to be kept until a later walk says the task is unchanged: its
     * command line is then the collector's kept one. The fields are shared (nobody changes them).
     */
    TaskRecord kept() {
        return (flags & (REC_CMDLINE | REC_CMDLINE_CUT)) == 0 ? this : new TaskRecord(b, flags & ~(REC_CMDLINE | REC_CMDLINE_CUT), null);
    }

    /** The argv bytes that followed the record (NUL-separated); empty when it carried none. */
    byte[] cmdline() { return argv == null ? new byte[0] : argv; }

    /** A task with the fields this record carries; counters are the task's own. */
    Task toTask(Interner<String> names) {
        Task t = new Task();
        t.tgid = tgid();
        t.tid = tid();
        t.ppid = i32(b, PPID);
        t.pgid = i32(b, PGID);
        t.sid = i32(b, SID);
        t.uid = i32(b, UID); t.euid = i32(b, EUID); t.suid = i32(b, SUID);
        t.gid = i32(b, GID); t.egid = i32(b, EGID); t.sgid = i32(b, SGID);
        t.priority = i32(b, PRIO) - MAX_RT_PRIO;
        t.nice = i32(b, STATIC_PRIO) - DEFAULT_PRIO;
        t.threads = i32(b, NR_THREADS);
        t.ttyNr = i32(b, TTY_NR);
        t.processor = i32(b, CPU);
        t.state = (char) b[STATE];
        t.comm = comm(names);
        CpuTime.set(t, utime(), stime(), runtime());
        t.readNs = readNs();
        t.startNs = startNs();
        setMemory(t, this);
        t.minflt = minflt();
        t.majflt = majflt();
        t.nvcsw = nvcsw();
        t.nivcsw = nivcsw();
        if (hasIo()) {
            t.readBytes = readBytes();
            t.writeBytes = writeBytes();
        }
        t.cgroupId = i64(b, CGROUP_ID);
        t.capEff = i64(b, CAP_EFF);
        t.capPrm = i64(b, CAP_PRM);
        t.pidNs = u32(NS_PID); t.netNs = u32(NS_NET); t.mntNs = u32(NS_MNT); t.utsNs = u32(NS_UTS);
        t.ipcNs = u32(NS_IPC); t.cgroupNs = u32(NS_CGROUP); t.userNs = u32(NS_USER);
        t.kernelThread = kernelThread();
        return t;
    }

    /** Whether {@code t}'s memory figures are those {@link #setMemory} sets from {@code mm}'s record, which has an address space. */
    static boolean sameMemory(Task t, TaskRecord mm) {
        byte[] b = mm.b;
        long file = i64(b, RSS_FILE) * PAGE_SIZE, anon = i64(b, RSS_ANON) * PAGE_SIZE, shmem = i64(b, RSS_SHMEM) * PAGE_SIZE;
        return t.vsz == i64(b, TOTAL_VM) * PAGE_SIZE && t.rssFile == file && t.rssAnon == anon && t.rssShmem == shmem
                && t.rss == file + anon + shmem;
    }

    /**
     * Sets {@code t}'s memory figures from {@code mm}'s record: a thread's are its process's (one
     * address space, summed exactly only for the leader). A task without an address space (kernel
     * thread, zombie) has rss 0 and no split, as /proc/PID/status shows none.
     */
    static void setMemory(Task t, TaskRecord mm) {
        if (!mm.hasMm()) {
            t.vsz = 0;
            t.rss = 0;
            t.rssFile = t.rssAnon = t.rssShmem = Task.UNKNOWN;
            return;
        }
        byte[] b = mm.b;
        t.vsz = i64(b, TOTAL_VM) * PAGE_SIZE;
        t.rssFile = i64(b, RSS_FILE) * PAGE_SIZE;
        t.rssAnon = i64(b, RSS_ANON) * PAGE_SIZE;
        t.rssShmem = i64(b, RSS_SHMEM) * PAGE_SIZE;
        t.rss = t.rssFile + t.rssAnon + t.rssShmem;
    }

    /** The comm, decoded once per distinct name: a walk's threads and the walks after it share the String. */
    private String comm(Interner<String> names) {
        int len = 0;
        while (len < COMM_MAX && b[COMM + len] != 0) len++;
        return names.get(MemorySegment.ofArray(b), COMM, len);
    }

    private boolean has(int flag) { return (flags & flag) != 0; }
    private long u32(int off) { return Integer.toUnsignedLong(i32(b, off)); }

    /** Little-endian, as the kernel wrote it (task_record.h: BPF targets here are little-endian). */
    static int i32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | b[off + 3] << 24;
    }

    static long i64(byte[] b, int off) {
        return (i32(b, off) & 0xffffffffL) | (long) i32(b, off + 4) << 32;
    }
}
