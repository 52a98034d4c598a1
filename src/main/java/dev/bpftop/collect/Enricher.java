package dev.bpftop.collect;

import java.util.Map;

/**
 * Adds what the task walk does not give (cgroup paths, units, containers, GPU use). Optional and
 * failure-tolerant: an enricher that cannot work leaves its columns empty, never fails a query.
 */
public interface Enricher {
    /**
     * Called once per snapshot before it is frozen: may fill task fields and put its own data in
     * {@code extensions} under its class, read back with {@link Snapshot#extension}.
     */
    void enrich(Collector.TaskList tasks, Map<Class<?>, Object> extensions);

    /** One line for `.backend` / --verbose: what this enricher found or why it is off; null if nothing to say. */
    default String note() { return null; }
}
