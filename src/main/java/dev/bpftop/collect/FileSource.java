package dev.bpftop.collect;

/**
 * Reads open files and sockets. Separate from the task walk: a query that names neither table
 * collects neither.
 */
public interface FileSource extends AutoCloseable {
    /**
     * @param pid   one process's files (its fd table only; no unheld sockets), or null for every
     *              process and the unheld sockets of bpftop's own network namespace
     * @param scope the least the caller needs; a source may give more (procfs reads every
     *              descriptor and its path whatever is asked)
     */
    FileList collect(Integer pid, FileScope scope);

    /** Everything: every descriptor with its path. */
    default FileList collect(Integer pid) { return collect(pid, FileScope.PATHS); }

    /** What the last collection cost, phase by phase; {@link WalkStats#NONE} where nobody measures. */
    default WalkStats lastWalk() { return WalkStats.NONE; }

    @Override
    default void close() {}
}
