package dev.bpftop.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bpftop.collect.CgroupMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Preconditions for tests that need root, BPF or cgroup v2. They skip on a developer's laptop but
 * fail under CI=true, where everything they need is present: a skipped core test in CI is a bug.
 */
public final class Require {
    private Require() {}

    public static boolean inCi() { return "true".equalsIgnoreCase(System.getenv("CI")); }

    public static void that(boolean condition, String what) {
        if (condition) return;
        if (inCi()) fail("required under CI=true but missing: " + what);
        assumeTrue(false, "skipped: " + what);
    }

    public static void root() {
        that("root".equals(System.getProperty("user.name")) || isUid0(), "running as root");
    }

    public static void cgroupV2() {
        that(CgroupMount.v2().isPresent(), "a cgroup v2 mount");
    }

    /** Inside a bin/vmtest guest (its init sets the variable to the kernel series booted). */
    public static boolean inVmGuest() { return System.getenv("BPFTOP_VM_KERNEL") != null; }

    /**
     * Controllers enabled for the v2 root's children. A hybrid host has none there, so tests that
     * need them skip on it, even under CI=true; bin/vmtest's guests enable them to run exactly
     * these tests, so there they are required.
     */
    public static void v2Controllers(String... names) throws IOException {
        cgroupV2();
        Path control = CgroupMount.v2().orElseThrow().resolve("cgroup.subtree_control");
        Set<String> enabled = Set.of(Files.readString(control).trim().split(" "));
        String what = "cgroup v2 controllers " + String.join(", ", names) + " in " + control;
        if (inVmGuest()) that(enabled.containsAll(List.of(names)), what);
        else assumeTrue(enabled.containsAll(List.of(names)), "skipped: " + what);
    }

    private static boolean isUid0() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
