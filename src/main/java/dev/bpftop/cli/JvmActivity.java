package dev.bpftop.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.util.List;

/**
 * What the JVM did around a timed collection: time in garbage collection (which stops the
 * collecting thread), time the JIT compilers spent (on other threads, but on the same two cores),
 * and bytes this thread allocated. Milliseconds are what the JVM's beans count in.
 */
final class JvmActivity {
    record Reading(long gcCount, long gcMs, long jitMs, long allocated) {
        Reading since(Reading before) {
            return new Reading(gcCount - before.gcCount, gcMs - before.gcMs, jitMs - before.jitMs, allocated - before.allocated);
        }
    }

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final com.sun.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t ? t : null;

    JvmActivity() { read(); }

    /** This thread's CPU time in ns (0 where the JVM cannot say): exact, unlike schedstat's, which moves once a tick. */
    long threadCpuNs() { return threads != null ? Math.max(0, threads.getCurrentThreadCpuTime()) : 0; }

    /**
     * The JVM's uptime in ms, as -Xlog's "uptime" counts. The bean is looked up here, with the
     * others, before the warm-up: looking it up first at the timed loop had C1 compile ~50 of
     * ManagementFactory's methods inside the first timed collections.
     */
    long uptimeMs() { return runtime.getUptime(); }

    /** The JIT compilers' total time so far in ms (0 where the JVM does not say). */
    long compileMs() { return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0; }

    Reading read() {
        long count = 0, ms = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        long compiled = compileMs();
        long allocated = threads != null ? threads.getCurrentThreadAllocatedBytes() : 0;
        return new Reading(count, ms, compiled, allocated);
    }
}
