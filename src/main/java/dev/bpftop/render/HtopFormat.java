package dev.bpftop.render;

import dev.bpftop.sql.Display;
import java.util.Locale;

/** Cells as htop writes them, by a column's display kind; text is already safe for a terminal. */
public final class HtopFormat {
    private HtopFormat() {}

    public static String cell(Display.Kind kind, Object v) {
        if (v == null) return "";
        return switch (kind) {
            case BYTES -> v instanceof Number n ? bytes(n.longValue()) : Values.display(v);
            case PCT -> v instanceof Number n ? oneDecimal(n.doubleValue()) : Values.display(v);
            case TIME -> v instanceof Number n ? time(n.doubleValue()) : Values.display(v);
            case INT -> v instanceof Number n && !(v instanceof Double) ? Long.toString(n.longValue()) : Values.display(v);
            default -> Values.display(v);
        };
    }

    /** htop's memory columns: KiB up to 99999, then M and G with one decimal when it fits. */
    public static String bytes(long b) {
        long k = b / 1024;
        if (k < 100_000) return Long.toString(k);
        double m = k / 1024.0;
        if (m < 1000) return String.format(Locale.ROOT, "%.0fM", m);
        double g = m / 1024.0;
        if (g < 100) return String.format(Locale.ROOT, "%.1fG", g);
        return String.format(Locale.ROOT, "%.0fG", g);
    }

    /**
     * {@code %.1f}. The live view writes two such cells per row on screen every tick, and a
     * Formatter per cell was a tenth of its drawing: the usual case is written by hand, and a value
     * near a rounding tie, negative or huge takes the Formatter, so the text is the same either way.
     */
    public static String oneDecimal(double v) {
        double tenths = v * 10;
        long r = Math.round(tenths);
        boolean plain = Double.doubleToRawLongBits(v) >= 0 && v >= 0 && tenths < 1e15; // not -0.0, NaN, negative or huge
        if (!plain || Math.abs(Math.abs(tenths - r) - 0.5) < 1e-6) return String.format(Locale.ROOT, "%.1f", v);
        return new StringBuilder(8).append(r / 10).append('.').append(r % 10).toString();
    }

    /** htop's TIME+: minutes:seconds.hundredths, or hours once past an hour. */
    public static String time(double seconds) {
        long cs = Math.round(seconds * 100);
        if (cs < 0) return String.format(Locale.ROOT, "%d:%02d.%02d", cs / 6000, cs / 100 % 60, cs % 100);
        long h = cs / 360_000;
        long m = cs / 6000 % 60;
        long s = cs / 100 % 60;
        StringBuilder sb = new StringBuilder(12);
        if (h > 0) return twoDigits(twoDigits(sb.append(h).append('h'), m).append(':'), s).toString();
        return twoDigits(twoDigits(sb.append(cs / 6000).append(':'), s).append('.'), cs % 100).toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, long v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
