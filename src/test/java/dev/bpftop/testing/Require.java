package dev.bpftop.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bpftop.collect.CgroupMount;

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

    private static boolean isUid0() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }
}
