package dev.bpftop.testing;

import dev.bpftop.collect.CgroupMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real cgroup v2 directory made for one test under a unique name, removed on close: processes
 * still inside (threaded cgroups included) are moved back to the root cgroup first, the tree is
 * thawed and removed bottom-up.
 */
public final class ScratchCgroup implements AutoCloseable {
    private final Path root;
    private final Path dir;
    private final Path top;

    private ScratchCgroup(Path root, Path top, Path dir) {
        this.root = root;
        this.top = top;
        this.dir = dir;
    }

    /** A fresh cgroup at {@code relative} under the v2 mount, e.g. "bpftop-test-XXXX/system.slice/a.service". */
    public static ScratchCgroup create(String relative) throws IOException {
        Path root = CgroupMount.v2().orElseThrow(() -> new IllegalStateException("no cgroup v2 mount"));
        Path dir = root.resolve(relative);
        Path top = root.resolve(Path.of(relative).getName(0).toString());
        Files.createDirectories(dir);
        return new ScratchCgroup(root, top, dir);
    }

    /** A unique top-level name for one test run. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Path dir() { return dir; }

    /** Path relative to the v2 mount, starting with "/". */
    public String path() { return "/" + root.relativize(dir); }

    public void add(long pid) throws IOException {
        Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
    }

    public long id() throws IOException {
        return (Long) Files.getAttribute(dir, "unix:ino");
    }

    @Override
    public void close() throws IOException {
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(top)) {
            dirs = new ArrayList<>(walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList());
        }
        for (Path d : dirs) {
            writeQuietly(d.resolve("cgroup.freeze"), "0");
            // cgroup.threads, since a threaded cgroup cannot list its procs; any tid moves its whole process.
            Path threads = d.resolve("cgroup.threads");
            if (Files.exists(threads)) {
                for (String tid : Files.readAllLines(threads)) writeQuietly(root.resolve("cgroup.procs"), tid);
            }
        }
        for (Path d : dirs) {
            for (int i = 0; i < 50; i++) {
                try {
                    Files.delete(d);
                    break;
                } catch (IOException e) {
                    sleep(); // a just-moved task may still count as inside for a moment
                }
            }
        }
    }

    private static void writeQuietly(Path f, String v) {
        try {
            Files.writeString(f, v);
        } catch (IOException e) {
            // the task left, or the file does not exist on this kernel
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
