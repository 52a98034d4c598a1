package dev.bpftop.collect;

/**
 * One task as a collector saw it. For a row of {@code processes} the counters (times, faults,
 * context switches, I/O) are totals over the whole thread group, as {@code /proc/PID/stat} reports
 * them; for a row of {@code threads} they are the thread's own.
 *
 * <p>Collectors fill the fields while building a snapshot; nothing changes them afterwards.
 * Public fields rather than a 50-component record keep both collectors readable.
 */
public final class Task {
    public static final long UNKNOWN = -1;

    public int tgid, tid, ppid, pgid, sid;
    public int uid, euid, suid, gid, egid, sgid;
    /** One of R S D T t Z X I P, as in /proc/PID/stat. */
    public char state = '?';
    /** The task's comm, decoded as UTF-8 with invalid bytes replaced. */
    public String comm = "";
    public int priority, nice;
    public long utimeNs, stimeNs;
    /**
     * The CPU time the scheduler counted, in nanoseconds, where procfs can give it exactly: a
     * thread's own, or a process's as the sum over its live threads (/proc/.../schedstat). UNKNOWN
     * where it cannot (a multi-threaded process read without its threads; bpf, whose utime and
     * stime already add up to it). Threads that exited are in utime and stime but not here.
     */
    public long runtimeNs = UNKNOWN;
    /**
     * When utime and stime were read, on System.nanoTime()'s clock (CLOCK_MONOTONIC); 0 when
     * unknown. A task's cpu_pct divides by the time between its own two readings.
     */
    public long readNs;
    /** Start time in nanoseconds after boot (CLOCK_BOOTTIME). */
    public long startNs;
    /** Bytes. */
    public long vsz, rss, rssAnon = UNKNOWN, rssFile = UNKNOWN, rssShmem = UNKNOWN;
    public long minflt, majflt, nvcsw, nivcsw;
    public int threads = 1;
    /** Kernfs inode of the task's cgroup on the default (v2) hierarchy; 0 when unknown. */
    public long cgroupId;
    /** Path of the cgroup relative to the v2 mount ("/system.slice/x.service"); null when unknown. */
    public String cgroupPath;
    public long pidNs, netNs, mntNs, utsNs, ipcNs, cgroupNs, userNs;
    public long capEff, capPrm;
    /** Controlling terminal as the kernel encodes it (major << 8 | minor, with the usual split); 0 = none. */
    public int ttyNr;
    public long readBytes = UNKNOWN, writeBytes = UNKNOWN;
    /**
     * TCP and UDP payload bytes the process received and sent since network accounting began
     * ({@link Collector#network()}); UNKNOWN where nothing counts them (procfs, hooks not attached).
     */
    public long netRxBytes = UNKNOWN, netTxBytes = UNKNOWN;
    public boolean kernelThread;
    public int processor;
    /** Arguments joined by spaces; null when not collected; empty for kernel threads and zombies. */
    public String cmdline;
    /**
     * Share of one CPU over the interval since the previous snapshot, in percent; NaN for the
     * first. Primitives, NaN for unknown, rather than a boxed Double each: a monitor holds two
     * snapshots of 10,000 rows, and five boxes a row were a tenth of its heap.
     */
    public double cpuPct = Double.NaN;
    /** Bytes per second over the same interval as cpu_pct (storage I/O) or between the snapshots' network reads; NaN when unknown. */
    public double readRate = Double.NaN, writeRate = Double.NaN, netRxRate = Double.NaN, netTxRate = Double.NaN;

    /**
     * The viewer may not read this task's /proc links (exe, cwd, root): the agent sets it on its
     * copies for a peer whose own procfs run would be refused them.
     */
    public boolean linksHidden;

    public long cpuNs() { return utimeNs + stimeNs; }

    /** {@code v} for a nullable column: null where it is NaN (not measured). */
    public static Double known(double v) { return Double.isNaN(v) ? null : v; }

    /** A field-by-field copy, for a view of a snapshot that differs in what it shows. */
    public Task copy() {
        Task t = carriedForward();
        t.cpuPct = cpuPct;
        t.readRate = readRate;
        t.writeRate = writeRate;
        t.netRxRate = netRxRate;
        t.netTxRate = netTxRate;
        t.netRxBytes = netRxBytes;
        t.netTxBytes = netTxBytes;
        t.cgroupPath = cgroupPath;
        t.cmdline = cmdline;
        return t;
    }

    /**
     * The same task for a later snapshot (a collector that found it unchanged): every field the
     * walk read, none of what was added to the earlier snapshot's row (cpu_pct and the rates, the
     * network counters and command line set per walk, the cgroup path an enricher resolved), so
     * the earlier snapshot's row is left as it was.
     *
     * <p>Field by field rather than {@code clone()}: a monitor carries 10,000 rows forward a walk,
     * and C1 (bin/bpftop runs C1 only) makes clone() a call into the VM each. TaskTest checks that
     * every field is either copied here or one of those added afterwards.
     */
    public Task carriedForward() {
        Task t = new Task();
        t.tgid = tgid; t.tid = tid; t.ppid = ppid; t.pgid = pgid; t.sid = sid;
        t.uid = uid; t.euid = euid; t.suid = suid; t.gid = gid; t.egid = egid; t.sgid = sgid;
        t.state = state;
        t.comm = comm;
        t.priority = priority; t.nice = nice;
        t.utimeNs = utimeNs; t.stimeNs = stimeNs; t.runtimeNs = runtimeNs;
        t.readNs = readNs;
        t.startNs = startNs;
        t.vsz = vsz; t.rss = rss; t.rssAnon = rssAnon; t.rssFile = rssFile; t.rssShmem = rssShmem;
        t.minflt = minflt; t.majflt = majflt; t.nvcsw = nvcsw; t.nivcsw = nivcsw;
        t.threads = threads;
        t.cgroupId = cgroupId;
        t.pidNs = pidNs; t.netNs = netNs; t.mntNs = mntNs; t.utsNs = utsNs; t.ipcNs = ipcNs; t.cgroupNs = cgroupNs; t.userNs = userNs;
        t.capEff = capEff; t.capPrm = capPrm;
        t.ttyNr = ttyNr;
        t.readBytes = readBytes; t.writeBytes = writeBytes;
        t.kernelThread = kernelThread;
        t.processor = processor;
        t.linksHidden = linksHidden;
        return t;
    }
}
