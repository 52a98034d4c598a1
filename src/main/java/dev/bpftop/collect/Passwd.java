package dev.bpftop.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * The passwd file behind user names, read again when it changes: a live view left running for
 * days must show a user added since. Asking costs one stat; the file is read only when its
 * inode, size or modification time moved (useradd and vipw replace it, an editor may rewrite it
 * in place).
 */
public final class Passwd {
    private final Path file;
    private Version seen;
    private UserNames names = UserNames.NONE;

    public Passwd() { this(Path.of("/etc/passwd")); }

    /** Tests pass a file of their own. */
    public Passwd(Path file) { this.file = file; }

    /** The names as the file says now. */
    public synchronized UserNames names() {
        Version now = Version.of(file);
        if (!Objects.equals(now, seen)) {
            names = now == null ? UserNames.NONE : UserNames.read(file);
            seen = now;
        }
        return names;
    }

    /** What tells two states of the file apart without reading it; null when there is no file. */
    private record Version(Object inode, long size, FileTime modified) {
        static Version of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Version(a.fileKey(), a.size(), a.lastModifiedTime());
            } catch (IOException e) {
                return null; // no file (or none we may read): numbers only
            }
        }
    }
}
