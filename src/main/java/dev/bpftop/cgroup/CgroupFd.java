package dev.bpftop.cgroup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An open directory descriptor on one cgroup: writes through it (openat) reach that very cgroup,
 * never one made at the same path after it was removed; such a write fails with ENOENT or ENODEV,
 * which is reported as the cgroup having been removed. Closed when dropped.
 */
public final class CgroupFd {
    private final CgroupDir cgroup;
    private final int fd;

    private CgroupFd(CgroupDir cgroup, int fd) {
        this.cgroup = cgroup;
        this.fd = fd;
        Native.CLEANER.register(this, () -> Native.close(fd));
    }

    /** Opens the cgroup's directory as it is now; empty when it does not exist. */
    public static Optional<CgroupFd> open(CgroupDir c) {
        int fd = Native.openDirectory(c.dir().toString());
        return fd >= 0 ? Optional.of(new CgroupFd(c, fd)) : Optional.empty();
    }

    /** Opens the cgroup, or says it is gone. */
    public static CgroupFd require(CgroupDir c) throws CgroupException {
        return open(c).orElseThrow(() -> removed(c));
    }

    public CgroupDir cgroup() { return cgroup; }

    /** This very directory, for reads (the /proc magic link leads to it even if its path now names another). */
    public Path dir() { return Path.of("/proc/self/fd", Integer.toString(fd)); }

    /** Whether the cgroup still exists (a removed cgroup's files are gone from it). */
    public boolean exists() { return java.nio.file.Files.exists(dir().resolve("cgroup.events")); }

    public void write(String file, String value) throws CgroupException {
        int r = Native.writeAt(fd, file, value);
        if (r == 0) return;
        int errno = -r;
        Path path = cgroup.dir().resolve(file);
        throw switch (errno) {
            case Native.ENOENT, Native.ENODEV -> removed(cgroup);
            case Native.EACCES -> Freezer.denied(path, "write", false);
            case Native.EPERM -> Freezer.denied(path, "write", true);
            case Native.ESRCH -> new CgroupException("cannot move pid " + value + " into " + cgroup.path() + ": it exited");
            default -> new CgroupException("cannot write " + path + ": " + Native.describe(errno));
        };
    }

    static CgroupException removed(CgroupDir c) {
        return new CgroupException("cgroup " + c.path() + " was removed (by someone else, since the plan)");
    }
}
