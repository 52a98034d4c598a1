package dev.bpftop.collect;

import java.util.EnumSet;
import java.util.Set;

/**
 * Parts of a task that cost /proc reads beyond its stat line. A collector may skip the parts no
 * query asked for: a WATCH query learns on its first tick which it reads (see PreparedQuery),
 * so the live view does not pay every tick for namespaces or I/O it never shows.
 */
public enum Detail {
    /** /proc/PID/status: user and group ids, capabilities, context switches, the rss split. */
    STATUS,
    /** /proc/PID/io: storage bytes read and written. */
    IO,
    CMDLINE,
    /** /proc/PID/cgroup, and what enrichers derive from it (unit, container, frozen). */
    CGROUP,
    NAMESPACES,
    /** Walking /proc/PID/task: the threads table. */
    THREADS,
    /**
     * A process's counters summed over its threads (context switches): /proc has the leader's
     * only, so a /proc walk reads each thread for them; the BPF walk sums every process anyway.
     * Apart from {@link #THREADS}, so that a query over processes alone makes no thread rows.
     */
    THREAD_SUMS,
    /**
     * Per-process network bytes: kernel hooks on every send and receive, attached by the first
     * walk that asks and kept attached from then on. Not among {@link #all()}: only a statement
     * that reads a network column asks for it, so nobody else pays for the hooks.
     */
    NET,
    /**
     * Every open descriptor of a process, not only its sockets: the open_files table. Apart from
     * the task walk (see {@link FileScope}); a statement that reads only the sockets table walks
     * socket descriptors alone.
     */
    FDS,
    /** Each open file's path (bpf_d_path, a few microseconds a file): open_files' path, type and deleted. */
    FILE_PATHS,
    /**
     * The state of every socket (the sockets table): the kernel's tcp, udp and unix socket
     * iterators, apart from the descriptors. open_files alone does not need it.
     */
    SOCKETS;

    /** The details of open files and sockets, which a one-shot statement collects only when its plan reads them. */
    public static final Set<Detail> FILES = EnumSet.of(FDS, FILE_PATHS, SOCKETS);

    /** Every detail, all but {@link #NET}: what nobody has narrowed down collects. */
    public static Set<Detail> all() { return EnumSet.complementOf(EnumSet.of(NET)); }

    /** Both sets ({@code a} itself when {@code b} adds nothing). */
    public static Set<Detail> union(Set<Detail> a, Set<Detail> b) {
        if (a.containsAll(b)) return a;
        Set<Detail> u = EnumSet.copyOf(b);
        u.addAll(a);
        return u;
    }

    /** {@code details} and {@link #NET}. */
    public static Set<Detail> withNet(Set<Detail> details) {
        EnumSet<Detail> s = EnumSet.of(NET);
        s.addAll(details);
        return s;
    }
}
