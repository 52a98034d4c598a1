package dev.bpftop.bpf;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.ProcfsFiles;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.collect.Task;
import dev.bpftop.collect.WalkStats;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every task with one BPF task iterator walk per refresh. The CO-RE object embedded in the
 * jar is loaded and attached once; each {@link #collect()} creates an iterator fd, reads it once
 * (the walk runs inside that read and leaves its records in a BPF ring buffer), closes it and
 * takes the records from the ring's shared memory: three syscalls whatever the task count. Were
 * they read from the fd itself, it would take one read per 32 KiB (the most the kernel's seq_file
 * hands out per read); that remains the overflow path when the ring is full (its size: {@link RingSize}).
 *
 * <p>The kernel writes one record per thread; processes are built here the way /proc builds
 * /proc/PID/stat: the leader's identity with times, faults and I/O summed over the live threads
 * plus what exited threads left in the signal struct; context switches summed over the live
 * threads (what /proc/PID/task/* shows).
 */
public final class BpfCollector implements Collector {
    private static final String OBJECT = "/bpf/task_iter.bpf.o";
    private static final String SLEEPABLE = "dump_task_sleepable", PLAIN = "dump_task_plain";
    private static final String ARGV_COPIES = "argv_copies", SENT = "sent", SENT_EPOCH = "sent_epoch", RECORDS = "records", RODATA = ".rodata";
    /** A delta walk of 1,000 tasks (40 bytes each) fits; a larger walk grows the buffer by half until it fits. */
    private static final int INITIAL_BUFFER = 64 << 10;
    /**
     * Some kernels hide pid 1 from every BPF task iterator (seen on a Firecracker VM with 6.18:
     * even bpftool's trivial iterators and a link filtered to tid 1 skip it, while every other
     * task shows). A system view without init breaks process trees, so when the walk had no
     * tgid 1 its process and threads come from /proc: one process, a constant cost, which reads
     * only the details the caller asked for (its threads, each with three files, only for THREADS).
     */
    private static final int INIT = 1;

    private final LibBpf bpf;
    private final Arena arena;
    private final MemorySegment object;
    private final MemorySegment link;
    private final int linkFd;
    private final RingReader ring;
    private final RecordBuffer records;
    /** Command lines where the walk's rows do not hold one (see {@link WalkRows}'s kept command lines). */
    private final WalkRows.Cmdlines cmdlines = new WalkRows.Cmdlines() {
        @Override
        public String fromWalk(Task process, TaskRecord leader) {
            byte[] raw = leader.cmdline();
            String cmdline = ProcfsCollector.joinArgs(raw, raw.length);
            // Longer than the walk copies: the rest once from /proc (the copy stands if the process is gone).
            return leader.cmdlineCut() ? procCmdline(process.tgid, cmdline) : cmdline;
        }

        @Override
        public String fromProc(int pid) { return procCmdline(pid, ""); }
    };
    private final ProcfsCollector procfs = new ProcfsCollector();
    /** The previous walk's rows, which a delta walk's "still here" records stand for. */
    private final WalkRows rows = new WalkRows();
    /** The map that seeds the program's fingerprints (see {@link #newEpoch}); -1 when the walks are full. */
    private final int epochFd;
    private long epoch;
    /** A walk's records could not be made into rows: the next walk must not send any task as unchanged. */
    private boolean forgetOnNextWalk;
    private WalkStats lastWalk = WalkStats.NONE;
    /** Loaded on the first query that reads open_files or sockets, so that other queries never pay for it. */
    private FileSource files;

    private BpfCollector(LibBpf bpf, Arena arena, MemorySegment object, MemorySegment link, RingReader ring,
                         RecordBuffer records, int epochFd) {
        this.bpf = bpf;
        this.epochFd = epochFd;
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
    public static BpfCollector open() { return open(true); }

    /** @param delta whether walks send unchanged tasks as "still here" (see {@link WalkRows}); false sends every record whole */
    public static BpfCollector open(boolean delta) { return open(embeddedObject(), true, true, delta); }

    /**
     * @param elf          a BPF object with the two programs (tests pass their own)
     * @param trySleepable false skips straight to the plain program (tests use it to cover the /proc path)
     */
    static BpfCollector open(byte[] elf, boolean trySleepable) { return open(elf, trySleepable, true); }

    /** @param exactRss false loads the configuration that reports RSS counters' central values (tests cover it so) */
    static BpfCollector open(byte[] elf, boolean trySleepable, boolean exactRss) { return open(elf, trySleepable, exactRss, true); }

    static BpfCollector open(byte[] elf, boolean trySleepable, boolean exactRss, boolean delta) {
        Preconditions.check();
        LibBpf bpf = LibBpf.get();
        Path btf = MinimalBtf.forObject(elf);
        if (btf != null) {
            try {
                return open(bpf, elf, btf, trySleepable, exactRss, delta);
            } catch (BpfUnavailableException e) {
                // not for want of the kernel's BTF, most likely; made again next time all the same
                MinimalBtf.forget(btf);
            }
        }
        return bpf.explained(() -> open(bpf, elf, null, trySleepable, exactRss, delta));
    }

    /** The task walk of {@code elf}, its CO-RE relocations read from {@code btf} (null: the kernel's BTF); for tests. */
    static BpfCollector openWithBtf(byte[] elf, Path btf) { return open(LibBpf.get(), elf, btf, true, true, true); }

    private static BpfCollector open(LibBpf bpf, byte[] elf, Path btf, boolean trySleepable, boolean exactRss, boolean delta) {
        bpf.drainLog();
        String sleepableFailure = "not tried";
        if (trySleepable) {
            try {
                return load(bpf, elf, btf, true, exactRss, delta);
            } catch (BpfUnavailableException e) {
                sleepableFailure = e.getMessage();
            }
        }
        try {
            return load(bpf, elf, btf, false, exactRss, false);
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
    private static BpfCollector load(LibBpf bpf, byte[] elf, Path btf, boolean sleepable, boolean exactRss, boolean delta) {
        int cpus = exactRss ? PossibleCpus.count() : 0;
        if (cpus > 0) {
            try {
                return load(bpf, elf, btf, sleepable, cpus, delta);
            } catch (BpfUnavailableException e) {
                bpf.drainLog();
            }
        }
        return load(bpf, elf, btf, sleepable, 0, delta);
    }

    /** @param delta only for the sleepable program, the one that keeps task storage */
    private static BpfCollector load(LibBpf bpf, byte[] elf, Path btf, boolean sleepable, int cpus, boolean delta) {
        // The image lives in the arena, which lives as long as the object.
        Arena arena = Arena.ofShared();
        MemorySegment obj = bpf.openMem(elf, arena, btf);
        try {
            MemorySegment wanted = bpf.findProgram(obj, sleepable ? SLEEPABLE : PLAIN);
            bpf.setAutoload(bpf.findProgram(obj, sleepable ? PLAIN : SLEEPABLE), false);
            // Only the sleepable program uses them, and kernels too old for that may lack task storage.
            if (!sleepable) {
                bpf.setAutocreate(bpf.findMap(obj, ARGV_COPIES), false);
                bpf.setAutocreate(bpf.findMap(obj, SENT), false);
            }
            bpf.setInitialValue(bpf.findMap(obj, RODATA), config(arena, cpus, sleepable && delta));
            long tasks = RingSize.tasksNow();
            bpf.setMaxEntries(bpf.findMap(obj, RECORDS), RingSize.forWalks(tasks, sleepable && delta));
            int err = bpf.load(obj);
            if (err != 0) {
                String log = bpf.drainLog();
                throw new BpfUnavailableException("bpf_object__load: " + Errno.describe(err) + (log.isEmpty() ? "" : "\n" + log));
            }
            // Mapped for the first walk's whole records, so that a one-liner never resizes it (see AnonymousMapping).
            RecordBuffer records = new RecordBuffer(RingSize.firstWalk(tasks), INITIAL_BUFFER);
            RingReader ring;
            try {
                MemorySegment map = bpf.findMap(obj, RECORDS);
                ring = new RingReader(bpf, bpf.mapFd(map), bpf.maxEntries(map));
            } catch (RuntimeException e) {
                records.close();
                throw e;
            }
            try {
                int epochFd = sleepable && delta ? bpf.mapFd(bpf.findMap(obj, SENT_EPOCH)) : -1;
                return new BpfCollector(bpf, arena, obj, bpf.attachIter(wanted), ring, records, epochFd);
            } catch (RuntimeException e) {
                ring.close();
                records.close();
                throw e;
            }
        } catch (RuntimeException e) {
            bpf.closeObject(obj);
            arena.close();
            throw e;
        }
    }

    /** The program's struct walk_config: records through the ring buffer, the CPUs to sum RSS over (0: none), delta walks. */
    private static MemorySegment config(Arena arena, int cpus, boolean delta) {
        MemorySegment config = arena.allocate(TaskRecordLayout.CONFIG_SIZE);
        config.set(ValueLayout.JAVA_INT, TaskRecordLayout.CONFIG_USE_RINGBUF, 1);
        config.set(ValueLayout.JAVA_INT, TaskRecordLayout.CONFIG_NR_CPUS, cpus);
        config.set(ValueLayout.JAVA_INT, TaskRecordLayout.CONFIG_DELTA, delta ? 1 : 0);
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
    public TaskList collect() { return collect(Detail.all()); }

    /**
     * One walk. The kernel walk gives every detail at once; {@code details} only says whether to
     * make thread rows (THREADS: without it a walk makes one row per process) and narrows what the
     * pid-1 stand-in reads from /proc (see {@link #INIT}).
     */
    @Override
    public synchronized TaskList collect(Set<Detail> details) {
        long t0 = System.nanoTime();
        long[] phase = new long[4];
        TaskList list;
        try {
            boolean threadRows = details.contains(Detail.THREADS);
            list = walkIntoRows(phase, threadRows);
            if (list == null) {
                // The program believes it sent rows this collector does not hold: it forgets, and sends all.
                newEpoch();
                list = walkIntoRows(phase, threadRows);
                if (list == null) throw new IllegalStateException("the BPF walk sent a task as unchanged right after it was told to send all");
            }
        } catch (RuntimeException e) {
            // Whatever the program sent in this walk is not in the kept rows: its next walk must send all.
            rows.forget();
            forgetOnNextWalk = true;
            throw e;
        }
        long t3 = System.nanoTime();
        TaskList init = rows.lacks(INIT) ? procfs.collectProcess(INIT, details) : null;
        long t4 = System.nanoTime();
        list = ProcessOrder.sorted(list, init);
        long t5 = System.nanoTime();
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("walk", phase[0]);
        phases.put("drain", phase[1]);
        phases.put("rows", phase[2]);
        phases.put("init", t4 - t3);
        phases.put("sort", t5 - t4);
        phases.put("other", t5 - t0 - phase[0] - phase[1] - phase[2] - (t5 - t3));
        lastWalk = new WalkStats(phases, Map.of("walks", phase[3], "records_full", (long) rows.full(),
                "records_unchanged", (long) rows.unchanged(), "records_alike", (long) rows.same(), "record_bytes", records.length()));
        return list;
    }

    @Override
    public synchronized WalkStats lastWalk() { return lastWalk; }

    /**
     * A walk, its records drained and made into rows (null: see {@link WalkRows#assemble}); adds
     * each step's time to {@code ns}[0..2] and counts the walk in {@code ns}[3].
     */
    private TaskList walkIntoRows(long[] ns, boolean threadRows) {
        long t0 = System.nanoTime();
        walk();
        long t1 = System.nanoTime();
        ring.drainTo(records); // the records, from the ring's shared memory into the buffer
        long t2 = System.nanoTime();
        TaskList list = rows.assemble(records.segment(), records.length(), cmdlines, threadRows);
        ns[0] += t1 - t0;
        ns[1] += t2 - t1;
        ns[2] += System.nanoTime() - t2;
        ns[3]++;
        return list;
    }

    /** For tests: each task of the last walk by tid, true where its record came whole, false for "still here". */
    synchronized Map<Integer, Boolean> lastRecordKinds() {
        Map<Integer, Boolean> kinds = new java.util.HashMap<>();
        MemorySegment m = records.segment();
        for (long at = 0; at + TaskRecordLayout.SEEN_SIZE <= records.length(); ) {
            int size = m.get(ValueLayout.JAVA_INT_UNALIGNED, at + TaskRecordLayout.RECORD_SIZE);
            int flags = m.get(ValueLayout.JAVA_INT_UNALIGNED, at + TaskRecordLayout.FLAGS);
            kinds.put(m.get(ValueLayout.JAVA_INT_UNALIGNED, at + TaskRecordLayout.TID), (flags & TaskRecordLayout.REC_UNCHANGED) == 0);
            if (size <= 0) break;
            at += size;
        }
        return kinds;
    }

    /** For tests: loses the kept rows as a failed walk would, without telling the program. */
    synchronized void dropKeptRows() { rows.forget(); }

    /** Has the program send every task whole from its next walk on (see {@link WalkRows}). */
    private void newEpoch() {
        rows.forget();
        if (epochFd < 0) return; // full walks: nothing to forget
        try (Arena call = Arena.ofConfined()) {
            bpf.updateElement(epochFd, call.allocateFrom(ValueLayout.JAVA_INT, 0), call.allocateFrom(ValueLayout.JAVA_LONG, ++epoch));
        }
    }

    /**
     * One walk: reading a fresh iterator fd runs the program over every task, which puts the
     * records in the ring (the read itself returns nothing unless the ring filled up; the rest
     * then come through the fd, into {@link #records}).
     */
    private void walk() {
        records.restart();
        ring.drainTo(records); // leftovers of a walk that failed half-way
        records.clear();
        if (forgetOnNextWalk) {
            forgetOnNextWalk = false;
            newEpoch();
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = LibBpf.callState(call);
            int fd = bpf.iterCreate(linkFd, state);
            try {
                records.readToEnd(bpf, fd, state);
            } finally {
                bpf.close(fd);
            }
        }
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
        ring.close();
        bpf.destroyLink(link);
        bpf.closeObject(object);
        records.close();
        arena.close();
    }
}
