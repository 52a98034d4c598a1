package dev.bpftop.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The cgroupfs writes behind FREEZE and THAW: cgroup.freeze and waiting on cgroup.events, and the
 * helper cgroup {@code bpftop.freeze/<pid>} that isolates one process from a shared cgroup.
 */
public final class Freezer {
    public static final String HELPER_DIR = "bpftop.freeze";
    /** Where an isolated process came from, kept on the helper cgroup so a later bpftop can move it back. */
    private static final String ORIGIN_XATTR = "bpftop.origin";

    private final CgroupLookup paths;
    private final Duration timeout;
    private final Runnable moved;

    /**
     * @param moved called after each move of a process between cgroups, so that whoever keeps
     *              processes' cgroups between walks reads them afresh
     */
    public Freezer(CgroupLookup paths, Duration timeout, Runnable moved) {
        this.paths = paths;
        this.timeout = timeout;
        this.moved = moved;
    }

    /** Freezes {@code c} and waits for the kernel to confirm; on timeout thaws it again and fails. */
    public long freeze(CgroupDir c) throws CgroupException {
        long t0 = System.nanoTime();
        write(c.dir().resolve("cgroup.freeze"), "1");
        if (await(c, true)) return (System.nanoTime() - t0) / 1_000_000;
        write(c.dir().resolve("cgroup.freeze"), "0");
        // the caller names the cgroup: FREEZE's error is "<path>: did not report frozen ..."
        throw new CgroupException("did not report frozen within " + timeout.toMillis()
                + " ms (a task stuck in uninterruptible sleep?); thawed it again");
    }

    /**
     * Thaws {@code c}; returns null when the kernel confirms, else why it stays frozen (a frozen
     * ancestor keeps its descendants frozen).
     */
    public String thaw(CgroupDir c) throws CgroupException {
        write(c.dir().resolve("cgroup.freeze"), "0");
        for (CgroupDir a = c; !a.isRoot(); ) {
            a = a.parent();
            try {
                if (a.freezeRequested()) return "still frozen: its ancestor " + a.path() + " is frozen";
            } catch (IOException e) {
                // unreadable ancestor: wait below tells
            }
        }
        if (await(c, false)) return null;
        return "did not report thawed within " + timeout.toMillis() + " ms";
    }

    private boolean await(CgroupDir c, boolean frozen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (c.frozen() != frozen) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The helper cgroup that would isolate {@code pid}: {@code bpftop.freeze/<pid>} under {@code under}. */
    public static CgroupDir helperFor(long pid, CgroupDir under) { return under.child(HELPER_DIR).child(Long.toString(pid)); }

    public static boolean isHelper(CgroupDir c) {
        return !c.isRoot() && c.name().matches("[0-9]+") && !c.parent().isRoot() && c.parent().name().equals(HELPER_DIR);
    }

    /** The cgroup itself or its closest ancestor we may create a child in. */
    public static CgroupDir nearestWritable(CgroupDir c) throws CgroupException {
        for (CgroupDir a = c; ; a = a.parent()) {
            if (Files.isWritable(a.dir())) return a;
            if (a.isRoot()) throw denied(a.dir(), "create a cgroup in", false);
        }
    }

    /**
     * Creates the helper, records where {@code pid} came from and moves it in; undoes all on failure.
     * cgroup v2's "no internal processes" rule does not get in the way: a non-root cgroup that holds
     * processes cannot have domain controllers enabled for its children, so the helper is a leaf
     * with none, and the freezer is a core feature that needs no controller.
     */
    public CgroupDir isolate(long pid, CgroupDir origin, CgroupDir helper) throws CgroupException {
        CgroupDir parent = helper.parent();
        boolean madeParent = false;
        try {
            if (!Files.isDirectory(parent.dir())) {
                Files.createDirectory(parent.dir());
                madeParent = true;
            }
            Files.createDirectory(helper.dir());
        } catch (IOException e) {
            if (madeParent) removeQuietly(parent);
            throw failure(e, helper.dir(), "create");
        }
        try {
            setOrigin(helper, origin);
            move(helper, pid);
            return helper;
        } catch (CgroupException e) {
            removeQuietly(helper);
            if (madeParent) removeQuietly(parent);
            throw e;
        }
    }

    /**
     * Moves the processes of helper cgroup back where they came from and removes the helper (and
     * bpftop.freeze once empty). Returns where they went.
     */
    public CgroupDir restore(CgroupDir helper, CgroupDir fallback) throws CgroupException {
        CgroupDir origin = origin(helper).orElse(fallback);
        List<Long> pids;
        try {
            pids = helper.procs();
        } catch (IOException e) {
            throw failure(e, helper.dir().resolve("cgroup.procs"), "read");
        }
        for (long pid : pids) {
            try {
                move(origin, pid);
            } catch (CgroupException e) {
                if (Pids.exists(pid)) throw e; // a process that exited needs no moving
            }
        }
        remove(helper);
        removeQuietly(helper.parent());
        return origin;
    }

    private void setOrigin(CgroupDir helper, CgroupDir origin) {
        try {
            view(helper).write(ORIGIN_XATTR, StandardCharsets.UTF_8.encode(origin.path()));
        } catch (IOException | UnsupportedOperationException e) {
            // kernels before 5.7 have no user xattrs on cgroupfs: THAW falls back to the helper's parent
        }
    }

    private Optional<CgroupDir> origin(CgroupDir helper) {
        try {
            UserDefinedFileAttributeView v = view(helper);
            ByteBuffer b = ByteBuffer.allocate(v.size(ORIGIN_XATTR));
            v.read(ORIGIN_XATTR, b);
            return Optional.of(paths.resolve(StandardCharsets.UTF_8.decode(b.flip()).toString()));
        } catch (IOException | UnsupportedOperationException | CgroupException e) {
            return Optional.empty(); // no record, or the cgroup it names is gone
        }
    }

    private static UserDefinedFileAttributeView view(CgroupDir c) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(c.dir(), UserDefinedFileAttributeView.class);
        if (v == null) throw new IOException("no user xattrs");
        return v;
    }

    private static void remove(CgroupDir c) throws CgroupException {
        // the last task may still count as inside for a moment after it moved
        for (int i = 0; ; i++) {
            try {
                Files.deleteIfExists(c.dir());
                return;
            } catch (IOException e) {
                if (i == 100) throw failure(e, c.dir(), "remove");
                sleep();
            }
        }
    }

    private static void removeQuietly(CgroupDir c) {
        try {
            Files.deleteIfExists(c.dir());
        } catch (IOException e) {
            // not empty (another isolated process) or already gone
        }
    }

    private void move(CgroupDir into, long pid) throws CgroupException {
        try {
            write(into.dir().resolve("cgroup.procs"), Long.toString(pid));
        } finally {
            moved.run(); // even a failed write may have moved it
        }
    }

    static void write(Path file, String value) throws CgroupException {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw failure(e, file, "write");
        }
    }

    /** An I/O failure as one line; permission problems name the capability that is missing. */
    static CgroupException failure(IOException e, Path file, String verb) {
        if (e instanceof AccessDeniedException) return denied(file, verb, false);
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        if (reason != null && reason.contains("Operation not permitted")) return denied(file, verb, true);
        if (e instanceof NoSuchFileException) reason = "no such file";
        return new CgroupException("cannot " + verb + " " + file + ": " + reason);
    }

    /**
     * EACCES is file permissions (CAP_DAC_OVERRIDE). A cgroup v2 write answers EPERM in one case
     * only, whatever the capabilities: on an nsdelegate hierarchy, a writer inside a cgroup namespace
     * writing its namespace root's files (cgroup_file_write in the kernel).
     */
    public static CgroupException denied(Path file, String verb, boolean eperm) {
        return new CgroupException("permission denied: cannot " + verb + " " + file
                + (eperm ? " (the root of bpftop's cgroup namespace is delegated: act on it from the host's cgroup namespace)"
                        : " (needs CAP_DAC_OVERRIDE or ownership of the cgroup; run as root)"));
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
