package dev.bpftop.cgroup;

import dev.bpftop.collect.ProcCgroupParser;
import dev.bpftop.collect.RawText;
import dev.bpftop.collect.StatParser;
import dev.bpftop.collect.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What freezing needs to know about one process, read live from /proc. */
public final class Pids {
    private Pids() {}

    /** The process's cgroup v2 path ("0::/a/b" in /proc/PID/cgroup); empty when it is gone. */
    public static Optional<String> cgroupOf(long pid) {
        try {
            byte[] cgroup = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cgroup"));
            return Optional.ofNullable(ProcCgroupParser.v2Path(cgroup, cgroup.length));
        } catch (IOException e) {
            return Optional.empty(); // exited
        }
    }

    /** The kernel's comm, unsanitized (the caller decides how to show it); "?" when gone. */
    public static String comm(long pid) {
        try {
            byte[] comm = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "comm"));
            int end = comm.length > 0 && comm[comm.length - 1] == '\n' ? comm.length - 1 : comm.length;
            return RawText.decode(comm, 0, end);
        } catch (IOException e) {
            return "?";
        }
    }

    /** When the process started, ns after boot at the kernel's tick granularity; empty when it is gone. */
    public static Optional<Long> startNs(long pid) {
        try {
            Task t = new Task();
            return StatParser.parse(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")), t)
                    ? Optional.of(t.startNs) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // exited
        }
    }

    /** Two start times name the same process: /proc counts in ticks, the BPF walk in ns. */
    public static boolean sameStart(long a, long b) { return a / StatParser.TICK_NS == b / StatParser.TICK_NS; }

    public static boolean exists(long pid) { return Files.isDirectory(Path.of("/proc", Long.toString(pid))); }

    /** PF_KTHREAD in the flags field of /proc/PID/stat: kernel threads ignore the cgroup freezer. */
    public static boolean isKernelThread(long pid) {
        try {
            Task t = new Task();
            return StatParser.parse(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")), t)
                    && t.kernelThread;
        } catch (IOException e) {
            return false; // exited
        }
    }
}
