package dev.bpftop.bpf;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.collect.Task;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every task with one BPF task iterator walk per refresh. The CO-RE object embedded in the
 * jar is loaded and attached once; each {@link #collect()} creates an iterator fd, reads it to the
 * end and closes it: no per-process syscalls, one read per 32 KiB of records (the most the
 * kernel's seq_file hands out per read, whatever the buffer size).
 *
 * <p>The kernel writes one record per thread; processes are built here the way /proc builds
 * /proc/PID/stat: the leader's identity with times, faults and I/O summed over the live threads
 * plus what exited threads left in the signal struct.
 */
public final class BpfCollector implements Collector {
    private static final String OBJECT = "/bpf/task_iter.bpf.o";
    private static final String SLEEPABLE = "dump_task_sleepable", PLAIN = "dump_task_plain";
    private static final int INITIAL_BUFFER = 4 << 20;

    private final LibBpf bpf;
    private final Arena arena;
    private final MemorySegment object;
    private final MemorySegment link;
    private final int linkFd;
    private final boolean kernelCmdlines;
    private final CmdlineCache cmdlines = new CmdlineCache();
    private MemorySegment buffer;

    private BpfCollector(LibBpf bpf, Arena arena, MemorySegment object, MemorySegment link, boolean kernelCmdlines) {
        this.bpf = bpf;
        this.arena = arena;
        this.object = object;
        this.link = link;
        this.linkFd = bpf.linkFd(link);
        this.kernelCmdlines = kernelCmdlines;
        this.buffer = arena.allocate(INITIAL_BUFFER);
    }

    /**
     * Loads the iterator. Prefers the sleepable program (it reads command lines in the kernel);
     * on a kernel that refuses it, loads the plain one and reads command lines from /proc.
     *
     * @throws BpfUnavailableException naming why the BPF backend cannot run here
     */
    public static BpfCollector open() { return open(embeddedObject(), true); }

    /**
     * @param elf          a BPF object with the two programs (tests pass their own)
     * @param trySleepable false skips straight to the plain program (tests use it to cover the /proc path)
     */
    static BpfCollector open(byte[] elf, boolean trySleepable) {
        Preconditions.check();
        LibBpf bpf = LibBpf.get();
        bpf.drainLog();
        String sleepableFailure = "not tried";
        if (trySleepable) {
            try {
                return load(bpf, elf, true);
            } catch (BpfUnavailableException e) {
                sleepableFailure = e.getMessage();
            }
        }
        try {
            return load(bpf, elf, false);
        } catch (BpfUnavailableException e) {
            throw new BpfUnavailableException("cannot load the BPF task iterator: " + e.getMessage()
                    + "\n(the sleepable variant: " + firstLine(sleepableFailure) + ")");
        }
    }

    private static BpfCollector load(LibBpf bpf, byte[] elf, boolean sleepable) {
        // libbpf reads the ELF image until the object is closed, so it lives in the collector's arena.
        Arena arena = Arena.ofShared();
        MemorySegment obj;
        try {
            MemorySegment image = arena.allocate(elf.length);
            image.copyFrom(MemorySegment.ofArray(elf));
            obj = bpf.openMem(image);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        try {
            MemorySegment wanted = bpf.findProgram(obj, sleepable ? SLEEPABLE : PLAIN);
            bpf.setAutoload(bpf.findProgram(obj, sleepable ? PLAIN : SLEEPABLE), false);
            int err = bpf.load(obj);
            if (err != 0) {
                String log = bpf.drainLog();
                throw new BpfUnavailableException("bpf_object__load: " + Errno.describe(err) + (log.isEmpty() ? "" : "\n" + log));
            }
            MemorySegment link = bpf.attachIter(wanted);
            return new BpfCollector(bpf, arena, obj, link, sleepable);
        } catch (RuntimeException e) {
            bpf.closeObject(obj);
            arena.close();
            throw e;
        }
    }

    static byte[] embeddedObject() {
        try (InputStream in = BpfCollector.class.getResourceAsStream(OBJECT)) {
            if (in == null) throw new BpfUnavailableException("this build has no BPF object (" + OBJECT + "; was clang missing at build time?)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BpfUnavailableException("cannot read the embedded BPF object: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override public String name() { return "bpf"; }

    /** True when command lines come from the kernel walk rather than /proc. */
    public boolean kernelCmdlines() { return kernelCmdlines; }

    @Override
    public synchronized TaskList collect() {
        long length = readIterator();
        List<Task> threads = new ArrayList<>(1024);
        Map<Integer, Group> groups = new HashMap<>(1024);
        for (long at = 0; at + TaskRecord.SIZE <= length; ) {
            TaskRecord r = new TaskRecord(buffer, at);
            threads.add(r.toTask());
            groups.computeIfAbsent(r.tgid(), k -> new Group()).add(r);
            at += r.recordSize();
        }
        List<Task> processes = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            Task p = g.process();
            if (p != null) processes.add(p);
        }
        processes.sort((a, b) -> Integer.compare(a.tgid, b.tgid));
        for (Task p : processes) {
            Group g = groups.get(p.tgid);
            p.cmdline = g.cmdline = cmdlineOf(p, g.leader);
        }
        cmdlines.retainSeen();
        for (Task t : threads) t.cmdline = groups.get(t.tgid).cmdline;
        return new TaskList(processes, threads);
    }

    /** Reads a fresh iterator to its end into the buffer; returns the bytes read. */
    private long readIterator() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = LibBpf.callState(call);
            int fd = bpf.iterCreate(linkFd, state);
            try {
                long length = 0;
                while (true) {
                    if (buffer.byteSize() - length < 64 << 10) grow();
                    long n = bpf.read(fd, buffer, length, buffer.byteSize() - length, state);
                    if (n == 0) return length;
                    length += n;
                }
            } finally {
                bpf.close(fd);
            }
        }
    }

    /** Doubles the buffer; the old one stays in the arena until close, at most as big as the new one. */
    private void grow() {
        MemorySegment bigger = arena.allocate(buffer.byteSize() * 2);
        bigger.copyFrom(buffer);
        buffer = bigger;
    }

    private String cmdlineOf(Task p, TaskRecord leader) {
        if (leader.hasCmdline()) {
            byte[] raw = leader.cmdline();
            return ProcfsCollector.joinArgs(raw, raw.length);
        }
        if (p.kernelThread || p.state == 'Z') return "";
        return cmdlines.get(p.tgid, p.startNs);
    }

    @Override
    public synchronized void close() {
        bpf.destroyLink(link);
        bpf.closeObject(object);
        arena.close();
    }

    /** The records of one thread group, summed the way /proc/PID/stat sums them. */
    private static final class Group {
        TaskRecord leader;
        String cmdline;
        long utime, stime, runtime, minflt, majflt, readBytes, writeBytes;

        void add(TaskRecord r) {
            if (r.tid() == r.tgid()) leader = r;
            utime += r.utime();
            stime += r.stime();
            runtime += r.runtime();
            minflt += r.minflt();
            majflt += r.majflt();
            readBytes += r.readBytes();
            writeBytes += r.writeBytes();
        }

        /** The process row; null when the leader was not seen (it was reaped mid-walk). */
        Task process() {
            if (leader == null) return null;
            Task p = leader.toTask();
            long[] times = CpuTime.adjust(utime + leader.sigUtime(), stime + leader.sigStime(), runtime + leader.sigRuntime());
            p.utimeNs = times[0];
            p.stimeNs = times[1];
            p.minflt = minflt + leader.sigMinflt();
            p.majflt = majflt + leader.sigMajflt();
            if (leader.hasIo()) {
                p.readBytes = readBytes + leader.sigReadBytes();
                p.writeBytes = writeBytes + leader.sigWriteBytes();
            }
            return p;
        }
    }
}
