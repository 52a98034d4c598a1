package dev.bpftop.cgroup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cgroupfs writes behind FREEZE and THAW: cgroup.freeze, written through a descriptor on the
 * very cgroup that was planned, and waiting on its cgroup.events for the kernel to confirm.
 */
public final class Freezer {
    private final Duration timeout;

    public Freezer(Duration timeout) { this.timeout = timeout; }

    /** Freezes the cgroup and waits for the kernel to confirm; on timeout thaws it again and fails. */
    public long freeze(CgroupFd c) throws CgroupException {
        long t0 = System.nanoTime();
        c.write("cgroup.freeze", "1");
        if (await(c, true)) return (System.nanoTime() - t0) / 1_000_000;
        c.write("cgroup.freeze", "0");
        // the caller names the cgroup: FREEZE's error is "<path>: did not report frozen ..."
        throw new CgroupException("did not report frozen within " + timeout.toMillis()
                + " ms (a task stuck in uninterruptible sleep?); thawed it again");
    }

    /**
     * Thaws the cgroup; returns null when the kernel confirms, else why it stays frozen (a frozen
     * ancestor keeps its descendants frozen).
     */
    public String thaw(CgroupFd c) throws CgroupException {
        c.write("cgroup.freeze", "0");
        for (CgroupDir a = c.cgroup(); !a.isRoot(); ) {
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

    /** Waits for cgroup.events to say so; a cgroup removed meanwhile is said to be removed, not slow. */
    private boolean await(CgroupFd c, boolean frozen) throws CgroupException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.valueOf(frozen).equals(CgroupFiles.events(c.dir()).frozen())) {
            if (!c.exists()) throw CgroupFd.removed(c.cgroup());
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
}
