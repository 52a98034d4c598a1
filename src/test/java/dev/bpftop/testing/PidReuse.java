package dev.bpftop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the kernel hand a pid that was just freed to a new process, as pid reuse does after a
 * wrap-around: root writes pid-1 to /proc/sys/kernel/ns_last_pid and starts the process at once.
 * Another fork on the machine may take the pid first, so it tries again.
 */
public final class PidReuse {
    private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

    private PidReuse() {}

    /** Starts {@code script} in /bin/sh with pid {@code pid}, which must be free (its process reaped). */
    public static Spawned shellAt(int pid, String script) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            Spawned s;
            synchronized (PidReuse.class) {
                Files.writeString(LAST_PID, Integer.toString(pid - 1));
                s = Spawned.shell(script);
            }
            if (s.pid() == pid) return s;
            s.close();
        }
        throw new IllegalStateException("could not get pid " + pid + " again in 200 attempts");
    }
}
