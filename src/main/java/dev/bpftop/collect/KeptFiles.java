package dev.bpftop.collect;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stat and status files of each process, opened by the first walk that reads them and kept
 * open for the next ones: a re-read is one pread() where open, read and close are three syscalls,
 * and the open and close (path walk, file and seq_file set-up and tear-down) are about half of the
 * kernel's time for these files. The live view reads both files of every process every tick.
 *
 * <p>Why a kept descriptor never shows another process: it refers to the process (the kernel's
 * struct pid), not to its number. Once the process is gone a read fails (ESRCH); the file is then
 * closed and the path opened afresh, which finds a new process that got the same pid, or nothing.
 * A stat or status file is never empty, so an empty read counts as a failure too.
 *
 * <p>Costs: two descriptors and about 9 KiB of kernel memory per process (the seq_file buffers).
 * All collectors of this JVM together keep at most half of the open-file limit; beyond it files are
 * opened and closed per read as before. Files of processes a walk no longer sees are closed after
 * it, all of them on {@link #close()}, and by a Cleaner if a collector is dropped unclosed.
 */
final class KeptFiles implements AutoCloseable {
    private static final int RLIMIT_NOFILE = 7;
    private static final int LIMIT = openFileLimit() / 2;
    private static final AtomicInteger KEPT = new AtomicInteger();
    private static final Cleaner CLEANER = Cleaner.create();

    enum Kind { STAT, STATUS }

    /** A process's descriptors: -1 where none is kept. */
    private static final class Fds {
        int stat = -1, status = -1;
    }

    /** The descriptors: the state a Cleaner closes, so it must not refer to this object. */
    private static final class Open implements Runnable {
        Map<Integer, Fds> known = new HashMap<>(), seen = new HashMap<>();

        @Override
        public void run() {
            closeAll(known);
            closeAll(seen);
        }
    }

    private final ProcFileReader reader;
    private final Open open = new Open();
    private final Cleaner.Cleanable cleanable;

    KeptFiles(ProcFileReader reader) {
        this.reader = reader;
        this.cleanable = CLEANER.register(this, open);
    }

    /** The file's bytes as {@link ProcFileReader#read} gives them; {@code path} is /proc/{pid}/stat or status. */
    byte[] read(int pid, Kind kind, String path) {
        Fds fds = open.known.remove(pid);
        if (fds == null) fds = open.seen.get(pid);
        if (fds == null) fds = new Fds();
        open.seen.put(pid, fds);
        int fd = kind == Kind.STAT ? fds.stat : fds.status;
        if (fd >= 0) {
            byte[] b = reader.readAt(fd);
            if (b != null && reader.length > 0) return b;
            release(fd);
            set(fds, kind, -1);
        }
        fd = reader.open(path);
        if (fd < 0) return null;
        byte[] b = reader.readAt(fd);
        if (b == null || reader.length == 0 || KEPT.incrementAndGet() > LIMIT) {
            if (b != null && reader.length > 0) KEPT.decrementAndGet();
            ProcFileReader.close(fd);
            return b;
        }
        set(fds, kind, fd);
        return b;
    }

    /** After a walk: closes the files of processes it did not read. */
    void endWalk() {
        closeAll(open.known);
        open.known = open.seen;
        open.seen = new HashMap<>(open.known.size() * 2);
    }

    @Override
    public void close() { cleanable.clean(); }

    private static void set(Fds fds, Kind kind, int fd) {
        if (kind == Kind.STAT) fds.stat = fd;
        else fds.status = fd;
    }

    private static void closeAll(Map<Integer, Fds> map) {
        for (Fds fds : map.values()) {
            if (fds.stat >= 0) release(fds.stat);
            if (fds.status >= 0) release(fds.status);
        }
        map.clear();
    }

    private static void release(int fd) {
        ProcFileReader.close(fd);
        KEPT.decrementAndGet();
    }

    /** The soft RLIMIT_NOFILE (the JVM raises it to the hard limit at start); 0 when unknown, which keeps nothing. */
    private static int openFileLimit() {
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle getrlimit = CWords.libc("getrlimit", false);
            MemorySegment rlim = arena.allocate(16);
            int rc = (int) CWords.call(getrlimit, (long) RLIMIT_NOFILE, rlim.address());
            long soft = rlim.get(ValueLayout.JAVA_LONG, 0);
            return rc != 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, soft < 0 ? Integer.MAX_VALUE : soft);
        } catch (Throwable t) {
            return 0;
        }
    }
}
