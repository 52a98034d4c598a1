package dev.bpftop.enrich;

import dev.bpftop.collect.Task;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What one snapshot measured of its rows over its interval: cpu_pct, the storage and network byte
 * rates, and the network byte counters. Not in the rows themselves, which a later snapshot shares
 * while a task does not change (see {@link Task}): by each row's position in the snapshot's
 * lists, found through its pid and start time and checked to be that very row. NaN (a count: -1)
 * where unknown. Filled while the snapshot is built, read-only once it is published.
 */
public final class Readings {
    /** One list's values by position. */
    static final class Values {
        private final List<Task> rows;
        final double[] cpuPct, readRate, writeRate;
        /** Processes only: null for threads. */
        final double[] netRxRate, netTxRate;
        /** Null where nothing counts network bytes. */
        final long[] netRx, netTx;
        /** Built on the first look-up: many statements read none of these. */
        private volatile RowIndex index;

        Values(List<Task> rows, boolean rates, long[] netRx, long[] netTx) {
            this.rows = rows;
            int n = rows.size();
            cpuPct = unknown(n);
            readRate = unknown(n);
            writeRate = unknown(n);
            netRxRate = rates ? unknown(n) : null;
            netTxRate = rates ? unknown(n) : null;
            this.netRx = netRx;
            this.netTx = netTx;
        }

        private Values(List<Task> rows, Values same) {
            this.rows = rows;
            cpuPct = same.cpuPct;
            readRate = same.readRate;
            writeRate = same.writeRate;
            netRxRate = same.netRxRate;
            netTxRate = same.netTxRate;
            netRx = same.netRx;
            netTx = same.netTx;
        }

        /** Has look-ups use {@code rows}' positions as {@code index} found them (built over this very list). */
        void indexedBy(RowIndex index) { this.index = index; }

        /** The position of this very row, or -1. */
        int indexOf(Task t) {
            RowIndex i = index;
            if (i == null) index = i = RowIndex.of(rows);
            int at = i.find(t);
            return at >= 0 && rows.get(at) == t ? at : -1;
        }

        private static double[] unknown(int n) {
            double[] a = new double[n];
            Arrays.fill(a, Double.NaN);
            return a;
        }
    }

    final Values processes, threads;

    Readings(Values processes, Values threads) {
        this.processes = processes;
        this.threads = threads;
    }

    /** No value known for any row. */
    public static Readings none(List<Task> processes, List<Task> threads) {
        return new Readings(new Values(processes, true, null, null), new Values(threads, false, null, null));
    }

    /**
     * The same values for lists of other rows, row for row at the same positions (a view that
     * shows copies of some rows).
     */
    public Readings over(List<Task> processes, List<Task> threads) {
        return new Readings(new Values(processes, this.processes), new Values(threads, this.threads));
    }

    public double cpuPct(Task t) { return value(t, v -> v.cpuPct); }
    public double readRate(Task t) { return value(t, v -> v.readRate); }
    public double writeRate(Task t) { return value(t, v -> v.writeRate); }
    public double netRxRate(Task t) { return value(t, v -> v.netRxRate); }
    public double netTxRate(Task t) { return value(t, v -> v.netTxRate); }
    public long netRxBytes(Task t) { return count(t, v -> v.netRx); }
    public long netTxBytes(Task t) { return count(t, v -> v.netTx); }

    private double value(Task t, Function<Values, double[]> which) {
        long at = locate(t);
        double[] a = at < 0 ? null : which.apply(at >>> 32 == 0 ? processes : threads);
        return a == null ? Double.NaN : a[(int) at];
    }

    private long count(Task t, Function<Values, long[]> which) {
        long at = locate(t);
        long[] a = at < 0 ? null : which.apply(at >>> 32 == 0 ? processes : threads);
        return a == null ? Task.UNKNOWN : a[(int) at];
    }

    /** Where this very row is: 0 (processes) or 1 (threads) in the high half, its position in the low; -1 when in neither. */
    private long locate(Task t) {
        int i = processes.indexOf(t);
        if (i >= 0) return i;
        i = threads.indexOf(t);
        return i < 0 ? -1 : 1L << 32 | i;
    }
}
