package dev.bpftop.cgroup;

/**
 * Named points between the cgroupfs writes of FREEZE and THAW where a test may have bpftop killed
 * with SIGKILL (system property {@code bpftop.test.stopAfter}), to show that no moment of dying
 * strands a process for good. Nothing sets it outside the tests.
 */
public final class StopPoint {
    /** The helper exists and records its origin; nothing moved yet. */
    public static final String HELPER_MADE = "helper-made";
    /** The process is in its helper; cgroup.freeze not written yet. */
    public static final String MOVED = "moved";
    /** The helper is thawed; its process not moved back yet. */
    public static final String THAWED = "thawed";

    private static final String PROPERTY = "bpftop.test.stopAfter";

    private StopPoint() {}

    public static void reached(String point) {
        if (!point.equals(System.getProperty(PROPERTY))) return;
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(60_000);
        } catch (Exception e) {
            Runtime.getRuntime().halt(137);
        }
        Runtime.getRuntime().halt(137);
    }
}
