package dev.bpftop.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The calling thread's CPU time and run-queue wait (the kernel's schedstat: on a CPU, and runnable
 * but waiting for one), so a slow collection can be told apart: wall time far above CPU time with
 * a run delay is another task or the hypervisor holding the CPU; without one, the thread was
 * blocked (a safepoint, a garbage collection, I/O). One pread of a file kept open per reading; the
 * file belongs to the thread that made this object, so only that thread may read it.
 */
final class ThreadSched implements AutoCloseable {
    private final FileChannel file;
    private final ByteBuffer buffer = ByteBuffer.allocate(128);
    private long cpuNs, waitNs;

    private ThreadSched(FileChannel file) { this.file = file; }

    /** This thread's schedstat, or null where the kernel has none (no CONFIG_SCHED_INFO). */
    static ThreadSched open() {
        try {
            ThreadSched t = new ThreadSched(FileChannel.open(Path.of("/proc/thread-self/schedstat"), StandardOpenOption.READ));
            if (t.read()) return t;
            t.close();
        } catch (IOException | UnsupportedOperationException e) {
            // no schedstat: the bench reports wall time alone
        }
        return null;
    }

    /** Reads the file again; false if it could not be read or parsed (the values then stay as they were). */
    boolean read() {
        buffer.clear();
        try {
            if (file.read(buffer, 0) <= 0) return false;
        } catch (IOException e) {
            return false;
        }
        return parse(buffer.array(), buffer.position());
    }

    /** "cpu_ns wait_ns timeslices\n"; package-private for tests. */
    boolean parse(byte[] text, int length) {
        long cpu = 0, wait = 0;
        int field = 0; // nothing is allocated per reading: it runs between timed collections
        boolean inNumber = false;
        for (int i = 0; i < length && field < 2; i++) {
            byte b = text[i];
            if (b >= '0' && b <= '9') {
                if (field == 0) cpu = cpu * 10 + (b - '0');
                else wait = wait * 10 + (b - '0');
                inNumber = true;
            } else if (b == ' ' || b == '\n') {
                if (inNumber) field++;
                inNumber = false;
            } else {
                return false;
            }
        }
        if (field < 2) return false;
        cpuNs = cpu;
        waitNs = wait;
        return true;
    }

    /** Nanoseconds this thread has run, as of the last {@link #read}. */
    long cpuNs() { return cpuNs; }

    /** Nanoseconds this thread has waited runnable for a CPU, as of the last {@link #read}. */
    long waitNs() { return waitNs; }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            // nothing to do: it was only read
        }
    }
}
