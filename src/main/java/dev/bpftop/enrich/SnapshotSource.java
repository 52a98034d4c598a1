package dev.bpftop.enrich;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.FileScope;
import dev.bpftop.collect.Passwd;
import dev.bpftop.collect.StatParser;
import dev.bpftop.collect.SystemInfoReader;
import dev.bpftop.collect.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns collector walks into snapshots: adds system figures, CPU% against the previous snapshot,
 * user names and what the enrichers find. Keeps the previous snapshot's CPU times, so it is the
 * one stateful piece. Tasks are complete when the snapshot is built; nothing writes them after.
 */
public final class SnapshotSource implements AutoCloseable {
    private final Collector collector;
    private final SystemInfoReader systemReader = new SystemInfoReader();
    private final Enrichers enrichers;
    private final Passwd passwd;
    private final long baselineMillis;
    /** The previous walk's processes, and its threads (null when it did not walk them): cpu_pct's and the rates' baselines. */
    private Baselines previousCpu;
    private Baselines previousThreadCpu;
    private final CounterRates rates = new CounterRates();
    /** When the previous walk began: the snapshot's interval (system.cpu_interval) runs between walk starts. */
    private long previousStartNs;
    private volatile Snapshot latest;
    /** Asked of the collector on the first query that reads files, so that no other query loads it. */
    private dev.bpftop.collect.FileSource files;
    /** How long before a request came a walk may have begun and still serve it (the agent's --share). */
    private volatile long shareNs;
    /** When, on System.nanoTime()'s clock, {@link #latest}'s walk began, and what it holds. */
    private long latestStartNs;
    private Set<Detail> latestDetails = Set.of();
    /** False once processes moved between cgroups: {@link #latest} may not serve anyone after that. */
    private volatile boolean latestReusable;

    /**
     * @param baselineMillis for the first snapshot, how long to wait after a baseline walk so that
     *                       cpu_pct means something in a one-shot query; 0 leaves it NULL.
     */
    public SnapshotSource(Collector collector, Enrichers enrichers, long baselineMillis) {
        this(collector, enrichers, new Passwd(), baselineMillis);
    }

    /** Tests name their own passwd file. */
    public SnapshotSource(Collector collector, Enrichers enrichers, Passwd passwd, long baselineMillis) {
        this.collector = collector;
        this.enrichers = enrichers;
        this.passwd = passwd;
        this.baselineMillis = baselineMillis;
    }

    /** What `.backend` and --verbose show: the collector, then one line per enricher with something to say. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add("backend: " + collector.name());
        notes.add(collector.network().note());
        notes.addAll(enrichers.notes());
        return notes;
    }

    /**
     * Processes were moved between cgroups (FREEZE's helper cgroups): the next snapshot reads
     * every process's cgroup afresh, so a frozen process shows its new cgroup at once.
     */
    public void cgroupsMoved() { // not synchronized: a FREEZE need not wait for a walk in progress
        latestReusable = false;
        collector.cgroupsMoved();
    }

    /**
     * A refresh is served by a walk that began after the request came, never by an older one, so a
     * client always sees what it did before it asked. Requests that wait while a walk runs share the
     * next walk: however many clients ask at once, walks run one at a time and each serves everyone
     * then waiting. {@code window} widens that to walks begun up to that long before the request.
     */
    public void shareWithin(java.time.Duration window) { shareNs = window.toNanos(); }

    /** The most recent snapshot, or null before the first {@link #refresh()}. */
    public Snapshot latest() { return latest; }

    /** Takes a new snapshot with every detail and makes it the latest. */
    public Snapshot refresh() { return refresh(Detail.all()); }

    /** Takes a new snapshot holding at least {@code details} and makes it the latest. */
    public Snapshot refresh(Set<Detail> details) { return refresh(details, true); }

    /**
     * Takes a new snapshot holding at least {@code details} and makes it the latest.
     * @param wantCpu whether the caller reads cpu_pct; if not, the first snapshot skips the baseline wait
     */
    public Snapshot refresh(Set<Detail> details, boolean wantCpu) {
        return refresh(details, wantCpu, System.nanoTime());
    }

    private synchronized Snapshot refresh(Set<Detail> details, boolean wantCpu, long asked) {
        if (latestReusable && latestStartNs - (asked - shareNs) >= 0 && latestDetails.containsAll(details)) return latest;
        if (previousCpu == null && baselineMillis > 0 && wantCpu) {
            long start = System.nanoTime();
            Collector.TaskList baseline = collector.collect(details);
            remember(baseline, start, details);
            try {
                Thread.sleep(baselineMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long start = System.nanoTime();
        Collector.TaskList tasks = collector.collect(details);
        long now = System.nanoTime();
        double interval = previousCpu == null ? 0 : (start - previousStartNs) / 1e9;
        Readings readings = new Readings(
                new Readings.Values(tasks.processes(), true, tasks.netRxBytes(), tasks.netTxBytes()),
                new Readings.Values(tasks.threads(), false, null, null));
        if (previousCpu != null) {
            applyCpuPct(tasks.processes(), tasks.processReadNs(), readings.processes.cpuPct, previousCpu, previousStartNs, start);
            if (previousThreadCpu != null) applyCpuPct(tasks.threads(), tasks.threadReadNs(), readings.threads.cpuPct, previousThreadCpu, previousStartNs, start);
        }
        rates.apply(tasks, readings, start, previousCpu, previousThreadCpu);
        remember(tasks, start, details);
        // The baselines just made index these very lists: the snapshot's look-ups need no index of their own.
        readings.processes.indexedBy(previousCpu.index());
        if (previousThreadCpu != null) readings.threads.indexedBy(previousThreadCpu.index());
        Snapshot s = new Snapshot(Instant.now(), collector.name(), tasks.processes(), tasks.threads(), readings,
                systemReader.read(), interval, passwd.names(), enrichers.ownership(tasks), enrichers.containers(),
                enrichers.gpus(), collector.network(), new FileView(this::files, FileScope.of(details)));
        latestDetails = Set.copyOf(details);
        latestStartNs = start;
        latestReusable = true;
        latest = s;
        return s;
    }

    private synchronized dev.bpftop.collect.FileSource files() {
        if (files == null) files = collector.files();
        return files;
    }

    /**
     * Each task's share of one CPU between its own two readings. A walk takes milliseconds to tens
     * of milliseconds (the first one of a process longer: nothing is cached or compiled yet), so
     * dividing by the time between two walks' starts or ends would misstate a busy task by the
     * difference in where each walk reached it (seen as 105-114 % for a single busy thread).
     */
    private static void applyCpuPct(List<Task> tasks, long[] readTimes, double[] cpuPct, Baselines previous, long previousWalkNs, long walkNs) {
        for (int i = 0; i < cpuPct.length; i++) {
            Task t = tasks.get(i);
            int before = previous.find(t);
            long readNs = readTimes[i] != 0 ? readTimes[i] : walkNs;
            long delta, interval;
            if (before >= 0) {
                delta = cpuBetween(previous.cpuNs(before), previous.runtimeNs(before), t.cpuNs(), t.runtimeNs);
                interval = readNs - previous.readNs(before);
            } else {
                // Born since the previous walk began: all of its CPU time falls after that.
                delta = cpuBetween(0, 0, t.cpuNs(), t.runtimeNs);
                interval = readNs - previousWalkNs;
            }
            if (interval > 0) cpuPct[i] = Math.max(0, delta / (double) interval * 100.0);
        }
    }

    /**
     * The CPU time between two readings: the exact runtime where both have one, unless utime and
     * stime grew by more than their two ticks of truncation beyond it, which means threads that
     * exited in between took their runtime with them.
     */
    private static long cpuBetween(long cpuBefore, long runtimeBefore, long cpuNow, long runtimeNow) {
        long byTicks = cpuNow - cpuBefore;
        if (runtimeBefore == Task.UNKNOWN || runtimeNow == Task.UNKNOWN) return byTicks;
        long exact = runtimeNow - runtimeBefore;
        return byTicks - exact > 2 * StatParser.TICK_NS ? byTicks : exact;
    }

    /**
     * This walk's counters, for the next one. Threads left out of this walk have no baseline: the
     * next walk that has them leaves their cpu_pct and rates NULL once.
     */
    private void remember(Collector.TaskList tasks, long walkStartNs, Set<Detail> details) {
        previousCpu = Baselines.of(tasks.processes(), tasks.processReadNs(), tasks.netRxBytes(), tasks.netTxBytes(), walkStartNs);
        previousThreadCpu = details.contains(Detail.THREADS) ? Baselines.of(tasks.threads(), tasks.threadReadNs(), null, null, walkStartNs) : null;
        rates.remember(tasks, walkStartNs);
        previousStartNs = walkStartNs;
    }

    /** pid and start tick together, so a reused pid is not mistaken for the old process. */
    static long key(Task t) {
        return ((long) t.tid << 32) ^ (t.startNs / StatParser.TICK_NS);
    }

    @Override
    public void close() throws Exception { collector.close(); } // the collector owns its file source
}
