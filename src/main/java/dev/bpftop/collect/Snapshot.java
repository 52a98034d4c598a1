package dev.bpftop.collect;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one statement sees: one instant of the machine, immutable once built. Every table in
 * a query reads the same snapshot, so joins never mix two moments.
 */
public final class Snapshot {
    private final long monotonicNs;
    private final Instant takenAt;
    private final String backend;
    private final List<Task> processes;
    private final List<Task> threads;
    private final SystemInfo system;
    private final double intervalSeconds;
    private final Map<Class<?>, Object> extensions;
    private volatile Map<Integer, Task> byPid;

    public Snapshot(long monotonicNs, Instant takenAt, String backend, List<Task> processes, List<Task> threads,
                    SystemInfo system, double intervalSeconds, Map<Class<?>, Object> extensions) {
        this.monotonicNs = monotonicNs;
        this.takenAt = takenAt;
        this.backend = backend;
        this.processes = List.copyOf(processes);
        this.threads = List.copyOf(threads);
        this.system = system;
        this.intervalSeconds = intervalSeconds;
        this.extensions = Collections.unmodifiableMap(new HashMap<>(extensions));
    }

    public long monotonicNs() { return monotonicNs; }
    public Instant takenAt() { return takenAt; }
    /** Which collector served this snapshot: "bpf" or "procfs". */
    public String backend() { return backend; }
    public List<Task> processes() { return processes; }
    public List<Task> threads() { return threads; }
    public SystemInfo system() { return system; }
    /** Seconds between the starts of the previous walk and this one (each task's cpu_pct uses its own readings' times); 0 for the first. */
    public double intervalSeconds() { return intervalSeconds; }

    public Task process(int pid) {
        Map<Integer, Task> map = byPid;
        if (map == null) {
            map = new HashMap<>(processes.size() * 2);
            for (Task t : processes) map.put(t.tgid, t);
            byPid = map;
        }
        return map.get(pid);
    }

    /** Data an enricher attached to this snapshot (cgroup index, GPU figures…), or null. */
    public <T> T extension(Class<T> type) { return type.cast(extensions.get(type)); }
}
