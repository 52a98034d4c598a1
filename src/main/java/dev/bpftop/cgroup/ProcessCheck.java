package dev.bpftop.cgroup;

import dev.bpftop.collect.Task;
import java.util.Optional;

/**
 * Whether a pid still names the process a plan saw: its pidfd (taken at planning) says whether
 * that process lives, race-free; the start time in /proc says whether the pid now names another
 * (a pid is reused once its process is gone); and its cgroup whether it moved since.
 */
public final class ProcessCheck {
    private ProcessCheck() {}

    /**
     * Empty when {@code pid} is still the planned process (in {@code cgroup}, when not null);
     * otherwise why not, one line.
     *
     * @param startNs as the plan saw it, or {@link Task#UNKNOWN}
     * @param pidfd   taken at planning, or null where pidfds are missing
     */
    public static Optional<String> changed(long pid, long startNs, PidFd pidfd, String cgroup) {
        Optional<Long> now = Pids.startNs(pid);
        boolean gone = pidfd != null && !pidfd.alive();
        if (now.isEmpty()) return Optional.of("pid " + pid + " exited since the plan");
        if (gone) {
            return Optional.of("pid " + pid + " was reused: the planned process exited and pid " + pid + " is now "
                    + Pids.comm(pid) + " (started " + seconds(now.get()) + " after boot)");
        }
        if (startNs != Task.UNKNOWN && !Pids.sameStart(startNs, now.get())) {
            return Optional.of("pid " + pid + " was reused: it is now " + Pids.comm(pid) + ", started " + seconds(now.get())
                    + " after boot, not the planned process started " + seconds(startNs) + " after boot");
        }
        if (cgroup != null) {
            String where = Pids.cgroupOf(pid).orElse(null);
            if (where == null) return Optional.of("pid " + pid + " exited since the plan");
            if (!where.equals(cgroup)) return Optional.of("pid " + pid + " moved from " + cgroup + " to " + where + " since the plan");
        }
        return Optional.empty();
    }

    private static String seconds(long ns) { return String.format(java.util.Locale.ROOT, "%.2f s", ns / 1e9); }
}
