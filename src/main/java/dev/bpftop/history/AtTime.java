package dev.bpftop.history;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time --at names: a local date and time ('2026-12-01 03:12', seconds optional, a 'T' allowed)
 * or a time back from now ('-10m', '-2h', '-1d', '-30s'). Carried as local wall-clock millis, as ts is.
 */
public final class AtTime {
    private static final Pattern AGO = Pattern.compile("-(\\d{1,9})(s|m|h|d)");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private AtTime() {}

    /** @param nowLocalMillis now, local wall-clock millis */
    public static long parse(String text, long nowLocalMillis) {
        String t = text.strip();
        Matcher m = AGO.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2)) {
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 86_400_000L;
            };
            return nowLocalMillis - n * unit;
        }
        String iso = t.replace(' ', 'T');
        try {
            if (iso.length() == 10) return LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use '2026-12-01 03:12', '2026-12-01 03:12:30' or -10m, -2h, -1d");
        }
    }

    /** Now, in local wall-clock millis. */
    public static long nowLocal() { return Recorder.localMillis(System.currentTimeMillis()); }

    public static String text(long localMillis) {
        return SHOWN.format(LocalDateTime.ofEpochSecond(Math.floorDiv(localMillis, 1000), 0, ZoneOffset.UTC));
    }
}
