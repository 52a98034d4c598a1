package dev.bpftop.cli;

import dev.bpftop.collect.Collector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.history.History;
import dev.bpftop.history.Recorder;
import dev.bpftop.sql.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `bpftop record`: a snapshot every interval into a recording that `history.*` and --at query. */
@Command(name = "record", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Record a snapshot of processes, cgroups, containers, GPUs and the system every interval, as Parquet files.")
final class RecordCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the files go (default: ${DEFAULT-VALUE})")
    Path dir = History.DEFAULT_DIR;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", description = "Between snapshots, 1s to 1h (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--retain", paramLabel = "DURATION", defaultValue = "7d", description = "Delete files older than this; 0 keeps all (default: ${DEFAULT-VALUE})")
    String retain;

    @Option(names = "--max-size", paramLabel = "SIZE", defaultValue = "2g", description = "Delete the oldest files beyond this total; 0 for no bound (default: ${DEFAULT-VALUE})")
    String maxSize;

    @Option(names = "--threads", description = "Record the threads table too (a row per thread)")
    boolean threads;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "auto, bpf or procfs (default: ${DEFAULT-VALUE})")
    String backend;

    /** For tests and benchmarks: stop after this many snapshots. */
    @Option(names = "--count", paramLabel = "N", hidden = true, defaultValue = "0")
    long count;

    /** For benchmarks: merge every part now (the current hour's too) and exit. */
    @Option(names = "--merge", hidden = true)
    boolean merge;

    /** For benchmarks: write this many hours made up from one real snapshot (see Synthetic) and exit. */
    @Option(names = "--synthesize", paramLabel = "HOURS", hidden = true, defaultValue = "0")
    int synthesize;

    @Option(names = "--synthesize-processes", paramLabel = "N", hidden = true, defaultValue = "1000")
    int synthesizeProcesses;

    @Override
    public Integer call() throws Exception {
        Duration every, keep;
        long maxBytes;
        try {
            every = duration("--interval", interval);
            keep = duration("--retain", retain);
            maxBytes = bytes(maxSize);
            if (every.toMillis() < 1000 || every.toMillis() > 3_600_000) throw new IllegalArgumentException("--interval: " + interval + " is out of range (1s to 1h)");
        } catch (IllegalArgumentException e) {
            System.err.println("bpftop: " + e.getMessage());
            return 2;
        }
        OpenedBackend opened = OpenedBackend.open(backend);
        if (opened.collector() == null) return opened.failure();
        Collector collector = opened.collector();
        Recorder recorder;
        try {
            recorder = new Recorder(dir, threads, keep, maxBytes, line -> System.err.println(dev.bpftop.render.Sanitizer.forTerminal("bpftop record: " + line)));
        } catch (java.io.IOException e) {
            System.err.println("bpftop record: cannot use " + dir + ": " + e.getMessage());
            collector.close();
            return 1;
        }
        try (SnapshotSource source = new SnapshotSource(collector, Enrichers.defaults(), 0); recorder) {
            if (merge) {
                recorder.mergeAll();
                return 0;
            }
            if (synthesize > 0) {
                source.refresh();
                Thread.sleep(every.toMillis());
                System.out.println(dev.bpftop.history.Synthetic.write(dir, source.refresh(), synthesize, every, synthesizeProcesses) + " process rows");
                return 0;
            }
            // A baseline first, so that every recorded cpu_pct is the share over one whole interval.
            source.refresh();
            long next = System.nanoTime() + every.toNanos();
            for (long n = 0; count == 0 || n < count; n++) {
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                // A late snapshot (a stalled disk) is not followed by a burst: the schedule moves on.
                next = Math.max(next + every.toNanos(), System.nanoTime());
                recorder.append(source.refresh());
            }
        }
        return 0;
    }

    private static Duration duration(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("0")) return Duration.ZERO;
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) throw new IllegalArgumentException(option + ": bad duration '" + text + "' (e.g. 5s, 10m, 12h, 7d)");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static long bytes(String text) {
        if (text.strip().equals("0")) return 0;
        try {
            return Limits.bytes(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-size: bad size '" + text + "' (e.g. 500m, 2g, or 0 for no bound)");
        }
    }
}
