package dev.bpftop.live;

import dev.bpftop.collect.CWords;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A non-blocking pipe of the process's own, to wake a poll(2) from another thread: {@link #signal}
 * writes a byte, {@link #drain} reads whatever is there. A full pipe is already a pending wake-up,
 * so a write that would block is dropped.
 */
final class Pipe implements AutoCloseable {
    private static final long O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    private static final MethodHandle PIPE2, READ, WRITE, CLOSE;

    static {
        PIPE2 = CWords.libc("pipe2", false);
        READ = CWords.libc("read", false);
        WRITE = CWords.libc("write", false);
        CLOSE = CWords.libc("close", false);
    }

    private final int readEnd, writeEnd;
    /** Written from a signal handler's thread, read on the view's: each side has its own. */
    private final MemorySegment out, in;
    private boolean closed;

    private Pipe(int readEnd, int writeEnd, Arena arena) {
        this.readEnd = readEnd;
        this.writeEnd = writeEnd;
        out = arena.allocate(1);
        in = arena.allocate(64);
    }

    /** A new pipe, or null when the system gives none (out of descriptors). */
    static Pipe open() {
        Arena arena = Arena.ofAuto();
        MemorySegment fds = arena.allocate(8, 4);
        try {
            if ((int) CWords.call(PIPE2, fds.address(), O_NONBLOCK | O_CLOEXEC) != 0) return null;
        } catch (Throwable e) {
            return null;
        }
        return new Pipe(fds.get(ValueLayout.JAVA_INT, 0), fds.get(ValueLayout.JAVA_INT, 4), arena);
    }

    int readEnd() { return readEnd; }

    synchronized void signal() {
        if (closed) return;
        try {
            long ignored = CWords.call(WRITE, (long) writeEnd, out.address(), 1L);
        } catch (Throwable e) {
            // a wake-up lost: the next timed wait ends anyway
        }
    }

    /** Empties the pipe. @return how many bytes it held */
    int drain() {
        int total = 0;
        try {
            for (long r; (r = CWords.call(READ, (long) readEnd, in.address(), in.byteSize())) > 0; ) total += (int) r;
        } catch (Throwable e) {
            // nothing more to read
        }
        return total;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            long a = CWords.call(CLOSE, (long) readEnd);
            long b = CWords.call(CLOSE, (long) writeEnd);
        } catch (Throwable e) {
            // closing is all there was to do
        }
    }
}
