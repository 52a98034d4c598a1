package dev.bpftop.bpf;

import dev.bpftop.collect.ProcfsCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command lines from /proc/PID/cmdline for when the kernel walk could not copy them: read once
 * per process (a pid together with its start time, so a reused pid is read again) and forgotten
 * when the process is gone.
 */
final class CmdlineCache {
    private Map<Long, String> known = new HashMap<>();
    private Map<Long, String> seen = new HashMap<>();

    String get(int pid, long startNs) {
        long key = ((long) pid << 32) ^ startNs;
        String cmdline = known.get(key);
        if (cmdline == null) cmdline = read(pid);
        seen.put(key, cmdline);
        return cmdline;
    }

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
