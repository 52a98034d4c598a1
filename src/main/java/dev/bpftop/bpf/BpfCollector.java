package dev.bpftop.bpf;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.ProcfsFiles;
import dev.bpftop.collect.ProcessCache;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.collect.Task;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every task with one BPF task iterator walk per refresh. The CO-RE object embedded in the
 * jar is loaded and attached once; each {@link #collect()} creates an iterator fd, reads it once
 * (the walk runs inside that read and leaves its records in a BPF ring buffer), closes it and
 * takes the records from the ring's shared memory: three syscalls whatever the task count. Were
 * they read from the fd itself, it would take one read per 32 KiB (the most the kernel's seq_file
 * hands out per read); that remains the overflow path when the 8 MiB ring is full.
 *
 * <p>The kernel writes one record per thread; processes are built here the way /proc builds
 * /proc/PID/stat: the leader's identity with times, faults and I/O summed over the live threads
 * plus what exited threads left in the signal struct; context switches summed over the live
 * threads (what /proc/PID/task/* shows).
 */
public final class BpfCollector implements Collector {
    private static final String OBJECT = "/bpf/task_iter.bpf.o";
    private static final String SLEEPABLE = "dump_task_sleepable", PLAIN = "dump_task_plain";
    private static final String ARGV_COPIES = "argv_copies", RECORDS = "records", RODATA = ".rodata";
    private static final int INITIAL_BUFFER = 4 << 20;
    private static final int INIT = 1;

    private final LibBpf bpf;
    private final Arena arena;
    private final MemorySegment object;
    private final MemorySegment link;
    private final int linkFd;
    private final MemorySegment ring;
    private final RecordBuffer records;
    /**
     * Command lines between walks: the kernel's copies, which it does not repeat while a process's
     * argv is unchanged, and /proc's where the walk could not copy. Kept longer than the kernel's
     * own 10-20 s expiry, so an entry is renewed by the kernel's next copy before it runs out.
     */
    private final ProcessCache<String> cmdlines = new ProcessCache<>(20_000_000_000L);
    private final ProcfsCollector procfs = new ProcfsCollector();
    /** Loaded on the first query that reads open_files or sockets, so that other queries never pay for it. */
    private FileSource files;

    private BpfCollector(LibBpf bpf, Arena arena, MemorySegment object, MemorySegment link, MemorySegment ring,
                         RecordBuffer records) {
        this.bpf = bpf;
        this.arena = arena;
        this.object = object;
        this.link = link;
        this.linkFd = bpf.linkFd(link);
        this.ring = ring;
        this.records = records;
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
    static BpfCollector open(byte[] elf, boolean trySleepable) { return open(elf, trySleepable, true); }

    /** @param exactRss false loads the configuration that reports RSS counters' central values (tests cover it so) */
    static BpfCollector open(byte[] elf, boolean trySleepable, boolean exactRss) {
        Preconditions.check();
        LibBpf bpf = LibBpf.get();
        bpf.drainLog();
        String sleepableFailure = "not tried";
        if (trySleepable) {
            try {
                return load(bpf, elf, true, exactRss);
            } catch (BpfUnavailableException e) {
                sleepableFailure = e.getMessage();
            }
        }
        try {
            return load(bpf, elf, false, exactRss);
        } catch (BpfUnavailableException e) {
            throw new BpfUnavailableException("cannot load the BPF task iterator: " + e.getMessage()
                    + "\n(the sleepable variant: " + firstLine(sleepableFailure) + ")");
        }
    }

    /**
     * Loads one variant, first with exact RSS sums (the walk measures per-CPU offsets with
     * bpf_map_lookup_percpu_elem, 5.19+); a kernel that refuses that gets the counters' central
     * values, the configuration in which the verifier drops that code unseen.
     */
    private static BpfCollector load(LibBpf bpf, byte[] elf, boolean sleepable, boolean exactRss) {
        int cpus = exactRss ? PossibleCpus.count() : 0;
        if (cpus > 0) {
            try {
                return load(bpf, elf, sleepable, cpus);
            } catch (BpfUnavailableException e) {
                bpf.drainLog();
            }
        }
        return load(bpf, elf, sleepable, 0);
    }

    private static BpfCollector load(LibBpf bpf, byte[] elf, boolean sleepable, int cpus) {
        // The image lives in the arena, which lives as long as the object.
        Arena arena = Arena.ofShared();
        MemorySegment obj = bpf.openMem(elf, arena);
        try {
            MemorySegment wanted = bpf.findProgram(obj, sleepable ? SLEEPABLE : PLAIN);
            bpf.setAutoload(bpf.findProgram(obj, sleepable ? PLAIN : SLEEPABLE), false);
            // Only the sleepable program uses it, and kernels too old for that may lack task storage.
            if (!sleepable) bpf.setAutocreate(bpf.findMap(obj, ARGV_COPIES), false);
            bpf.setInitialValue(bpf.findMap(obj, RODATA), config(arena, cpus));
            int err = bpf.load(obj);
            if (err != 0) {
                String log = bpf.drainLog();
                throw new BpfUnavailableException("bpf_object__load: " + Errno.describe(err) + (log.isEmpty() ? "" : "\n" + log));
            }
            RecordBuffer records = new RecordBuffer(INITIAL_BUFFER);
            MemorySegment ring;
            try {
                ring = bpf.ringBuffer(bpf.mapFd(bpf.findMap(obj, RECORDS)), records, arena);
            } catch (RuntimeException e) {
                records.close();
                throw e;
            }
            try {
                return new BpfCollector(bpf, arena, obj, bpf.attachIter(wanted), ring, records);
            } catch (RuntimeException e) {
                bpf.freeRingBuffer(ring);
                records.close();
                throw e;
            }
        } catch (RuntimeException e) {
            bpf.closeObject(obj);
            arena.close();
            throw e;
        }
    }

    /** The program's struct walk_config: records through the ring buffer, and the CPUs to sum RSS over (0: none). */
    private static MemorySegment config(Arena arena, int cpus) {
        MemorySegment config = arena.allocate(TaskRecordLayout.CONFIG_SIZE);
        config.set(ValueLayout.JAVA_INT, TaskRecordLayout.CONFIG_USE_RINGBUF, 1);
        config.set(ValueLayout.JAVA_INT, TaskRecordLayout.CONFIG_NR_CPUS, cpus);
        return config;
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

    @Override
    public synchronized TaskList collect() {
        walk();
        MemorySegment buffer = records.segment();
        long length = records.length();
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
        for (Task p : processes) {
            Group g = groups.get(p.tgid);
            p.cmdline = g.cmdline = cmdlineOf(p, g.leader);
        }
        cmdlines.retainSeen();
        for (Task t : threads) {
            Group g = groups.get(t.tgid);
            t.cmdline = g.cmdline;
            if (g.leader != null && g.leader.hasMm()) TaskRecord.setMemory(t, g.leader);
        }
        if (!groups.containsKey(INIT)) addInit(processes, threads);
        processes.sort((a, b) -> Integer.compare(a.tgid, b.tgid));
        return new TaskList(processes, threads);
    }

    /**
     * Some kernels hide pid 1 from every BPF task iterator (seen on a Firecracker VM with 6.18:
     * even bpftool's trivial iterators and a link filtered to tid 1 skip it, while every other
     * task shows). A system view without init breaks process trees, so when the walk had no
     * tgid 1 its process and threads come from /proc: one process, a constant cost.
     */
    private void addInit(List<Task> processes, List<Task> threads) {
        TaskList init = procfs.collectProcess(INIT, Detail.all());
        processes.addAll(init.processes());
        threads.addAll(init.threads());
    }

    /**
     * One walk into {@link #records}: reading a fresh iterator fd runs the program over every task,
     * which puts the records in the ring (the read itself returns nothing unless the ring filled up),
     * then the ring is emptied from shared memory.
     */
    private void walk() {
        records.clear();
        bpf.consume(ring); // leftovers of a walk that failed half-way
        records.clear();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = LibBpf.callState(call);
            int fd = bpf.iterCreate(linkFd, state);
            try {
                records.readToEnd(bpf, fd, state);
            } finally {
                bpf.close(fd);
            }
        }
        bpf.consume(ring);
    }

    private String cmdlineOf(Task p, TaskRecord leader) {
        long now = System.nanoTime();
        String cmdline;
        if (leader.hasCmdline()) {
            byte[] raw = leader.cmdline();
            cmdline = ProcfsCollector.joinArgs(raw, raw.length);
            // Longer than the walk copies: the rest once from /proc (the copy stands if the process is gone).
            if (leader.cmdlineCut()) cmdline = procCmdline(p.tgid, cmdline);
        } else if (p.kernelThread || p.state == 'Z') {
            return "";
        } else {
            // The kernel's previous copy (the walk skips an unchanged argv), or /proc when there is none.
            cmdline = cmdlines.get(p.tgid, p.startNs, p.comm, now);
            if (cmdline != null) return cmdline;
            cmdline = procCmdline(p.tgid, "");
        }
        cmdlines.put(p.tgid, p.startNs, p.comm, cmdline, now);
        return cmdline;
    }

    private static String procCmdline(int pid, String orElse) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            return ProcfsCollector.joinArgs(raw, raw.length);
        } catch (IOException e) {
            return orElse; // exited since the walk
        }
    }

    /** The BPF walk of open files; /proc's on a kernel that refuses it (the task walk stays on BPF). */
    @Override
    public synchronized FileSource files() {
        if (files == null) {
            try {
                files = BpfFiles.open();
            } catch (BpfUnavailableException e) {
                bpf.drainLog();
                files = new ProcfsFiles();
            }
        }
        return files;
    }

    @Override
    public synchronized void close() {
        if (files != null) files.close();
        bpf.freeRingBuffer(ring);
        bpf.destroyLink(link);
        bpf.closeObject(object);
        records.close();
        arena.close();
    }

    /** The records of one thread group, summed the way /proc/PID/stat sums them. */
    private static final class Group {
        TaskRecord leader;
        String cmdline;
        long utime, stime, runtime, minflt, majflt, nvcsw, nivcsw, readBytes, writeBytes;

        void add(TaskRecord r) {
            if (r.tid() == r.tgid()) leader = r;
            utime += r.utime();
            stime += r.stime();
            runtime += r.runtime();
            minflt += r.minflt();
            majflt += r.majflt();
            nvcsw += r.nvcsw();
            nivcsw += r.nivcsw();
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
            // Live threads only, unlike the counters above: /proc shows no exited threads' switches.
            p.nvcsw = nvcsw;
            p.nivcsw = nivcsw;
            if (leader.hasIo()) {
                p.readBytes = readBytes + leader.sigReadBytes();
                p.writeBytes = writeBytes + leader.sigWriteBytes();
            }
            return p;
        }
    }
}
