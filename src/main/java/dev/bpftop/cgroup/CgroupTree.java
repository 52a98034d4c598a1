package dev.bpftop.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    private static void visit(Path dir, String path, int depth, List<Node> out) {
        long id = inode(dir);
        if (id == 0) return;
        out.add(new Node(path, id, depth));
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                visit(child, path.equals("/") ? "/" + name : path + "/" + name, depth + 1, out);
            }
        } catch (IOException e) {
            // removed while we walked
        }
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
