package dev.bpftop.cli;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileSource;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;

/**
 * `bpftop bench --files`: times whole-system collections of open files and sockets (what a query
 * on open_files or sockets pays), between the same strace markers as the task walk's bench.
 */
final class FileBench {
    private FileBench() {}

    static int run(FileSource source, String backend, int iterations, int warmup, boolean json) {
        for (int i = 0; i < warmup; i++) source.collect(null);
        long[] ns = new long[iterations];
        FileList last = null;
        Files.exists(BenchCommand.START_MARK);
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            last = source.collect(null);
            ns[i] = System.nanoTime() - t0;
        }
        Files.exists(BenchCommand.END_MARK);
        Arrays.sort(ns);
        long sockets = last.files().stream().filter(f -> f.socket() != null).count() + last.unheldSockets().size();
        double min = ns[0] / 1e6, median = BenchCommand.percentile(ns, 50) / 1e6, p95 = BenchCommand.percentile(ns, 95) / 1e6;
        if (json) {
            System.out.printf(Locale.ROOT, "{\"backend\":\"%s\",\"source\":\"%s\",\"iterations\":%d,\"files\":%d,\"sockets\":%d,"
                    + "\"min_ms\":%.3f,\"median_ms\":%.3f,\"p95_ms\":%.3f}%n", backend, source.getClass().getSimpleName(), iterations,
                    last.files().size(), sockets, min, median, p95);
        } else {
            System.out.printf(Locale.ROOT, "%s (%s): %d collections, %d open files, %d sockets%nmin %.3f ms  median %.3f ms  p95 %.3f ms%n",
                    backend, source.getClass().getSimpleName(), iterations, last.files().size(), sockets, min, median, p95);
        }
        return 0;
    }
}
