package dev.bpftop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.FileScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `bpftop bench`: times the collector's walk alone (no SQL, no enrichment), the figure bench/ plots,
 * and says where each collection's time went: the collector's own phases, and what the JVM did
 * meanwhile (garbage collection, JIT compilation, allocation), so a slow collection can be told
 * from a slow walk.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Time collections of all tasks: min, median and p95 per collection, per phase, and the process count.")
final class BenchCommand implements Callable<Integer> {
    /**
     * Paths looked up (and never found) just before and after the timed loop, so a strace of this
     * command can find the measured window and count the syscalls of the collections alone.
     */
    static final Path START_MARK = Path.of("/nonexistent/bpftop-bench-start"), END_MARK = Path.of("/nonexistent/bpftop-bench-end");

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "20", description = "Timed collections (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "3", description = "At least W untimed collections first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--warmup-quiet", paramLabel = "MS", defaultValue = "1000",
            description = "After the warm-up collections, more until the JIT compiler has been idle for MS ms of them"
                    + " (at most 30 s; 0: exactly --warmup; none with --warmup 0) (default: ${DEFAULT-VALUE})")
    long warmupQuietMs;

    /** The JVM's uptime when the timed collections began. */
    private long timedFromUptimeMs;

    /** The longest a warm-up waits for the JIT to go quiet. */
    private static final long WARMUP_LIMIT_NS = 30_000_000_000L;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "auto, bpf or procfs (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--walk", paramLabel = "KIND", defaultValue = "delta",
            description = "bpf only: delta (unchanged tasks sent as \"still here\") or full (every task whole each time) (default: ${DEFAULT-VALUE})")
    String walk;

    @Option(names = "--details", paramLabel = "LIST", split = ",",
            description = "Collect only these details (${COMPLETION-CANDIDATES}), as a prepared query"
                    + " would; the live view's default query needs STATUS,CMDLINE,CGROUP,IO,NET (default: all but NET)")
    Set<Detail> details = Detail.all();

    @Option(names = "--json", description = "One JSON object instead of text (with the phases, counts and slowest collections)")
    boolean json;

    @Option(names = "--phases", description = "Text: also each phase's median, p95 and max, the counts, and the slowest collections")
    boolean phases;

    @Option(names = "--files", arity = "0..1", fallbackValue = "paths", paramLabel = "SCOPE",
            description = "Time the open files and sockets collection instead of the task walk: sockets (what the sockets table"
                    + " reads), numbers (open_files without paths) or paths (every column; the default)")
    String files;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1 || warmup < 0 || warmupQuietMs < 0) {
            System.err.println("bpftop: --iterations must be at least 1, --warmup and --warmup-quiet at least 0");
            return 2;
        }
        if (!walk.equals("delta") && !walk.equals("full")) {
            System.err.println("bpftop: --walk is delta or full, not '" + walk + "'");
            return 2;
        }
        FileScope scope = files == null ? null : FileBench.scope(files);
        if (files != null && scope == null) {
            System.err.println("bpftop: --files is sockets, numbers or paths, not '" + files + "'");
            return 2;
        }
        OpenedBackend opened = OpenedBackend.open(backend, walk.equals("delta"));
        if (opened.collector() == null) return opened.failure();
        Collector collector = opened.collector();
        if (files != null) {
            try (collector) {
                return FileBench.run(collector.files(), collector.name(), scope, iterations, warmup, json);
            }
        }
        try (collector) {
            JvmActivity jvm = new JvmActivity(); // its beans are set up here, outside the traced window
            // Each collection's CPU time and run-queue wait: two syscalls around it, outside its timed
            // window, but inside strace's, so only when asked where the time went (run.sh counts
            // syscalls without --json or --phases).
            ThreadSched sched = json || phases ? ThreadSched.open() : null;
            // The warm-up runs the timed loop's own code too, so that its bookkeeping is compiled as well.
            WarmUp warm = new WarmUp(warmup, warmupQuietMs * 1_000_000L, WARMUP_LIMIT_NS);
            BenchSamples scratch = new BenchSamples(1);
            if (warmup > 0) { // --warmup 0: none at all, the cold figures
                do measure(collector, scratch, 0, jvm, sched);
                while (!warm.over(System.nanoTime(), jvm.compileMs()));
            }
            BenchSamples samples = new BenchSamples(iterations);
            Collector.TaskList last = null;
            Files.exists(START_MARK);
            timedFromUptimeMs = jvm.uptimeMs();
            for (int i = 0; i < iterations; i++) last = measure(collector, samples, i, jvm, sched);
            Files.exists(END_MARK);
            if (sched != null) sched.close();
            report(collector.name(), samples, last, warm);
        }
        return 0;
    }

    /** One collection, timed, into {@code samples} at {@code i}, with what the JVM and the scheduler did meanwhile. */
    private Collector.TaskList measure(Collector collector, BenchSamples samples, int i, JvmActivity jvm, ThreadSched sched) {
        JvmActivity.Reading before = jvm.read();
        long cpu0 = sched == null ? 0 : jvm.threadCpuNs(), wait0 = sched != null && sched.read() ? sched.waitNs() : 0;
        long t0 = System.nanoTime();
        Collector.TaskList list = collector.collect(details);
        long ns = System.nanoTime() - t0;
        if (sched != null && sched.read()) samples.sched(i, jvm.threadCpuNs() - cpu0, sched.waitNs() - wait0);
        samples.add(i, t0, ns, collector.lastWalk(), jvm.read().since(before));
        return list;
    }

    private void report(String name, BenchSamples samples, Collector.TaskList last, WarmUp warm) throws Exception {
        long[] sorted = samples.totals();
        Arrays.sort(sorted);
        double min = ms(sorted[0]), median = ms(percentile(sorted, 50)), p95 = ms(percentile(sorted, 95));
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("backend", name).put("walk", walk).put("iterations", iterations).put("warmup", warmup)
                    .put("warmup_quiet_ms", warmupQuietMs).put("warmup_collections", warm.collections()).put("warmup_settled", warm.settled())
                    .put("processes", last.processes().size()).put("threads", last.threads().size())
                    .put("min_ms", min).put("median_ms", median).put("p95_ms", p95);
            ObjectNode phases = o.putObject("phases_ms");
            for (Map.Entry<String, long[]> e : samples.phases().entrySet()) {
                long[] v = e.getValue().clone();
                Arrays.sort(v);
                phases.putObject(e.getKey()).put("median", ms(percentile(v, 50))).put("p95", ms(percentile(v, 95))).put("max", ms(v[v.length - 1]));
            }
            ObjectNode counts = o.putObject("counts_median");
            samples.countMedians().forEach(counts::put);
            // every collection in the order they ran, per phase: when the slow ones came (JIT early, GC now and then)
            // "at": when each started, from the first; the first started at jvm_uptime_ms (as -Xlog's uptime counts)
            o.put("jvm_uptime_ms", timedFromUptimeMs);
            ObjectNode each = o.putObject("each_ms");
            ArrayNode at = each.putArray("at");
            for (long ns : samples.startedAfterFirst()) at.add(ms(ns));
            ArrayNode totals = each.putArray("total");
            for (long ns : samples.totals()) totals.add(ms(ns));
            for (Map.Entry<String, long[]> e : samples.phases().entrySet()) {
                ArrayNode a = each.putArray(e.getKey());
                for (long ns : e.getValue()) a.add(ms(ns));
            }
            ArrayNode slowest = o.putArray("slowest");
            for (Map<String, Object> s : samples.slowest(3)) slowest.add(mapper.<JsonNode>valueToTree(s));
            System.out.println(mapper.writeValueAsString(o));
        } else {
            System.out.printf(Locale.ROOT, "backend %s: %d collections (after %d warm-up%s), %d processes, %d threads%n",
                    name, iterations, warm.collections(), warmup > 0 && warmupQuietMs > 0 && !warm.settled() ? ", JIT still busy" : "",
                    last.processes().size(), last.threads().size());
            System.out.printf(Locale.ROOT, "min %.3f ms  median %.3f ms  p95 %.3f ms%n", min, median, p95);
            if (!phases) return;
            System.out.println("  " + walk + " walk");
            for (Map.Entry<String, long[]> e : samples.phases().entrySet()) {
                long[] v = e.getValue().clone();
                Arrays.sort(v);
                System.out.printf(Locale.ROOT, "  %-10s median %8.3f ms  p95 %8.3f ms  max %8.3f ms%n",
                        e.getKey(), ms(percentile(v, 50)), ms(percentile(v, 95)), ms(v[v.length - 1]));
            }
            Map<String, Long> counts = samples.countMedians();
            if (!counts.isEmpty()) System.out.println("  medians per collection: " + counts);
            for (Map<String, Object> s : samples.slowest(3)) System.out.println("  slow: " + s);
        }
    }

    /** Nearest-rank percentile of a sorted array. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static double ms(long ns) { return Math.round(ns / 1e3) / 1e3; }

}
