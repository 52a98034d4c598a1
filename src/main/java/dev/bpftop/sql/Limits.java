package dev.bpftop.sql;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one statement may use before it is stopped with one line, as osquery's watchdog stops a
 * runaway query: wall-clock time, and the estimated size of the rows it hands back. Zero means
 * no bound. The defaults suit a monitor a person waits on, not a batch job.
 */
public record Limits(Duration timeout, long maxBytes) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Half the heap: the rows of a result live on the heap beside the snapshot they came from, so a
     * bound above the heap would end a big result in "out of memory" instead of this clearer line.
     */
    public static final long DEFAULT_MAX_BYTES = heapShare();
    public static final Limits DEFAULT = new Limits(DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES);
    public static final Limits NONE = new Limits(Duration.ZERO, 0);

    /** The longest a bound may be set to: a day of time, a TiB of rows (both beyond any real statement). */
    static final Duration MAX_TIMEOUT = Duration.ofDays(1);
    static final long MAX_BYTES = 1L << 40;

    private static final Pattern DURATION = Pattern.compile("(?i)(\\d{1,12}(?:\\.\\d{1,6})?)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d{1,15})([kmgt]?)(?:i?b)?");

    public Limits withTimeout(Duration d) { return new Limits(d, maxBytes); }

    public Limits withMaxBytes(long b) { return new Limits(timeout, b); }

    /** "30s", "500ms", "2m", "1h", or "0"/"off" for none; at most a day. */
    public static Duration duration(String text) {
        String t = text.strip();
        if (t.equals("0") || t.equalsIgnoreCase("off")) return Duration.ZERO;
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) throw new IllegalArgumentException("bad duration '" + text + "' (expected e.g. 500ms, 30s, 2m, 1h, or 0 for none)");
        double n = Double.parseDouble(m.group(1));
        double millis = n * switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        if (millis > MAX_TIMEOUT.toMillis()) throw new IllegalArgumentException("duration '" + text + "' is over the limit of 1 day");
        if (millis < 1) throw new IllegalArgumentException("duration '" + text + "' is under 1ms (0 means none)");
        return Duration.ofMillis(Math.round(millis));
    }

    /** Half the JVM's largest heap (bin/bpftop sets it: 64 MiB for a one-liner, 42 MiB and up for a monitor, or BPFTOP_MAX_HEAP). */
    static long heapShare() {
        long max = Runtime.getRuntime().maxMemory();
        return max == Long.MAX_VALUE ? 256L << 20 : max / 2;
    }

    /** "256m", "1g", "500k", a plain number of bytes, "auto" for half the heap, or "0"/"off" for none; at most 1 TiB. */
    public static long bytes(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("off")) return 0;
        if (t.equalsIgnoreCase("auto")) return DEFAULT_MAX_BYTES;
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) throw new IllegalArgumentException("bad size '" + text + "' (expected e.g. 256m, 1g, 500k, auto for half the heap, or 0 for none)");
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (MAX_BYTES >> shift)) throw new IllegalArgumentException("size '" + text + "' is over the limit of 1t");
        return n << shift;
    }

    /** "30s", "1.5s", "250ms", "off". */
    public static String describe(Duration d) {
        if (d.isZero()) return "off";
        long ms = d.toMillis();
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms >= 1000) return (ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0)) + "s";
        return ms + "ms";
    }

    /** "256 MiB", "off". */
    public static String describe(long bytes) {
        if (bytes == 0) return "off";
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long n = bytes;
        while (u < units.length - 1 && n % 1024 == 0 && n >= 1024) {
            n /= 1024;
            u++;
        }
        return n + " " + units[u];
    }
}
