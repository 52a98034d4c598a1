package dev.bpftop.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Caches whose contents decide what a root process runs or reads (kept plans hold code, a cut BTF
 * decides the offsets the BPF walk reads) are used only from directories and files that this
 * process's user owns and no one else can write.
 */
public final class UserOnlyFiles {
    private UserOnlyFiles() {}

    /** This process's uid. */
    public static int uid() throws IOException { return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"); }

    /** Makes {@code dir} (owner-only, its parents as usual) if it does not exist. */
    public static void makeDirectory(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Owned by {@code uid} and writable by no one else (not followed if a link). */
    public static boolean ownedAlone(Path p, int uid) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        return (Integer) a.get("uid") == uid && ((Integer) a.get("mode") & 0022) == 0;
    }
}
