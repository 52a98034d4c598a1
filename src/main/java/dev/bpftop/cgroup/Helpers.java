package dev.bpftop.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Helper cgroups {@code bpftop.freeze/<pid>} that isolate one process from a shared cgroup. Each
 * records, before anything moves into it, where its process came from and which process it is
 * (user xattrs on the helper directory), so any later bpftop can move it back whatever moment
 * the one that made it died at.
 */
public final class Helpers {
    public static final String HELPER_DIR = "bpftop.freeze";
    private static final String ORIGIN_XATTR = "bpftop.origin", PROCESS_XATTR = "bpftop.process";

    private final CgroupLookup paths;
    private final Runnable moved;

    /** @param moved called after each move of a process between cgroups, so the collector reads cgroups afresh */
    public Helpers(CgroupLookup paths, Runnable moved) {
        this.paths = paths;
        this.moved = moved;
    }

    /** What a helper recorded: the cgroup its process came from, and that process. */
    public record Origin(String cgroup, long pid, long startNs) {}

    /** The helper cgroup that would isolate {@code pid}: {@code bpftop.freeze/<pid>} under {@code under}. */
    public static CgroupDir helperFor(long pid, CgroupDir under) { return under.child(HELPER_DIR).child(Long.toString(pid)); }

    public static boolean isHelper(CgroupDir c) {
        return !c.isRoot() && c.name().matches("[0-9]+") && !c.parent().isRoot() && c.parent().name().equals(HELPER_DIR);
    }

    /** The cgroup itself or its closest ancestor we may create a child in. */
    public static CgroupDir nearestWritable(CgroupDir c) throws CgroupException {
        for (CgroupDir a = c; ; a = a.parent()) {
            if (Files.isWritable(a.dir())) return a;
            if (a.isRoot()) throw Freezer.denied(a.dir(), "create a cgroup in", false);
        }
    }

    /** Every helper in {@code scope}, frozen or not, with a process or not. */
    public static List<CgroupDir> within(CgroupDir scope) {
        List<CgroupDir> out = new ArrayList<>();
        for (CgroupDir c : scope.subtree()) if (isHelper(c)) out.add(c);
        return out;
    }

    /**
     * Creates the helper (or takes over an empty one left behind), records the origin, re-checks
     * that {@code pid} is still the planned process in {@code origin}, moves it in and checks again.
     * Nothing is left behind when it fails before the move.
     */
    public CgroupFd isolate(long pid, long startNs, PidFd pidfd, CgroupDir origin, CgroupDir helper) throws CgroupException {
        boolean madeParent = mkdir(helper.parent());
        try {
            mkdir(helper);
        } catch (CgroupException e) {
            if (madeParent) removeQuietly(helper.parent());
            throw e;
        }
        CgroupFd fd = CgroupFd.require(helper);
        try {
            if (!procs(fd).isEmpty()) {
                throw new CgroupException("helper cgroup " + helper.path() + " already holds pids " + procs(fd)
                        + ": THAW CGROUP '" + helper.path() + "' first");
            }
            record(fd, new Origin(origin.path(), pid, startNs));
            StopPoint.reached(StopPoint.HELPER_MADE);
            Optional<String> changed = ProcessCheck.changed(pid, startNs, pidfd, origin.path());
            if (changed.isPresent()) throw new CgroupException.TargetChanged(changed.get() + ": not moved, not frozen");
            try {
                fd.write("cgroup.procs", Long.toString(pid));
            } finally {
                moved.run(); // even a failed write may have moved it
            }
            changed = ProcessCheck.changed(pid, startNs, pidfd, helper.path());
            if (changed.isPresent()) {
                throw new CgroupException.TargetChanged(changed.get() + " during the move: not frozen"
                        + (procs(fd).isEmpty() ? "" : "; what holds pid " + pid + " now sits in " + helper.path() + " (THAW PID " + pid + " moves it to " + origin.path() + ")"));
            }
            return fd;
        } catch (CgroupException e) {
            if (procs(fd).isEmpty()) {
                removeQuietly(helper);
                if (madeParent) removeQuietly(helper.parent());
            }
            throw e;
        }
    }

    /**
     * Moves the helper's processes back to the origin it recorded and removes it (and
     * bpftop.freeze once empty). Returns the outcome. A helper whose process is gone is only removed;
     * one with no record, an origin that is gone, or a different process at the recorded pid
     * stays as it is, and the exception says why and what to do.
     */
    public String restore(CgroupFd helper) throws CgroupException {
        CgroupDir h = helper.cgroup();
        List<Long> pids = procs(helper);
        if (pids.isEmpty()) {
            remove(h);
            removeQuietly(h.parent());
            return "helper removed (its process is gone)";
        }
        Origin o = origin(helper).orElseThrow(() -> new CgroupException("helper " + h.path() + " records no origin: pid "
                + pids.getFirst() + " stays in it, thawed; move it with: echo " + pids.getFirst() + " > <cgroup>/cgroup.procs"));
        CgroupDir origin = paths.of(o.cgroup());
        CgroupFd back = CgroupFd.open(origin).orElseThrow(() -> new CgroupException("pid " + pids.getFirst() + " stays in "
                + h.path() + ", thawed: its origin " + o.cgroup() + " is gone; move it with: echo " + pids.getFirst()
                + " > <cgroup>/cgroup.procs, then THAW CGROUP '" + h.path() + "'"));
        // only the recorded process and what it started since go back: nothing is moved into a cgroup it never came from
        List<Long> foreign = new ArrayList<>();
        for (long pid : pids) {
            if (!cameFrom(pid, o)) {
                foreign.add(pid);
                continue;
            }
            try {
                back.write("cgroup.procs", Long.toString(pid));
            } catch (CgroupException e) {
                if (Pids.exists(pid)) throw e; // a process that exited needs no moving
            } finally {
                moved.run();
            }
        }
        if (!foreign.isEmpty()) {
            throw new CgroupException.TargetChanged((foreign.size() == 1 ? "pid " + foreign.getFirst() + " in " + h.path() + " is not"
                    : "pids " + foreign + " in " + h.path() + " are not") + " the process bpftop moved there from " + o.cgroup()
                    + " (pid " + o.pid() + ") nor started by it: left there, thawed");
        }
        remove(h);
        removeQuietly(h.parent());
        return "moved back to " + origin.path() + ", helper removed";
    }

    /** Whether {@code pid} is the recorded process (same start) or a descendant of it. */
    private static boolean cameFrom(long pid, Origin o) {
        if (o.pid() < 0) return true; // recorded by a bpftop that kept only the origin
        if (pid == o.pid()) return Pids.startNs(pid).map(s -> Pids.sameStart(s, o.startNs())).orElse(false);
        boolean recordedAlive = Pids.startNs(o.pid()).map(s -> Pids.sameStart(s, o.startNs())).orElse(false);
        for (var p = ProcessHandle.of(pid).flatMap(ProcessHandle::parent); recordedAlive && p.isPresent(); p = p.get().parent()) {
            if (p.get().pid() == o.pid()) return true;
        }
        return false;
    }

    /** Removes a helper that holds no process; false when it holds one (rmdir refuses, atomically). */
    public static boolean removeIfEmpty(CgroupDir helper) {
        try {
            Files.deleteIfExists(helper.dir());
            removeQuietly(helper.parent());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the helper recorded, read through its descriptor. */
    public static Optional<Origin> origin(CgroupFd helper) {
        try {
            UserDefinedFileAttributeView v = view(helper);
            String cgroup = read(v, ORIGIN_XATTR);
            String[] process = v.list().contains(PROCESS_XATTR) ? read(v, PROCESS_XATTR).split(" ") : new String[] {"-1", "-1"};
            return Optional.of(new Origin(cgroup, Long.parseLong(process[0]), Long.parseLong(process[1])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void record(CgroupFd helper, Origin o) throws CgroupException {
        try {
            UserDefinedFileAttributeView v = view(helper);
            v.write(ORIGIN_XATTR, StandardCharsets.UTF_8.encode(o.cgroup()));
            v.write(PROCESS_XATTR, StandardCharsets.UTF_8.encode(o.pid() + " " + o.startNs()));
        } catch (IOException | UnsupportedOperationException e) {
            // without the record a process could not be moved back by a later bpftop: refuse to isolate
            throw new CgroupException("cannot record the origin on " + helper.cgroup().path() + " (user xattrs on cgroupfs need Linux 5.7+): "
                    + e.getMessage());
        }
    }

    private static String read(UserDefinedFileAttributeView v, String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.size(name));
        v.read(name, b);
        return StandardCharsets.UTF_8.decode(b.flip()).toString();
    }

    private static UserDefinedFileAttributeView view(CgroupFd c) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(c.dir(), UserDefinedFileAttributeView.class);
        if (v == null) throw new IOException("no user xattrs");
        return v;
    }

    private static List<Long> procs(CgroupFd c) {
        List<Long> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(c.dir().resolve("cgroup.procs"))) if (!line.isBlank()) out.add(Long.parseLong(line.trim()));
        } catch (IOException e) {
            // removed: holds nothing
        }
        return out;
    }

    /** Makes the directory; true when this call made it, false when it was there. */
    private static boolean mkdir(CgroupDir c) throws CgroupException {
        try {
            Files.createDirectory(c.dir());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw Freezer.failure(e, c.dir(), "create");
        }
    }

    private static void remove(CgroupDir c) throws CgroupException {
        // the last task may still count as inside for a moment after it moved
        for (int i = 0; ; i++) {
            try {
                Files.deleteIfExists(c.dir());
                return;
            } catch (IOException e) {
                if (i == 100) throw Freezer.failure(e, c.dir(), "remove");
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
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
}
