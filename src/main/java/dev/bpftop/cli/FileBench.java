package dev.bpftop.cli;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileScope;
import dev.bpftop.collect.FileSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * `bpftop bench --files`: times whole-system collections of open files and sockets (what a query
 * on open_files or sockets pays), between the same strace markers as the task walk's bench, and
 * the collector's phases (the descriptor walk, the socket iterators, building the rows). Beside
 * the wall time, the collecting thread's CPU time (the BPF programs run in its read() calls): on
 * a shared machine the wall time includes waits for a CPU, which the CPU time does not.
 */
final class FileBench {
    private FileBench() {}

    /** --files' argument, or null for none of the scopes. */
    static FileScope scope(String name) {
        for (FileScope s : FileScope.values()) if (s.name().equalsIgnoreCase(name)) return s;
        return null;
    }

    static int run(FileSource source, String backend, FileScope scope, int iterations, int warmup, boolean json) {
        for (int i = 0; i < warmup; i++) source.collect(null, scope);
        long[] ns = new long[iterations];
        long[] cpuNs = new long[iterations];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, long[]> phases = new LinkedHashMap<>();
        FileList last = null;
        Files.exists(BenchCommand.START_MARK);
        for (int i = 0; i < iterations; i++) {
            long c0 = threads.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            last = source.collect(null, scope);
            ns[i] = System.nanoTime() - t0;
            cpuNs[i] = threads.getCurrentThreadCpuTime() - c0;
            int at = i;
            source.lastWalk().phaseNs().forEach((k, v) -> phases.computeIfAbsent(k, x -> new long[iterations])[at] = v);
        }
        Files.exists(BenchCommand.END_MARK);
        Arrays.sort(ns);
        Arrays.sort(cpuNs);
        double cpuMedian = BenchCommand.percentile(cpuNs, 50) / 1e6;
        long sockets = last.files().stream().filter(f -> f.socket() != null).count() + last.unheldSockets().size();
        double min = ns[0] / 1e6, median = BenchCommand.percentile(ns, 50) / 1e6, p95 = BenchCommand.percentile(ns, 95) / 1e6;
        StringBuilder medians = new StringBuilder();
        for (Map.Entry<String, long[]> e : phases.entrySet()) {
            long[] v = e.getValue();
            Arrays.sort(v);
            medians.append(String.format(Locale.ROOT, json ? "%s\"%s\":%.3f" : "%s%s %.3f ms",
                    medians.isEmpty() ? "" : json ? "," : ", ", e.getKey(), BenchCommand.percentile(v, 50) / 1e6));
        }
        String name = scope.name().toLowerCase(Locale.ROOT);
        if (json) {
            System.out.printf(Locale.ROOT, "{\"backend\":\"%s\",\"source\":\"%s\",\"scope\":\"%s\",\"iterations\":%d,\"files\":%d,\"sockets\":%d,"
                    + "\"min_ms\":%.3f,\"median_ms\":%.3f,\"p95_ms\":%.3f,\"cpu_median_ms\":%.3f,\"phases_median_ms\":{%s}}%n", backend,
                    source.getClass().getSimpleName(), name, iterations, last.files().size(), sockets, min, median, p95, cpuMedian, medians);
        } else {
            System.out.printf(Locale.ROOT, "%s (%s), %s: %d collections, %d open files, %d sockets%nmin %.3f ms  median %.3f ms  p95 %.3f ms  CPU median %.3f ms%n",
                    backend, source.getClass().getSimpleName(), name, iterations, last.files().size(), sockets, min, median, p95, cpuMedian);
            if (!phases.isEmpty()) System.out.println("  phase medians: " + medians);
        }
        return 0;
    }
}
