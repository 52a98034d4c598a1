package dev.bpftop.collect;

import java.util.Set;

/**
 * How much one collection of open files reads, narrowest first: a statement on the sockets table
 * needs socket descriptors and every socket's state, one on open_files that reads no path needs
 * every descriptor but no path, and only a path (or what is read from it) costs a path lookup per
 * file. A statement on open_files alone needs no socket's state (the BARE scopes): the kernel's
 * socket iterators, which read every socket of the namespace, then do not run.
 */
public enum FileScope {
    /** Socket descriptors with their sockets' state, and the sockets no process holds; other descriptors are passed over. */
    SOCKETS(false, false, true),
    /** Every descriptor, each without its path (null), with the sockets' state. */
    NUMBERS(true, false, true),
    /** Every descriptor with its path, and the sockets' state. */
    PATHS(true, true, true),
    /** Every descriptor without its path; no socket's state (a socket descriptor's {@link OpenFile#socket()} is null). */
    BARE_NUMBERS(true, false, false),
    /** Every descriptor with its path; no socket's state. */
    BARE_PATHS(true, true, false);

    private final boolean everyFd;
    private final boolean paths;
    private final boolean socketState;

    FileScope(boolean everyFd, boolean paths, boolean socketState) {
        this.everyFd = everyFd;
        this.paths = paths;
        this.socketState = socketState;
    }

    /** Every descriptor, not only sockets. */
    public boolean everyFd() { return everyFd; }

    /** Each descriptor's path. */
    public boolean paths() { return paths; }

    /** The state of the sockets (and the sockets no process holds). */
    public boolean socketState() { return socketState; }

    /** The walk of descriptors this scope needs, as one of the first three: which descriptors, with paths or without. */
    public FileScope fdWalk() { return !everyFd ? SOCKETS : paths ? PATHS : NUMBERS; }

    /** The scope that gives what a walk asked for {@code details} needs (see {@link Detail#FDS}, {@link Detail#FILE_PATHS}, {@link Detail#SOCKETS}). */
    public static FileScope of(Set<Detail> details) {
        boolean sockets = details.contains(Detail.SOCKETS);
        if (details.contains(Detail.FILE_PATHS)) return sockets ? PATHS : BARE_PATHS;
        if (details.contains(Detail.FDS)) return sockets ? NUMBERS : BARE_NUMBERS;
        return SOCKETS;
    }
}
