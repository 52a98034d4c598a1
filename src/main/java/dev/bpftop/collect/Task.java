package dev.bpftop.collect;

/**
 * One task as a collector saw it. For a row of {@code processes} the counters (times, faults,
 * context switches, I/O) are totals over the whole thread group, as {@code /proc/PID/stat} reports
 * them; for a row of {@code threads} they are the thread's own.
 *
 * <p>Collectors fill the fields while building a walk's rows; nothing changes them after the walk
 * returns them. A collector may hand the same object to later walks while the task does not change
 * (bpf: an idle task's row stays one object for as long as it sleeps, so a young collection does
 * not copy it again each walk), so what a walk measures even of an unchanged task is not here:
 * when it was read and its network bytes travel beside the rows ({@link Collector.TaskList}), and
 * cpu_pct and the rates in the snapshot (enrich.Readings).
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
     * When the walk that made this row read utime and stime, on System.nanoTime()'s clock
     * (CLOCK_MONOTONIC); 0 when unknown. A later walk that hands over the same row read it again:
     * its time is {@link Collector.TaskList#processReadNs}'s, which cpu_pct divides by.
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
    public boolean kernelThread;
    public int processor;
    /** Arguments joined by spaces; null when not collected; empty for kernel threads and zombies. */
    public String cmdline;

    /**
     * The viewer may not read this task's /proc links (exe, cwd, root): the agent sets it on its
     * copies for a peer whose own procfs run would be refused them.
     */
    public boolean linksHidden;

    public long cpuNs() { return utimeNs + stimeNs; }

    /** {@code v} for a nullable column: null where it is NaN (not measured). */
    public static Double known(double v) { return Double.isNaN(v) ? null : v; }

    /**
     * A field-by-field copy: for a view of a snapshot that differs in what it shows, and for a
     * walk that changes what a shared row holds (its rows are never written once handed over).
     */
    public Task copy() {
        Task t = carriedForward();
        t.cgroupPath = cgroupPath;
        t.cmdline = cmdline;
        return t;
    }

    /**
     * Every field the walk read from the task's record, none of what a collector adds to a row
     * afterwards (the command line, the cgroup path procfs reads).
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
