package dev.bpftop.collect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * Reads small /proc files into one reused buffer with plain open, pread and close. A walk reads two
 * files per process every tick, so what each read costs beyond the kernel's own work adds up:
 * FileInputStream also fstat()s every file it opens, reads once more to see the end, and registers
 * each stream with a Cleaner; a fresh array or String per file is most of what the JVM spends.
 *
 * <p>One read is enough for the seq_files read here (stat, status, cgroup, uptime, io,
 * cgroup.type): the kernel renders the whole text before copying, so a read that does not fill the
 * buffer has reached the end, and one that fills it reads on into a bigger one. A command line is
 * copied out of the process's memory instead, and is read until a read returns nothing
 * ({@link #readCommandLine}).
 *
 * <p>Not thread-safe; the collector that owns it reads one file at a time.
 */
final class ProcFileReader {
    private static final int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    private static final MethodHandle PREAD = CWords.libc("pread", false), CLOSE = CWords.libc("close", false);
    /**
     * open(2) without a mode: glibc's {@code __open_2} (what _FORTIFY_SOURCE compiles such calls to)
     * is open without the variadic mode argument, so it binds through {@link CWords}' shape; open
     * itself is variadic, an FFM shape of its own that costs a cold start milliseconds (the BPF
     * backend's pid-1 stand-in opens /proc files while the one-liner waits). Null under a C library
     * without it, which gets open.
     */
    private static final MethodHandle OPEN_2 = Linker.nativeLinker().defaultLookup().find("__open_2").isPresent()
            ? CWords.libc("__open_2", false) : null;

    /** open(2) as declared, variadic: only where {@link #OPEN_2} is missing. */
    private static final class VariadicOpen {
        static final MethodHandle OPEN = Linker.nativeLinker().downcallHandle(Linker.nativeLinker().defaultLookup().findOrThrow("open"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    }

    /** Native memory for the path and what read() returns; freed with this reader (its collector). */
    private final MemorySegment path, chunk;
    private byte[] buf = new byte[16384];

    ProcFileReader() {
        Arena arena = Arena.ofAuto();
        path = arena.allocate(4096);
        chunk = arena.allocate(buf.length);
    }

    /**
     * The bytes of a file the kernel renders whole on the first read (a seq_file: stat, status, io,
     * cgroup and the like), valid until the next read; null when it cannot be read (the task exited).
     */
    byte[] read(String file) {
        return read(file, false);
    }

    /**
     * The same for /proc/PID/cmdline, which the kernel copies out of the process's memory a page
     * at a time: a short read is not its end, only a read of nothing is.
     */
    byte[] readCommandLine(String file) {
        return read(file, true);
    }

    private byte[] read(String file, boolean untilEmptyRead) {
        int fd = open(file);
        if (fd < 0) return null;
        try {
            return readAt(fd, untilEmptyRead);
        } finally {
            close(fd);
        }
    }

    /** A file descriptor for {@code file}, or -1 when it cannot be opened (the task exited). */
    int open(String file) {
        int n = file.length();
        if (n >= path.byteSize()) return -1;
        for (int i = 0; i < n; i++) {
            char c = file.charAt(i);
            if (c == 0 || c > 0x7f) return -1; // /proc paths are ASCII; anything else is not one of ours
            path.set(JAVA_BYTE, i, (byte) c);
        }
        path.set(JAVA_BYTE, n, (byte) 0);
        try {
            if (OPEN_2 != null) return (int) CWords.call(OPEN_2, path.address(), O_RDONLY | O_CLOEXEC);
            return (int) VariadicOpen.OPEN.invokeExact(path, O_RDONLY | O_CLOEXEC);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot open " + file, e);
        }
    }

    /**
     * The whole file behind {@code fd}, read from its start (pread at 0 makes a /proc file render
     * afresh, so a kept descriptor reads current values); null when the read fails, as it does once
     * the task is gone (ESRCH). A seq_file hands over all it rendered, up to the buffer's size, so a
     * short read is its end and spares a second pread; other files read on until a read returns 0.
     */
    byte[] readAt(int fd) {
        return readAt(fd, false);
    }

    private byte[] readAt(int fd, boolean untilEmptyRead) {
        try {
            int total = 0;
            for (;;) {
                long r = CWords.call(PREAD, (long) fd, chunk.address(), chunk.byteSize(), (long) total);
                if (r < 0) return null;
                if (total + r > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, (int) (total + r)));
                MemorySegment.copy(chunk, JAVA_BYTE, 0, buf, total, (int) r);
                total += (int) r;
                if (r == 0 || r < chunk.byteSize() && !untilEmptyRead) break;
            }
            length = total;
            return buf;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read fd " + fd, e);
        }
    }

    static void close(int fd) {
        try {
            long ignored = CWords.call(CLOSE, (long) fd);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot close fd " + fd, e);
        }
    }

    /** Length of the last successful {@link #read}. */
    int length;
}
