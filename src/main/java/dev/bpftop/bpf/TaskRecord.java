package dev.bpftop.bpf;

import static dev.bpftop.bpf.TaskRecordLayout.*;

import dev.bpftop.collect.RawText;
import dev.bpftop.collect.Task;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads one {@code struct task_record} out of the iterator's output, at the offsets the build
 * generated from bpf/task_record.h ({@link TaskRecordLayout}).
 */
final class TaskRecord {
    static final int SIZE = TaskRecordLayout.SIZE;
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

    int recordSize() { return i32(RECORD_SIZE); }
    int cmdlineLength() { return i32(CMDLINE_LEN); }
    int flags() { return i32(FLAGS); }
    int tgid() { return i32(TGID); }
    int tid() { return i32(TID); }
    /** When the walk read the task (CLOCK_MONOTONIC ns). */
    long readNs() { return i64(READ_NS); }
    long startNs() { return i64(START_BOOTTIME); }
    long utime() { return i64(UTIME); }
    long stime() { return i64(STIME); }
    long runtime() { return i64(RUNTIME); }
    long sigUtime() { return i64(SIG_UTIME); }
    long sigStime() { return i64(SIG_STIME); }
    long sigRuntime() { return i64(SIG_RUNTIME); }
    long minflt() { return i64(MIN_FLT); }
    long majflt() { return i64(MAJ_FLT); }
    long sigMinflt() { return i64(SIG_MIN_FLT); }
    long sigMajflt() { return i64(SIG_MAJ_FLT); }
    long nvcsw() { return i64(NVCSW); }
    long nivcsw() { return i64(NIVCSW); }
    long readBytes() { return i64(READ_BYTES); }
    long writeBytes() { return i64(WRITE_BYTES); }
    long sigReadBytes() { return i64(SIG_READ_BYTES); }
    long sigWriteBytes() { return i64(SIG_WRITE_BYTES); }
    boolean hasIo() { return has(REC_HAS_IO); }
    boolean hasCmdline() { return has(REC_CMDLINE); }
    /** The copied argv is only the start of a longer one. */
    boolean cmdlineCut() { return has(REC_CMDLINE_CUT); }
    boolean hasMm() { return has(REC_HAS_MM); }

    /**
     * This record without its argv, copied out of the walk's buffer to be kept until a later walk
     * says the task is unchanged: its command line is then the collector's kept one, so the copy
     * claims no argv bytes.
     */
    TaskRecord kept() {
        MemorySegment copy = MemorySegment.ofArray(new byte[SIZE]);
        MemorySegment.copy(m, at, copy, 0, SIZE);
        copy.set(I32, RECORD_SIZE, SIZE);
        copy.set(I32, CMDLINE_LEN, 0);
        copy.set(I32, FLAGS, flags() & ~(REC_CMDLINE | REC_CMDLINE_CUT));
        return new TaskRecord(copy, 0);
    }

    /** The argv bytes that follow the record (NUL-separated). */
    byte[] cmdline() {
        return m.asSlice(at + SIZE, cmdlineLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    /** A task with the fields this record carries; counters are the task's own. */
    Task toTask() {
        Task t = new Task();
        t.tgid = tgid();
        t.tid = tid();
        t.ppid = i32(PPID);
        t.pgid = i32(PGID);
        t.sid = i32(SID);
        t.uid = i32(UID); t.euid = i32(EUID); t.suid = i32(SUID);
        t.gid = i32(GID); t.egid = i32(EGID); t.sgid = i32(SGID);
        t.priority = i32(PRIO) - MAX_RT_PRIO;
        t.nice = i32(STATIC_PRIO) - DEFAULT_PRIO;
        t.threads = i32(NR_THREADS);
        t.ttyNr = i32(TTY_NR);
        t.processor = i32(CPU);
        t.state = (char) m.get(ValueLayout.JAVA_BYTE, at + STATE);
        t.comm = comm();
        long[] times = CpuTime.adjust(utime(), stime(), runtime());
        t.utimeNs = times[0];
        t.stimeNs = times[1];
        t.readNs = i64(READ_NS);
        t.startNs = i64(START_BOOTTIME);
        setMemory(t, this);
        t.minflt = minflt();
        t.majflt = majflt();
        t.nvcsw = nvcsw();
        t.nivcsw = nivcsw();
        if (hasIo()) {
            t.readBytes = readBytes();
            t.writeBytes = writeBytes();
        }
        t.cgroupId = i64(CGROUP_ID);
        t.capEff = i64(CAP_EFF);
        t.capPrm = i64(CAP_PRM);
        t.pidNs = u32(NS_PID); t.netNs = u32(NS_NET); t.mntNs = u32(NS_MNT); t.utsNs = u32(NS_UTS);
        t.ipcNs = u32(NS_IPC); t.cgroupNs = u32(NS_CGROUP); t.userNs = u32(NS_USER);
        t.kernelThread = has(REC_KTHREAD);
        return t;
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
        t.vsz = mm.i64(TOTAL_VM) * PAGE_SIZE;
        t.rssFile = mm.i64(RSS_FILE) * PAGE_SIZE;
        t.rssAnon = mm.i64(RSS_ANON) * PAGE_SIZE;
        t.rssShmem = mm.i64(RSS_SHMEM) * PAGE_SIZE;
        t.rss = t.rssFile + t.rssAnon + t.rssShmem;
    }

    private String comm() {
        int len = 0;
        while (len < COMM_MAX && m.get(ValueLayout.JAVA_BYTE, at + COMM + len) != 0) len++;
        return RawText.decode(m.asSlice(at + COMM, len).toArray(ValueLayout.JAVA_BYTE));
    }

    private boolean has(int flag) { return (flags() & flag) != 0; }
    private int i32(long off) { return m.get(I32, at + off); }
    private long u32(long off) { return Integer.toUnsignedLong(i32(off)); }
    private long i64(long off) { return m.get(I64, at + off); }
}
