package dev.bpftop.enrich;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Task;
import java.util.List;

/**
 * Byte rates between two snapshots, as cpu_pct is a rate of CPU time: storage I/O (read_rate,
 * write_rate) of processes and threads over each task's own two readings, as cpu_pct; network
 * (net_rx_rate, net_tx_rate) of processes between the two walks' starts, where the collector reads
 * all network counters at once (system.cpu_interval). A task born since the previous walk counts
 * from zero; a counter either reading lacks gives no rate.
 */
final class CounterRates {
    private long previousWalkNs;
    /** Whether the previous walk counted network bytes (else a process new since has no zero to count from). */
    private boolean previousNet;

    /**
     * Sets the rates of this walk's tasks against the previous walk's readings.
     * @param processes the previous walk's processes, or null for none
     * @param threads   the previous walk's threads, or null when it did not walk them
     */
    void apply(Collector.TaskList tasks, Readings into, long walkNs, Baselines processes, Baselines threads) {
        if (processes != null) apply(tasks.processes(), tasks.processReadNs(), into.processes, processes, walkNs);
        if (threads != null) apply(tasks.threads(), tasks.threadReadNs(), into.threads, threads, walkNs);
    }

    /** @param into the rows' values, with network rates where {@code into.netRxRate} is there (processes) */
    private void apply(List<Task> tasks, long[] readTimes, Readings.Values into, Baselines previous, long walkNs) {
        for (int i = 0; i < readTimes.length; i++) {
            Task t = tasks.get(i);
            int before = previous.find(t);
            boolean known = before >= 0;
            long readNs = readTimes[i] != 0 ? readTimes[i] : walkNs;
            long ioInterval = known ? readNs - previous.readNs(before) : readNs - previousWalkNs;
            into.readRate[i] = rate(t.readBytes, known ? previous.readBytes(before) : 0, ioInterval);
            into.writeRate[i] = rate(t.writeBytes, known ? previous.writeBytes(before) : 0, ioInterval);
            if (into.netRxRate == null || into.netRx == null || (!known && !previousNet)) continue;
            long netInterval = walkNs - previousWalkNs;
            into.netRxRate[i] = rate(into.netRx[i], known ? previous.rxBytes(before) : 0, netInterval);
            into.netTxRate[i] = rate(into.netTx[i], known ? previous.txBytes(before) : 0, netInterval);
        }
    }

    /**
     * Bytes per second; NaN when either reading is unknown. A counter that went down (the
     * network hooks were re-attached, a pid reused within one tick) starts again from zero.
     */
    private static double rate(long now, long before, long intervalNs) {
        if (now < 0 || before < 0 || intervalNs <= 0) return Double.NaN;
        return Math.max(0, now - before) / (intervalNs / 1e9);
    }

    /** This walk's network facts, for the next one (its counters are in its {@link Baselines}). */
    void remember(Collector.TaskList tasks, long walkNs) {
        previousNet = tasks.netRxBytes() != null;
        previousWalkNs = walkNs;
    }
}
