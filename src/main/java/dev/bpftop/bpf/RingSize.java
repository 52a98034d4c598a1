package dev.bpftop.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How large the task walk's ring buffer is made. Its pages are pinned kernel memory, and mapped
 * twice into the reader (the ring wraps), so every MiB of ring is two of the reader's RSS. A full
 * walk sends each task whole (376 bytes); a delta walk sends most as "still here" (40 bytes), so
 * a long-running reader needs a fraction of the room. Sized from the machine's task count at load:
 * a walk that outgrows it is still complete, the rest of its records going through the iterator's
 * own output (about one more read() per 100 records), so a machine that grows later costs reads,
 * never rows.
 */
final class RingSize {
    static final long MIN = 256 << 10, MAX = 8 << 20;
    /** Each ring record carries an 8-byte header. */
    private static final int HEADER = 8;
    /** The share of tasks a delta walk is sized to send whole (those that changed since the last walk). */
    private static final double CHANGED = 0.10;
    /** Tests set the smallest ring, so that a walk overflows it; 0 sizes it. */
    static volatile long forTests;

    private RingSize() {}

    /**
     * The ring's bytes: the power of two at or above what a walk of {@code tasks} sends, which is
     * the headroom for growth (up to twice; a live view at 10,000 tasks gets 1 MiB, not 2).
     */
    static long forWalks(long tasks, boolean delta) {
        if (forTests > 0) return forTests;
        double perTask = delta ? (TaskRecordLayout.SEEN_SIZE + HEADER) + CHANGED * (TaskRecordLayout.SIZE + HEADER)
                : TaskRecordLayout.SIZE + HEADER;
        double want = tasks * perTask;
        long bytes = MIN;
        while (bytes < want && bytes < MAX) bytes <<= 1;
        return bytes;
    }

    /** The bytes a first walk of {@code tasks} writes, every task whole, with a quarter more for tasks started meanwhile. */
    static long firstWalk(long tasks) {
        return Math.min(tasks * (TaskRecordLayout.SIZE + HEADER) * 5 / 4, 64L << 20);
    }

    /** Threads on the machine now, every process's and the kernel's (/proc/loadavg's fourth field); a guess if unreadable. */
    static long tasksNow() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return Long.parseLong(fields[3].substring(fields[3].indexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return 10_000;
        }
    }
}
