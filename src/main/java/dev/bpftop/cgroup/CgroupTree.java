package dev.bpftop.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every directory of the cgroup v2 hierarchy with its kernfs inode, which is the cgroup id the
 * kernel (and our BPF collector) reports. Cgroups that vanish during the walk are skipped.
 */
public final class CgroupTree {
    /** One cgroup: path relative to the mount ("/" for the root), inode id, depth (root = 0). */
    public record Node(String path, long id, int depth) {
        /** The parent's path, null for the root. */
        public String parent() {
            if (path.equals("/")) return null;
            int slash = path.lastIndexOf('/');
            return slash == 0 ? "/" : path.substring(0, slash);
        }
    }

    private CgroupTree() {}

    /** The hierarchy under {@code root}, parents before children. */
    public static List<Node> walk(Path root) {
        List<Node> out = new ArrayList<>();
        visit(root, "/", 0, out);
        return out;
    }

    /**
     * Adds the cgroup at {@code dir} and its descendants; false when {@code dir} is not a directory.
     * A cgroup directory holds dozens of interface files, so stat'ing every entry would dominate
     * the walk. Instead: kernfs sets a directory's link count to 2 + its subdirectories, so leaves
     * (most cgroups) are never listed, and in the others names that look like interface files are
     * stat'ed only when the plain-looking names did not account for every subdirectory.
     */
    private static boolean visit(Path dir, String path, int depth, List<Node> out) {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(dir, "unix:ino,nlink,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // removed while we walked
        }
        if (((Integer) attrs.get("mode") & S_IFMT) != S_IFDIR) return false;
        out.add(new Node(path, (Long) attrs.get("ino"), depth));
        int subdirs = (Integer) attrs.get("nlink") - 2;
        if (subdirs <= 0) return true;
        List<Path> interfaceLike = new ArrayList<>();
        int found = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (looksLikeInterfaceFile(child.getFileName().toString())) interfaceLike.add(child);
                else if (visit(child, childPath(path, child), depth + 1, out)) found++;
            }
        } catch (IOException e) {
            return true;
        }
        if (found < subdirs) {
            for (Path child : interfaceLike) visit(child, childPath(path, child), depth + 1, out);
        }
        return true;
    }

    private static final int S_IFMT = 0170000, S_IFDIR = 0040000;
    private static final Set<String> PREFIXES = Set.of("cgroup", "cpu", "cpuset", "io", "memory", "pids", "rdma",
            "hugetlb", "misc", "irq", "dmem");

    private static boolean looksLikeInterfaceFile(String name) {
        int dot = name.indexOf('.');
        return dot > 0 && PREFIXES.contains(name.substring(0, dot));
    }

    private static String childPath(String parent, Path child) {
        String name = child.getFileName().toString();
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    /** The cgroup directory's inode (its id), 0 when it does not exist. */
    public static long inode(Path dir) {
        try {
            return (Long) Files.getAttribute(dir, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
