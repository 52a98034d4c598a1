package dev.bpftop.collect;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns collector walks into snapshots: adds system figures, CPU% against the previous snapshot,
 * and enrichment. Keeps the previous snapshot's CPU times, so it is the one stateful piece.
 */
public final class SnapshotSource implements AutoCloseable {
    private final Collector collector;
    private final SystemInfoReader systemReader = new SystemInfoReader();
    private final List<Enricher> enrichers;
    private final long baselineMillis;
    private Map<Long, Long> previousCpu;
    private Map<Long, Long> previousThreadCpu;
    private long previousNs;
    private volatile Snapshot latest;

    /**
     * @param baselineMillis for the first snapshot, how long to wait after a baseline walk so that
     *                       cpu_pct means something in a one-shot query; 0 leaves it NULL.
     */
    public SnapshotSource(Collector collector, List<Enricher> enrichers, long baselineMillis) {
        this.collector = collector;
        this.enrichers = List.copyOf(enrichers);
        this.baselineMillis = baselineMillis;
    }

    public Collector collector() { return collector; }

    public List<Enricher> enrichers() { return enrichers; }

    /** The most recent snapshot, or null before the first {@link #refresh()}. */
    public Snapshot latest() { return latest; }

    /** Takes a new snapshot and makes it the latest. */
    public Snapshot refresh() { return refresh(true); }

    /**
     * Takes a new snapshot and makes it the latest.
     * @param wantCpu whether the caller reads cpu_pct; if not, the first snapshot skips the baseline wait
     */
    public synchronized Snapshot refresh(boolean wantCpu) {
        if (previousCpu == null && baselineMillis > 0 && wantCpu) {
            remember(collector.collect(), System.nanoTime());
            try {
                Thread.sleep(baselineMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Collector.TaskList tasks = collector.collect();
        long now = System.nanoTime();
        double interval = previousCpu == null ? 0 : (now - previousNs) / 1e9;
        if (previousCpu != null) {
            applyCpuPct(tasks.processes(), previousCpu, interval);
            applyCpuPct(tasks.threads(), previousThreadCpu, interval);
        }
        remember(tasks, now);
        Map<Class<?>, Object> extensions = new HashMap<>();
        for (Enricher e : enrichers) {
            try {
                e.enrich(tasks, extensions);
            } catch (RuntimeException ex) {
                // An enricher's failure empties its columns; it must never fail the query.
            }
        }
        Snapshot s = new Snapshot(now, Instant.now(), collector.name(), tasks.processes(), tasks.threads(),
                systemReader.read(), interval, extensions);
        latest = s;
        return s;
    }

    private static void applyCpuPct(List<Task> tasks, Map<Long, Long> previous, double interval) {
        if (interval <= 0) return;
        for (Task t : tasks) {
            Long before = previous.get(key(t));
            long delta = before == null ? t.cpuNs() : t.cpuNs() - before;
            t.cpuPct = Math.max(0, delta / 1e9 / interval * 100.0);
        }
    }

    private void remember(Collector.TaskList tasks, long now) {
        previousCpu = cpuByTask(tasks.processes());
        previousThreadCpu = cpuByTask(tasks.threads());
        previousNs = now;
    }

    private static Map<Long, Long> cpuByTask(List<Task> tasks) {
        Map<Long, Long> cpu = new HashMap<>(tasks.size() * 2);
        for (Task t : tasks) cpu.put(key(t), t.cpuNs());
        return cpu;
    }

    /** pid and start tick together, so a reused pid is not mistaken for the old process. */
    private static long key(Task t) {
        return ((long) t.tid << 32) ^ (t.startNs / ProcfsCollector.TICK_NS);
    }

    @Override
    public void close() throws Exception { collector.close(); }
}
