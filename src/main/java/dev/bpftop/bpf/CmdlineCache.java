package dev.bpftop.bpf;

import dev.bpftop.collect.ProcfsCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command lines between walks, per process (a pid together with its start time, so a reused pid
 * is a new process), forgotten when the process is gone: the kernel walk's copies, which it does
 * not repeat while a process's argv is unchanged, and /proc/PID/cmdline, read once per process,
 * where the walk could not copy.
 */
final class CmdlineCache {
    private Map<Long, String> known = new HashMap<>();
    private Map<Long, String> seen = new HashMap<>();

    /** The command line kept for this process, read from /proc if there is none. */
    String get(int pid, long startNs) {
        String cmdline = known.get(key(pid, startNs));
        return put(pid, startNs, cmdline == null ? read(pid) : cmdline);
    }

    /** Keeps a fresh command line; returns it. */
    String put(int pid, long startNs, String cmdline) {
        seen.put(key(pid, startNs), cmdline);
        return cmdline;
    }

    private static long key(int pid, long startNs) { return ((long) pid << 32) ^ startNs; }

    /** Forgets processes not asked about since the previous call. */
    void retainSeen() {
        known = seen;
        seen = new HashMap<>(known.size() * 2);
    }

    private static String read(int pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            return ProcfsCollector.joinArgs(raw, raw.length);
        } catch (IOException e) {
            return ""; // exited since the walk
        }
    }
}
