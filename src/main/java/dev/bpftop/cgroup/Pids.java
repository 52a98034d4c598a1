package dev.bpftop.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What freezing needs to know about one process, read live from /proc. */
public final class Pids {
    private static final long PF_KTHREAD = 0x00200000;

    private Pids() {}

    /** The process's cgroup v2 path ("0::/a/b" in /proc/PID/cgroup); empty when it is gone. */
    public static Optional<String> cgroupOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                if (line.startsWith("0::")) return Optional.of(line.substring(3));
            }
        } catch (IOException e) {
            // exited
        }
        return Optional.empty();
    }

    /** The kernel's comm, unsanitized (the caller decides how to show it); "?" when gone. */
    public static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    public static boolean exists(long pid) { return Files.isDirectory(Path.of("/proc", Long.toString(pid))); }

    /** PF_KTHREAD in the flags field of /proc/PID/stat: kernel threads ignore the cgroup freezer. */
    public static boolean isKernelThread(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after "(comm)": state ppid pgrp session tty_nr tpgid flags …
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[6]) & PF_KTHREAD) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
