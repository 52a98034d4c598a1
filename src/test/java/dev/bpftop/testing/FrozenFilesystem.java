package dev.bpftop.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small real ext4 filesystem in an image file, loop-mounted and then frozen with fsfreeze: a
 * process that writes into it blocks in uninterruptible sleep (D) until {@link #thaw()}. That is
 * the one state the cgroup freezer cannot stop a task in. {@link #close()} thaws, unmounts,
 * detaches the loop device and deletes the image, whatever happened before.
 */
public final class FrozenFilesystem implements AutoCloseable {
    private final Path image;
    private final Path mountpoint;
    private boolean mounted;
    private boolean frozen;

    private FrozenFilesystem(Path image, Path mountpoint) {
        this.image = image;
        this.mountpoint = mountpoint;
    }

    /** Needs root, loop devices, mkfs.ext4 (e2fsprogs) and fsfreeze (util-linux); see {@link #require()}. */
    public static FrozenFilesystem create(Path dir) throws IOException {
        FrozenFilesystem fs = new FrozenFilesystem(dir.resolve("fs.img"), dir.resolve("mnt"));
        try {
            run("truncate", "-s", "16M", fs.image.toString());
            run("mkfs.ext4", "-q", "-F", fs.image.toString());
            Files.createDirectories(fs.mountpoint);
            run("mount", "-o", "loop", fs.image.toString(), fs.mountpoint.toString());
            fs.mounted = true;
            run("fsfreeze", "-f", fs.mountpoint.toString());
            fs.frozen = true;
            return fs;
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    /** What {@link #create} needs, checked the Require way (skips locally, fails under CI=true). */
    public static void require() {
        Require.root();
        Require.that(Files.exists(Path.of("/dev/loop-control")), "loop devices (/dev/loop-control)");
        for (String tool : new String[] {"mkfs.ext4", "fsfreeze", "losetup", "mount", "umount"}) {
            Require.that(onPath(tool), tool + " on PATH");
        }
    }

    public Path mountpoint() { return mountpoint; }

    /** Lets blocked writers go on; idempotent. */
    public void thaw() throws IOException {
        if (!frozen) return;
        run("fsfreeze", "-u", mountpoint.toString());
        frozen = false;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            thaw();
        } catch (IOException e) {
            first = e;
        }
        if (mounted) {
            // a writer killed just now may still hold its file open for a moment
            for (int i = 0; mounted; i++) {
                try {
                    run("umount", mountpoint.toString());
                    mounted = false;
                } catch (IOException e) {
                    if (i == 50) {
                        if (first == null) first = e;
                        break;
                    }
                    sleep();
                }
            }
        }
        // mount -o loop sets autoclear, so umount detaches the device; detach by hand if it did not
        String loops = runQuietly("losetup", "-j", image.toString());
        for (String line : loops.split("\n")) {
            if (line.contains(":")) runQuietly("losetup", "-d", line.substring(0, line.indexOf(':')));
        }
        Files.deleteIfExists(image);
        if (!mounted) Files.deleteIfExists(mountpoint);
        if (first != null) throw first;
    }

    private static String run(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", argv) + ": interrupted", e);
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", argv) + ": exit " + p.exitValue() + ": " + out.strip());
        return out;
    }

    private static String runQuietly(String... argv) {
        try {
            return run(argv);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
