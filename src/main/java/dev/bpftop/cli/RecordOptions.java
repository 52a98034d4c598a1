package dev.bpftop.cli;

import dev.bpftop.history.History;
import dev.bpftop.history.Recorder;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** What to record, where, and for how long it is kept: the same options for `bpftop record` and `bpftop agent --record`. */
final class RecordOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the recording's files go (default: ${DEFAULT-VALUE})")
    Path dir = History.DEFAULT_DIR;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", description = "Between recorded snapshots, 1s to 1h (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--retain", paramLabel = "DURATION", defaultValue = "7d", description = "Delete recorded files older than this; 0 keeps all (default: ${DEFAULT-VALUE})")
    String retain;

    @Option(names = "--max-size", paramLabel = "SIZE", defaultValue = "2g", description = "Delete the oldest recorded files beyond this total; 0 for no bound (default: ${DEFAULT-VALUE})")
    String maxSize;

    @Option(names = "--threads", description = "Record the threads table too (a row per thread)")
    boolean threads;

    /** The options' values, checked before anything is opened. */
    record Checked(Duration every, Duration keep, long maxBytes) {}

    /** @throws IllegalArgumentException with the one line to print */
    Checked check() {
        Duration every = duration("--interval", interval);
        if (every.toMillis() < 1000 || every.toMillis() > 3_600_000) throw new IllegalArgumentException("--interval: " + interval + " is out of range (1s to 1h)");
        return new Checked(every, duration("--retain", retain), bytes(maxSize));
    }

    /**
     * A recorder over {@link #dir} that reports its pauses and skips as lines beginning with {@code who}.
     * @throws IOException the directory cannot be made or written
     */
    Recorder open(Checked checked, String who) throws IOException {
        return new Recorder(dir, threads, checked.keep(), checked.maxBytes(), line -> System.err.println(Sanitizer.forTerminal(who + ": " + line)));
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
