package dev.bpftop.enrich.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The smallest image a test container needs, imported rather than pulled (no registry is reachable
 * here): a root filesystem of busybox alone, with {@code sh} and {@code sleep} linked to it.
 */
final class BusyboxRootfs {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxRootfs() {}

    static boolean available() { return Files.isExecutable(BUSYBOX); }

    /** Streams the root filesystem as a tar into {@code importCommand}'s stdin (e.g. {@code podman import - NAME}). */
    static void importWith(List<String> importCommand) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("tiny-rootfs");
        try {
            Path bin = Files.createDirectories(root.resolve("bin"));
            Files.copy(BUSYBOX, bin.resolve("busybox"));
            Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
            Files.createSymbolicLink(bin.resolve("sleep"), Path.of("busybox"));
            Commands.run(List.of("sh", "-c", "tar -C \"$0\" -c . | \"$@\"", root.toString()), importCommand);
        } finally {
            Commands.run(List.of("rm", "-rf", root.toString()));
        }
    }
}
