package dev.bpftop.collect;

import java.util.Set;

/**
 * How much of each process's descriptor table one collection of open files reads, narrowest
 * first: a statement on the sockets table needs its socket descriptors only, one on open_files
 * that reads no path needs every descriptor but no path, and only a path (or what is read from
 * it) costs a path lookup per file.
 */
public enum FileScope {
    /** Socket descriptors (and the sockets no process holds); other descriptors are passed over. */
    SOCKETS,
    /** Every descriptor, each without its path (null). */
    NUMBERS,
    /** Every descriptor with its path. */
    PATHS;

    /** The scope that gives what a walk asked for {@code details} needs (see {@link Detail#FDS}, {@link Detail#FILE_PATHS}). */
    public static FileScope of(Set<Detail> details) {
        if (details.contains(Detail.FILE_PATHS)) return PATHS;
        return details.contains(Detail.FDS) ? NUMBERS : SOCKETS;
    }
}
