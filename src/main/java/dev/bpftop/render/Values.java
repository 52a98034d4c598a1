package dev.bpftop.render;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How values become text, shared by the text formats. */
public final class Values {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Values() {}

    /** Full-precision text; null stays null. */
    public static String text(Object v) {
        if (v == null) return null;
        if (v instanceof Timestamp ts) return timestamp(ts);
        if (v instanceof Double d) return doubleText(d);
        if (v instanceof Float f) return doubleText(f.doubleValue());
        return v.toString();
    }

    /** Timestamps hold local wall-clock time (see ColumnType); read them back without shifting. */
    public static String timestamp(Timestamp ts) {
        return LocalDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC).format(TS);
    }

    private static String doubleText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return Double.toString(d);
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Text for people: doubles rounded to two places. */
    public static String display(Object v) {
        if (v instanceof Double d && !Double.isNaN(d) && !Double.isInfinite(d)) {
            return String.format(java.util.Locale.ROOT, "%.2f", d);
        }
        String s = text(v);
        return s == null ? "" : Sanitizer.forTerminal(s);
    }
}
