package dev.bpftop.testing;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An independent, exact reader of a process's CPU time: its POSIX CPU clock
 * (clock_getcpuclockid(3)), for which the kernel brings a running task's runtime up to date
 * before answering, unlike /proc/PID/schedstat (up to a scheduler tick behind) or /proc/PID/stat
 * (10 ms ticks).
 */
public final class CpuClock {
    private static final int CPUCLOCK_SCHED = 2;
    private static final MethodHandle CLOCK_GETTIME = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    private CpuClock() {}

    /** CPU nanoseconds the whole process has used, exact at the moment of the call. */
    public static long processNs(int pid) {
        int clock = (~pid << 3) | CPUCLOCK_SCHED; // MAKE_PROCESS_CPUCLOCK in the kernel's posix-timers.h
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(16);
            int rc = (int) CLOCK_GETTIME.invokeExact(clock, ts);
            if (rc != 0) throw new IllegalStateException("clock_gettime on pid " + pid + " failed");
            return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * The scheduler tick (1/CONFIG_HZ) in nanoseconds, from the kernel's own config where it is
     * published, else 10 ms (HZ=100, the coarsest a kernel is built with).
     */
    public static long schedulerTickNs() {
        Pattern hz = Pattern.compile("(?m)^CONFIG_HZ=(\\d+)$");
        for (Path config : new Path[] {Path.of("/proc/config.gz"), Path.of("/boot/config-" + release())}) {
            try {
                byte[] raw = Files.readAllBytes(config);
                String text = config.toString().endsWith(".gz")
                        ? new String(new GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes())
                        : new String(raw);
                Matcher m = hz.matcher(text);
                if (m.find()) return 1_000_000_000L / Long.parseLong(m.group(1));
            } catch (IOException | RuntimeException e) {
                // not published here; try the next place
            }
        }
        return 10_000_000L;
    }

    private static String release() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
