package dev.bpftop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpftop.bpf.Backends;
import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `bpftop bench`: times the collector's walk alone (no SQL, no enrichment), the figure bench/ plots. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Time collections of all tasks: min, median and p95 per collection, and the process count.")
final class BenchCommand implements Callable<Integer> {
    /**
     * Paths looked up (and never found) just before and after the timed loop, so a strace of this
     * command can find the measured window and count the syscalls of the collections alone.
     */
    static final Path START_MARK = Path.of("/nonexistent/bpftop-bench-start"), END_MARK = Path.of("/nonexistent/bpftop-bench-end");

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "20", description = "Timed collections (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "3", description = "Untimed collections first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "auto, bpf or procfs (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--details", paramLabel = "LIST", split = ",",
            description = "Collect only these details (${COMPLETION-CANDIDATES}), as a prepared query"
                    + " would; the live view's default query needs STATUS,CMDLINE,CGROUP,IO,NET (default: all but NET)")
    Set<Detail> details = Detail.all();

    @Option(names = "--json", description = "One JSON object instead of text")
    boolean json;

    @Option(names = "--files", description = "Time the open files and sockets collection (open_files, sockets) instead of the task walk")
    boolean files;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1 || warmup < 0) {
            System.err.println("bpftop: --iterations must be at least 1 and --warmup at least 0");
            return 2;
        }
        Collector collector;
        try {
            collector = Backends.open(backend, w -> System.err.println("bpftop: " + w));
        } catch (IllegalArgumentException e) {
            System.err.println("bpftop: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            System.err.println("bpftop: " + e.getMessage());
            return 1;
        }
        if (files) {
            try (collector) {
                return FileBench.run(collector.files(), collector.name(), iterations, warmup, json);
            }
        }
        try (collector) {
            for (int i = 0; i < warmup; i++) collector.collect(details);
            long[] ns = new long[iterations];
            Collector.TaskList last = null;
            Files.exists(START_MARK);
            for (int i = 0; i < iterations; i++) {
                long t0 = System.nanoTime();
                last = collector.collect(details);
                ns[i] = System.nanoTime() - t0;
            }
            Files.exists(END_MARK);
            Arrays.sort(ns);
            report(collector.name(), ns, last);
        }
        return 0;
    }

    private void report(String name, long[] sorted, Collector.TaskList last) throws Exception {
        double min = ms(sorted[0]), median = ms(percentile(sorted, 50)), p95 = ms(percentile(sorted, 95));
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("backend", name).put("iterations", iterations).put("warmup", warmup)
                    .put("processes", last.processes().size()).put("threads", last.threads().size())
                    .put("min_ms", min).put("median_ms", median).put("p95_ms", p95);
            System.out.println(mapper.writeValueAsString(o));
        } else {
            System.out.printf(Locale.ROOT, "backend %s: %d collections (after %d warm-up), %d processes, %d threads%n",
                    name, iterations, warmup, last.processes().size(), last.threads().size());
            System.out.printf(Locale.ROOT, "min %.3f ms  median %.3f ms  p95 %.3f ms%n", min, median, p95);
        }
    }

    /** Nearest-rank percentile of a sorted array. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(long ns) { return ns / 1e6; }
}
