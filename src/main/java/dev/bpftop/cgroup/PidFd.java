package dev.bpftop.cgroup;


/**
 * A pidfd taken when a plan is made: it names that very process, not its pid, so whether the
 * process still lives is a race-free question (pidfd_send_signal with signal 0). Closed when the
 * plan holding it is dropped.
 */
public final class PidFd {
    private final long pid;
    private final int fd;

    private PidFd(long pid, int fd) {
        this.pid = pid;
        this.fd = fd;
        Native.CLEANER.register(this, () -> Native.close(fd));
    }

    /** A pidfd on {@code pid} as it is now; empty when the process is gone (or pidfds are missing, before 5.3). */
    public static java.util.Optional<PidFd> open(long pid) {
        int fd = Native.pidfdOpen(pid);
        return fd >= 0 ? java.util.Optional.of(new PidFd(pid, fd)) : java.util.Optional.empty();
    }

    public long pid() { return pid; }

    /** Whether the process this pidfd was opened on still runs; after it exits its pid may name another. */
    public boolean alive() { return Native.pidfdAlive(fd) == 0; }
}
