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
            case PCT -> v instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : Values.display(v);
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

    /** htop's TIME+: minutes:seconds.hundredths, or hours once past an hour. */
    public static String time(double seconds) {
        long cs = Math.round(seconds * 100);
        long h = cs / 360_000;
        long m = cs / 6000 % 60;
        long s = cs / 100 % 60;
        if (h > 0) return String.format(Locale.ROOT, "%dh%02d:%02d", h, m, s);
        return String.format(Locale.ROOT, "%d:%02d.%02d", cs / 6000, s, cs % 100);
    }
}
