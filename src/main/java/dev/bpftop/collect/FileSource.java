package dev.bpftop.collect;

/**
 * Reads open files and sockets. Separate from the task walk: a query that names neither table
 * collects neither.
 */
public interface FileSource extends AutoCloseable {
    /**
     * @param pid one process's files (its fd table only; no unheld sockets), or null for every
     *            process and the unheld sockets of bpftop's own network namespace
     */
    FileList collect(Integer pid);

    @Override
    default void close() {}
}
