package dev.bpftop.cgroup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the processes this JVM has moved between cgroups (FREEZE's helper cgroups), so a
 * collector that keeps each process's cgroup between walks knows to read them afresh: a frozen
 * process must show its new cgroup, and the frozen color, on the next tick.
 */
public final class Moves {
    private static final AtomicLong COUNT = new AtomicLong();

    private Moves() {}

    /** Changes after every move; compare two readings to learn whether any happened in between. */
    public static long count() { return COUNT.get(); }

    static void moved() { COUNT.incrementAndGet(); }
}
