package dev.bpftop.enrich;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte rates between two snapshots, as cpu_pct is a rate of CPU time: storage I/O (read_rate,
 * write_rate) of processes and threads over each task's own two readings, as cpu_pct; network
 * (net_rx_rate, net_tx_rate) of processes between the two walks' starts, where the collector reads
 * all network counters at once (system.cpu_interval). A task born since the previous walk counts
 * from zero; a counter either reading lacks gives no rate.
 */
final class CounterRates {
    private record Reading(long readNs, long read, long write, long rx, long tx) {}

    private Map<Long, Reading> processes, threads;
    private long previousWalkNs;
    /** Whether the previous walk counted network bytes (else a process new since has no zero to count from). */
    private boolean previousNet;

    /** Sets the rates of this walk's tasks against the previous walk's readings. */
    void apply(Collector.TaskList tasks, long walkNs) {
        if (processes != null) apply(tasks.processes(), processes, walkNs, true);
        if (threads != null) apply(tasks.threads(), threads, walkNs, false);
    }

    private void apply(List<Task> tasks, Map<Long, Reading> previous, long walkNs, boolean net) {
        for (Task t : tasks) {
            Reading before = previous.get(SnapshotSource.key(t));
            long readNs = t.readNs != 0 ? t.readNs : walkNs;
            long ioInterval = before != null ? readNs - before.readNs() : readNs - previousWalkNs;
            t.readRate = rate(t.readBytes, before == null ? 0 : before.read(), ioInterval);
            t.writeRate = rate(t.writeBytes, before == null ? 0 : before.write(), ioInterval);
            if (!net || (before == null && !previousNet)) continue;
            long netInterval = walkNs - previousWalkNs;
            t.netRxRate = rate(t.netRxBytes, before == null ? 0 : before.rx(), netInterval);
            t.netTxRate = rate(t.netTxBytes, before == null ? 0 : before.tx(), netInterval);
        }
    }

    /**
     * Bytes per second; null when either reading is unknown. A counter that went down (the
     * network hooks were re-attached, a pid reused within one tick) starts again from zero.
     */
    private static Double rate(long now, long before, long intervalNs) {
        if (now < 0 || before < 0 || intervalNs <= 0) return null;
        return Math.max(0, now - before) / (intervalNs / 1e9);
    }

    /** This walk's counters, for the next one. */
    void remember(Collector.TaskList tasks, long walkNs, boolean threadsWalked) {
        processes = readings(tasks.processes(), walkNs);
        threads = threadsWalked ? readings(tasks.threads(), walkNs) : null;
        previousNet = tasks.processes().stream().anyMatch(t -> t.netRxBytes >= 0);
        previousWalkNs = walkNs;
    }

    private static Map<Long, Reading> readings(List<Task> tasks, long walkNs) {
        Map<Long, Reading> m = HashMap.newHashMap(tasks.size());
        for (Task t : tasks) {
            m.put(SnapshotSource.key(t), new Reading(t.readNs != 0 ? t.readNs : walkNs, t.readBytes, t.writeBytes, t.netRxBytes, t.netTxBytes));
        }
        return m;
    }
}
