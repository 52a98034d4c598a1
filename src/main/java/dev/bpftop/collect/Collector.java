package dev.bpftop.collect;

import java.util.List;

/**
 * Reads the kernel's task list. Implementations return raw tasks; enrich.SnapshotSource adds
 * system figures, CPU deltas and enrichment, so every backend gets the same treatment.
 */
public interface Collector extends AutoCloseable {
    /** "bpf" or "procfs". */
    String name();

    /** One walk over all tasks. Tasks that exit mid-walk are skipped, never an error. */
    TaskList collect();

    /** A walk that may leave out the details not asked for (their fields keep their defaults). */
    default TaskList collect(java.util.Set<Detail> details) { return collect(); }

    /**
     * Processes were moved between cgroups (FREEZE isolates one): a collector that keeps processes'
     * cgroups between walks must read them afresh on its next walk.
     */
    default void cgroupsMoved() {}

    /** The last walk's phases and counts; {@link WalkStats#NONE} from a collector that keeps none. */
    default WalkStats lastWalk() { return WalkStats.NONE; }
    /** Per-process network bytes: which hooks, since when, or why none (/proc has no such counters). */
    default NetAccounting network() {
        return NetAccounting.none("no per-process counters in /proc: net_* columns are NULL (the bpf backend counts them)");
    }

    /** Where open files and sockets come from; called once per session, on the first query that reads them. */
    default FileSource files() { return new ProcfsFiles(); }

    @Override
    default void close() {}

    /**
     * Processes (group totals, one per thread-group leader) and threads (one per task), and what
     * the walk read of each row besides the row itself, by position: when it read the row (a row
     * handed over again by a later walk keeps its first reading in {@link Task#readNs}), and each
     * process's network bytes since accounting began (null: nothing counts them).
     */
    record TaskList(List<Task> processes, List<Task> threads, long[] processReadNs, long[] threadReadNs,
                    long[] netRxBytes, long[] netTxBytes) {
        /** Rows read by this walk alone: each one's reading time is its own. */
        public TaskList(List<Task> processes, List<Task> threads) {
            this(processes, threads, readTimes(processes), readTimes(threads), null, null);
        }

        /** These rows with each process's network bytes. */
        public TaskList withNet(long[] rx, long[] tx) {
            return new TaskList(processes, threads, processReadNs, threadReadNs, rx, tx);
        }

        private static long[] readTimes(List<Task> tasks) {
            long[] t = new long[tasks.size()];
            for (int i = 0; i < t.length; i++) t[i] = tasks.get(i).readNs;
            return t;
        }
    }
}
