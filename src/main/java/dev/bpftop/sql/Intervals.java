package dev.bpftop.sql;

/**
 * INTERVAL values as PostgreSQL prints them. Through JDBC Calcite hands out a day-time interval as
 * milliseconds and a year-month one as months, bare numbers that read as anything but a duration.
 */
final class Intervals {
    private Intervals() {}

    /** Whether a column of this JDBC type name holds intervals ("INTERVAL DAY TO SECOND", …). */
    static boolean isInterval(String typeName) {
        return typeName != null && typeName.startsWith("INTERVAL");
    }

    /** "1 day 03:19:56.372", "-00:00:01.5"; "6 years 10 mons" for year-month intervals. */
    static String format(String typeName, Object value) {
        if (!(value instanceof Number n)) return value == null ? null : value.toString();
        boolean yearMonth = typeName.contains("YEAR") || typeName.contains("MONTH");
        return yearMonth ? months(n.longValue()) : millis(n.longValue());
    }

    private static String months(long months) {
        long years = months / 12, rest = months % 12;
        if (years == 0) return plural(rest, "mon");
        return rest == 0 ? plural(years, "year") : plural(years, "year") + " " + plural(rest, "mon");
    }

    private static String millis(long millis) {
        String sign = millis < 0 ? "-" : "";
        long m = Math.abs(millis);
        long days = m / 86_400_000L;
        m %= 86_400_000L;
        String time = String.format("%s%02d:%02d:%02d", sign, m / 3_600_000L, m / 60_000L % 60, m / 1000 % 60);
        long frac = m % 1000;
        if (frac != 0) time += String.format(".%03d", frac).replaceFirst("0+$", "");
        return days == 0 ? time : sign + plural(days, "day") + " " + time.substring(sign.length());
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (Math.abs(n) == 1 ? "" : "s");
    }
}
