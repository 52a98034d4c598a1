package dev.bpftop.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads tasks from /proc: several files per task, so its cost grows with the process count. It is
 * the fallback when BPF cannot load and the oracle the BPF collector is tested against.
 */
public final class ProcfsCollector implements Collector {
    private static final String[] NAMESPACES = {"pid", "net", "mnt", "uts", "ipc", "cgroup", "user"};

    private final Path proc;
    private final ProcFileReader files = new ProcFileReader();
    /** Each process's stat and status, kept open between walks (see {@link KeptFiles}); threads' files are opened per read. */
    private final KeptFiles kept = new KeptFiles(files);
    /**
     * What seldom changes, kept between walks instead of read per process per tick: command lines
     * for 10-20 s (as the BPF collector keeps them), cgroups for 2-4 s and dropped at once when
     * told of a move ({@link #cgroupsMoved}, FREEZE), so a frozen process shows its cgroup on the next tick.
     */
    private final ProcessCache<String> cmdlines = new ProcessCache<>(10_000_000_000L), cgroups = new ProcessCache<>(2_000_000_000L);
    /** Processes younger than this are read every walk: a new process is the one likely to be moved or retitled. */
    private final long settledNs;
    private final AtomicBoolean cgroupsMoved = new AtomicBoolean();
    /** Whether a cgroup lies in a threaded subtree, asked once per walk per cgroup (see {@link #threadCgroup}). */
    private final Map<String, Boolean> threadedCgroups = new HashMap<>();
    /** Time since boot at the start of the current walk, as start times count it; 0 when unknown. */
    private long uptimeNs;

    public ProcfsCollector() { this(Path.of("/proc")); }

    public ProcfsCollector(Path proc) { this(proc, 10_000_000_000L); }

    /** Keeps what it reads of processes older than {@code settledNs}; tests pass 0 to exercise that on processes they just started. */
    public ProcfsCollector(Path proc, long settledNs) {
        this.proc = proc;
        this.settledNs = settledNs;
    }

    @Override public String name() { return "procfs"; }

    /** Closes the files kept open between walks. */
    @Override
    public synchronized void close() { kept.close(); }

    @Override
    public TaskList collect() { return collect(Detail.all()); }

    /** Not synchronized: a FREEZE need not wait for a walk in progress; the next walk reads every cgroup afresh. */
    @Override
    public void cgroupsMoved() { cgroupsMoved.set(true); }

    @Override
    public synchronized TaskList collect(Set<Detail> details) {
        startWalk();
        List<Task> processes = new ArrayList<>();
        List<Task> threads = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path dir : dirs) {
                int pid = parsePid(dir.getFileName().toString());
                if (pid <= 0) continue;
                TaskList one = readOne(pid, details);
                processes.addAll(one.processes());
                threads.addAll(one.threads());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        kept.endWalk();
        if (details.contains(Detail.CMDLINE)) cmdlines.retainSeen();
        if (details.contains(Detail.CGROUP)) cgroups.retainSeen();
        return new TaskList(processes, threads);
    }

    /** One process and, if asked for, its threads, read as {@link #collect} reads them; empty when it is gone. */
    public synchronized TaskList collectProcess(int pid, Set<Detail> details) {
        startWalk();
        return readOne(pid, details);
    }

    private TaskList readOne(int pid, Set<Detail> details) {
        Path dir = proc.resolve(Integer.toString(pid));
        Task process = readProcess(dir, pid, details);
        if (process == null) return new TaskList(List.of(), List.of()); // exited while we looked
        boolean rows = details.contains(Detail.THREADS);
        if (!rows && !details.contains(Detail.THREAD_SUMS)) return new TaskList(List.of(process), List.of());
        List<Task> threads = readThreads(dir, process, details);
        if (details.contains(Detail.STATUS)) sumContextSwitches(process, threads);
        if (process.runtimeNs == Task.UNKNOWN) sumRuntime(process, threads);
        return new TaskList(List.of(process), rows ? threads : List.of());
    }

    /** A multi-threaded process's exact CPU time, as far as its live threads go. */
    private static void sumRuntime(Task process, List<Task> threads) {
        if (threads.isEmpty()) return;
        long sum = 0;
        for (Task t : threads) {
            if (t.runtimeNs == Task.UNKNOWN) return;
            sum += t.runtimeNs;
        }
        process.runtimeNs = sum;
    }

    /**
     * /proc/PID/status counts the leader's context switches only; a process row sums its live
     * threads' (those of exited threads are nowhere in /proc). Without the thread walk the leader's
     * stay: the columns that show them ask for the walk.
     */
    private static void sumContextSwitches(Task process, List<Task> threads) {
        if (threads.isEmpty()) return; // exited between the two reads
        long voluntary = 0, involuntary = 0;
        for (Task t : threads) {
            voluntary += t.nvcsw;
            involuntary += t.nivcsw;
        }
        process.nvcsw = voluntary;
        process.nivcsw = involuntary;
    }

    private Task readProcess(Path dir, int pid, Set<Detail> details) {
        Task t = readTask(dir, pid, pid, details, true);
        if (t == null) return null;
        if (details.contains(Detail.CMDLINE)) t.cmdline = cmdline(dir, t);
        if (details.contains(Detail.CGROUP)) t.cgroupPath = cgroupPath(dir, t);
        if (details.contains(Detail.NAMESPACES)) {
            for (String ns : NAMESPACES) setNamespace(t, ns, readNamespace(dir, ns));
        }
        return t;
    }

    private List<Task> readThreads(Path dir, Task process, Set<Detail> details) {
        List<Task> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
            for (Path taskDir : tasks) {
                int tid = parsePid(taskDir.getFileName().toString());
                if (tid <= 0) continue;
                Task t = readTask(taskDir, process.tgid, tid, details, false);
                if (t == null) continue;
                t.cmdline = process.cmdline;
                t.cgroupPath = threadCgroup(taskDir, process.cgroupPath);
                t.pidNs = process.pidNs; t.netNs = process.netNs; t.mntNs = process.mntNs;
                t.utsNs = process.utsNs; t.ipcNs = process.ipcNs; t.cgroupNs = process.cgroupNs;
                t.userNs = process.userNs;
                out.add(t);
            }
        } catch (IOException e) {
            // The process exited between listing and reading its tasks.
        }
        return out;
    }

    private Task readTask(Path dir, int tgid, int tid, Set<Detail> details, boolean process) {
        String base = dir.toString();
        long before = System.nanoTime();
        byte[] stat = process ? kept.read(tgid, KeptFiles.Kind.STAT, base + "/stat") : files.read(base + "/stat");
        long after = System.nanoTime();
        if (stat == null) return null;
        Task t = new Task();
        t.tgid = tgid;
        t.tid = tid;
        // The kernel sums the times somewhere inside the read: a walk of many processes takes tens
        // of milliseconds, so the walk's own start or end would skew this task's cpu_pct.
        if (!StatParser.parse(stat, files.length, t)) return null;
        // stat's utime and stime are 10 ms clock ticks, each truncated: over a 200 ms sample that is
        // up to 5-10 % of a CPU. schedstat's first field is the runtime in nanoseconds, exact for
        // one task; a single-threaded process's is its leader's.
        if (!process || t.threads == 1) {
            // Not kept open like stat and status: the open-file budget goes to the larger files.
            byte[] sched = files.read(base + "/schedstat");
            if (sched != null) {
                t.runtimeNs = leadingNumber(sched, files.length);
                after = System.nanoTime();
            }
        }
        t.readNs = before + (after - before) / 2;
        if (details.contains(Detail.STATUS)) {
            byte[] status = process ? kept.read(tgid, KeptFiles.Kind.STATUS, base + "/status") : files.read(base + "/status");
            if (status == null) return null;
            StatusParser.parse(status, files.length, t);
        }
        if (details.contains(Detail.IO)) {
            byte[] io = files.read(base + "/io");
            if (io != null) parseIo(new String(io, 0, files.length, StandardCharsets.US_ASCII), t);
        }
        return t;
    }

    /** The first decimal field of a /proc file; UNKNOWN if it has none. */
    static long leadingNumber(byte[] b, int length) {
        long n = 0;
        int i = 0;
        for (; i < length && b[i] >= '0' && b[i] <= '9'; i++) n = n * 10 + (b[i] - '0');
        return i == 0 ? Task.UNKNOWN : n;
    }

    static void parseIo(String io, Task t) {
        for (String line : io.split("\n")) {
            if (line.startsWith("read_bytes:")) t.readBytes = Long.parseLong(line.substring(11).trim());
            else if (line.startsWith("write_bytes:")) t.writeBytes = Long.parseLong(line.substring(12).trim());
        }
    }

    /**
     * The process's command line, from the cache while it holds one (see {@link ProcessCache} for
     * how long a retitled argv may show the old one). Zombies and kernel threads have an empty one
     * that costs nothing to read, and a zombie's argv is gone: those are always read.
     */
    private String cmdline(Path dir, Task t) {
        boolean keep = t.state != 'Z' && !t.kernelThread && settled(t);
        if (keep) {
            String known = cmdlines.get(t.tgid, t.startNs, t.comm, uptimeNs);
            if (known != null) return known;
        }
        byte[] raw = files.readCommandLine(dir + "/cmdline");
        if (raw == null) return null;
        String cmdline = joinArgs(raw, files.length);
        // Read during an exec, a user process's command line is empty for a moment: never keep that.
        if (keep && !cmdline.isEmpty()) cmdlines.put(t.tgid, t.startNs, t.comm, cmdline, uptimeNs);
        return cmdline;
    }

    /** The process's cgroup, from the cache while it holds one (see {@link #cgroups}). */
    private String cgroupPath(Path dir, Task t) {
        boolean keep = t.state != 'Z' && settled(t);
        if (keep) {
            String known = cgroups.get(t.tgid, t.startNs, t.comm, uptimeNs);
            if (known != null) return known;
        }
        String path = readCgroupPath(dir);
        if (keep && path != null) cgroups.put(t.tgid, t.startNs, t.comm, path, uptimeNs);
        return path;
    }

    /**
     * A thread's cgroup: its process's, unless that lies in a threaded subtree (cgroup.type
     * "threaded" or "domain threaded"), the one place cgroup v2 lets the threads of a process sit
     * in different cgroups; only there is each thread's own file read.
     */
    private String threadCgroup(Path taskDir, String processCgroup) {
        if (processCgroup == null || !threaded(processCgroup)) return processCgroup;
        String own = readCgroupPath(taskDir);
        return own == null ? processCgroup : own;
    }

    private boolean threaded(String cgroup) {
        return threadedCgroups.computeIfAbsent(cgroup, c -> {
            Optional<Path> dir = CgroupMount.resolve(c);
            byte[] type = dir.isEmpty() ? null : files.read(dir.get() + "/cgroup.type");
            return type != null && new String(type, 0, files.length, StandardCharsets.US_ASCII).contains("threaded");
        });
    }

    private boolean settled(Task t) { return uptimeNs - t.startNs > settledNs; }

    /** Notes the time since boot (0, caching nothing, when /proc/uptime cannot be read) and any cgroup moves. */
    private void startWalk() {
        byte[] uptime = files.read(proc + "/uptime");
        uptimeNs = uptime == null ? 0 : parseUptime(uptime, files.length);
        threadedCgroups.clear();
        if (cgroupsMoved.getAndSet(false)) cgroups.clear();
    }

    /** "12345.67 …": seconds since boot with hundredths. */
    private static long parseUptime(byte[] b, int length) {
        int dot = StatParser.indexOf(b, length, (byte) '.');
        if (dot < 0 || dot + 3 > length) return 0;
        return StatParser.number(b, 0, dot) * 1_000_000_000L + StatParser.number(b, dot + 1, dot + 3) * StatParser.TICK_NS;
    }

    /** NUL-separated argv to one line, as ps prints it; bytes that are not UTF-8 kept (see {@link RawText}). */
    public static String joinArgs(byte[] raw, int length) {
        int end = length;
        while (end > 0 && raw[end - 1] == 0) end--;
        byte[] copy = new byte[end];
        for (int i = 0; i < end; i++) copy[i] = raw[i] == 0 ? (byte) ' ' : raw[i];
        return RawText.decode(copy);
    }

    private String readCgroupPath(Path dir) {
        byte[] cgroup = files.read(dir + "/cgroup");
        return cgroup == null ? null : ProcCgroupParser.v2Path(cgroup, files.length);
    }

    private static long readNamespace(Path dir, String ns) {
        try {
            String link = Files.readSymbolicLink(dir.resolve("ns").resolve(ns)).toString();
            int open = link.indexOf('[');
            return Long.parseLong(link.substring(open + 1, link.length() - 1));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void setNamespace(Task t, String ns, long inum) {
        switch (ns) {
            case "pid" -> t.pidNs = inum;
            case "net" -> t.netNs = inum;
            case "mnt" -> t.mntNs = inum;
            case "uts" -> t.utsNs = inum;
            case "ipc" -> t.ipcNs = inum;
            case "cgroup" -> t.cgroupNs = inum;
            case "user" -> t.userNs = inum;
            default -> throw new IllegalArgumentException(ns);
        }
    }

    static int parsePid(String name) {
        if (name.isEmpty() || name.length() > 10) return -1;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') return -1;
        }
        return Integer.parseInt(name);
    }
}
