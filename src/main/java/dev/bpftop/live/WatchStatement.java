package dev.bpftop.live;

import dev.bpftop.sql.SqlError;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code WATCH [<interval>] <select>}: re-run a query every interval in the live view. The interval
 * is a number with ms, s or m ({@code 500ms}, {@code 2s}); one second when left out.
 */
public record WatchStatement(Duration interval, String query) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private static final Pattern HEAD = Pattern.compile("(?is)^\\s*WATCH\\b\\s*");
    private static final Pattern INTERVAL = Pattern.compile("(?i)^(\\d+(?:\\.\\d+)?)(ms|s|m)(?=\\s|$)\\s*");

    /** True when the statement starts with the WATCH keyword. */
    public static boolean isWatch(String statement) {
        return HEAD.matcher(statement).find();
    }

    /** Parses a WATCH statement; empty when it is not one. */
    public static Optional<WatchStatement> parse(String statement) throws SqlError {
        Matcher head = HEAD.matcher(statement);
        if (!head.find()) return Optional.empty();
        String rest = statement.substring(head.end());
        Duration interval = DEFAULT_INTERVAL;
        Matcher m = INTERVAL.matcher(rest);
        if (m.find()) {
            interval = interval(m.group(1), m.group(2));
            rest = rest.substring(m.end());
        } else if (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
            throw new SqlError("bad WATCH interval '" + rest.split("\\s+")[0] + "' (expected e.g. 500ms, 2s or 1m)", 1,
                    head.end() + 1);
        }
        String query = rest.strip().replaceFirst(";\\s*$", "");
        if (query.isEmpty()) throw new SqlError("WATCH needs a query, e.g. WATCH 2s SELECT * FROM top", 1, statement.length());
        return Optional.of(new WatchStatement(interval, query));
    }

    /** Parses an interval on its own, as {@code --watch} takes it. */
    public static Duration parseInterval(String text) {
        Matcher m = INTERVAL.matcher(text.strip());
        if (!m.find() || m.end() != text.strip().length()) {
            throw new IllegalArgumentException("bad interval '" + text + "' (expected e.g. 500ms, 2s or 1m)");
        }
        try {
            return interval(m.group(1), m.group(2));
        } catch (SqlError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static Duration interval(String number, String unit) throws SqlError {
        double n = Double.parseDouble(number);
        double millis = switch (unit.toLowerCase(Locale.ROOT)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            default -> n * 60_000;
        };
        Duration d = Duration.ofMillis(Math.round(millis));
        if (d.compareTo(MIN_INTERVAL) < 0) throw new SqlError("WATCH interval must be at least 100ms", 0, 0);
        return d;
    }
}
