package dev.bpftop.enrich;

import dev.bpftop.collect.Task;
import java.util.List;

/**
 * One walk's counters of each task, kept for the next walk's cpu_pct and byte rates, found by
 * {@link SnapshotSource#key}. Primitive arrays and an open-addressing index rather than a map of
 * records: at 10,000 processes the maps (a boxed key, a node and a record per task, for cpu and
 * for rates) held 2 MB for the live view's whole life and made as much garbage every tick.
 */
final class Baselines {
    private final RowIndex index;
    private final long[] readNs, cpuNs, runtimeNs, read, write, rx, tx;

    private Baselines(List<Task> tasks) {
        int n = tasks.size();
        index = RowIndex.of(tasks);
        readNs = new long[n];
        cpuNs = new long[n];
        runtimeNs = new long[n];
        read = new long[n];
        write = new long[n];
        rx = new long[n];
        tx = new long[n];
    }

    /** @param walkNs when the walk began: the reading time of a task the collector gave none */
    static Baselines of(List<Task> tasks, long walkNs) { return of(tasks, null, null, null, walkNs); }

    /**
     * @param readTimes when the walk read each task, by position (null: each row's own {@link Task#readNs})
     * @param rxBytes   each task's network bytes received, by position (null: none counted), and sent:
     * @param walkNs    when the walk began: the reading time of a task the collector gave none
     */
    static Baselines of(List<Task> tasks, long[] readTimes, long[] rxBytes, long[] txBytes, long walkNs) {
        Baselines b = new Baselines(tasks);
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            long read = readTimes != null ? readTimes[i] : t.readNs;
            b.readNs[i] = read != 0 ? read : walkNs;
            b.cpuNs[i] = t.cpuNs();
            b.runtimeNs[i] = t.runtimeNs;
            b.read[i] = t.readBytes;
            b.write[i] = t.writeBytes;
            b.rx[i] = rxBytes != null ? rxBytes[i] : Task.UNKNOWN;
            b.tx[i] = txBytes != null ? txBytes[i] : Task.UNKNOWN;
        }
        return b;
    }

    /** The positions of the walk's tasks, which are those of its readings. */
    RowIndex index() { return index; }

    /** The index of {@code t}'s reading, or -1 when the walk did not see it. */
    int find(Task t) { return index.find(t); }

    long readNs(int i) { return readNs[i]; }
    long cpuNs(int i) { return cpuNs[i]; }
    long runtimeNs(int i) { return runtimeNs[i]; }
    long readBytes(int i) { return read[i]; }
    long writeBytes(int i) { return write[i]; }
    long rxBytes(int i) { return rx[i]; }
    long txBytes(int i) { return tx[i]; }
}
