package dev.bpftop.cgroup;

import dev.bpftop.collect.CgroupMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a user's cgroup path into a cgroup directory, refusing anything that could reach outside
 * the v2 mount. Accepts "/a/b" and "a/b" (relative to the mount) and the full "/sys/fs/cgroup/…/a/b".
 */
public final class CgroupLookup {
    private final Path mount;

    private CgroupLookup(Path mount) { this.mount = mount; }

    public static CgroupLookup system() throws CgroupException {
        return new CgroupLookup(CgroupMount.v2().orElseThrow(
                () -> new CgroupException("no cgroup v2 hierarchy is mounted: FREEZE/THAW need cgroup v2")));
    }

    public CgroupDir of(String path) { return CgroupDir.of(mount, path); }

    public CgroupDir resolve(String userPath) throws CgroupException {
        if (userPath.isEmpty()) throw new CgroupException("empty cgroup path");
        for (String part : userPath.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw new CgroupException("refusing cgroup path '" + userPath + "': '" + part + "' is not allowed, name the cgroup directly");
            }
        }
        if (userPath.indexOf('\0') >= 0) throw new CgroupException("cgroup path '" + userPath + "' contains a NUL byte");
        String rel = userPath.replaceAll("/+", "/");
        Path asFile = Path.of(rel);
        if (asFile.isAbsolute() && asFile.startsWith(mount)) {
            rel = "/" + mount.relativize(asFile);
        } else if (asFile.isAbsolute() && !Files.isDirectory(mount.resolve(rel.substring(1))) && Files.exists(asFile)) {
            throw new CgroupException("refusing cgroup path '" + userPath + "': it is outside the cgroup v2 mount " + mount);
        }
        if (!rel.startsWith("/")) rel = "/" + rel;
        if (rel.length() > 1 && rel.endsWith("/")) rel = rel.substring(0, rel.length() - 1);
        CgroupDir c = CgroupDir.of(mount, rel);
        try {
            // a symlink planted in a delegated subtree must not lead elsewhere
            if (c.exists() && !c.dir().toRealPath().startsWith(mount.toRealPath())) {
                throw new CgroupException("refusing cgroup path '" + userPath + "': it leads outside the cgroup v2 mount " + mount);
            }
        } catch (IOException e) {
            throw new CgroupException("cannot read cgroup '" + userPath + "': " + e.getMessage());
        }
        if (!c.exists()) throw new CgroupException("no such cgroup: '" + userPath + "' (looked in " + c.dir() + ")");
        return c;
    }
}
