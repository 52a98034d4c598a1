package dev.bpftop.live;

import dev.bpftop.render.Values;
import java.util.Locale;
import java.util.Map;

/**
 * How one result column shows in the live view: htop's header and format for the columns people
 * know, a generic one for anything else a WATCH query selects. {@code drop} orders which columns a
 * narrow terminal gives up first (higher goes first; 0 never).
 */
record ColumnSpec(String name, String header, Kind kind, int width, int drop) {

    enum Kind { INT, BYTES, PCT, TIME, TEXT, COMMAND, HIDDEN, GENERIC }

    private static final Map<String, ColumnSpec> KNOWN = Map.ofEntries(
            known("pid", "PID", Kind.INT, 7, 0),
            known("tid", "TID", Kind.INT, 7, 0),
            known("username", "USER", Kind.TEXT, 9, 3),
            known("priority", "PRI", Kind.INT, 3, 7),
            known("nice", "NI", Kind.INT, 3, 7),
            known("vsz", "VIRT", Kind.BYTES, 5, 6),
            known("rss", "RES", Kind.BYTES, 5, 2),
            known("shared", "SHR", Kind.BYTES, 5, 6),
            known("state", "S", Kind.TEXT, 1, 5),
            known("cpu_pct", "CPU%", Kind.PCT, 5, 1),
            known("mem_pct", "MEM%", Kind.PCT, 5, 2),
            known("cpu_time", "TIME+", Kind.TIME, 9, 4),
            known("container_name", "CONTAINER", Kind.TEXT, 14, 3),
            known("unit", "UNIT", Kind.TEXT, 20, 3),
            known("gpu_util", "GPU%", Kind.PCT, 5, 3),
            known("gpu_mem", "GMEM", Kind.BYTES, 5, 3),
            known("cmdline", "Command", Kind.COMMAND, 10, 0),
            // Read by the view (tree, colors, kernel threads) but not shown as columns of their own.
            known("ppid", "PPID", Kind.HIDDEN, 0, 0),
            known("comm", "COMM", Kind.HIDDEN, 0, 0),
            known("frozen", "FROZEN", Kind.HIDDEN, 0, 0));

    private static Map.Entry<String, ColumnSpec> known(String name, String header, Kind kind, int width, int drop) {
        return Map.entry(name, new ColumnSpec(name, header, kind, width, drop));
    }

    /**
     * The spec for a result column. A WATCH query's own columns keep their names; only the default
     * view hides ppid and comm, which it selects for the tree and kernel threads.
     */
    static ColumnSpec of(String name, boolean numeric, boolean defaultView) {
        ColumnSpec k = KNOWN.get(name);
        if (k != null && (defaultView || k.kind != Kind.HIDDEN)) return k;
        if (k != null && !name.equals("frozen")) {
            return new ColumnSpec(name, k.header, numeric ? Kind.INT : Kind.TEXT, Math.max(5, k.header.length()), 5);
        }
        if (k != null) return k;
        String header = name.toUpperCase(Locale.ROOT);
        return new ColumnSpec(name, header, Kind.GENERIC, header.length(), 5);
    }

    boolean hidden() { return kind == Kind.HIDDEN; }

    /** Default-view columns shown only when some row has a value: no GPU, no containers, no column. */
    boolean optional() { return OPTIONAL.contains(name); }

    private static final java.util.Set<String> OPTIONAL = java.util.Set.of("container_name", "unit", "gpu_util", "gpu_mem");

    boolean rightAligned(boolean numeric) {
        return switch (kind) {
            case INT, BYTES, PCT, TIME -> true;
            case GENERIC -> numeric;
            default -> false;
        };
    }

    /** The cell text, already safe for a terminal. */
    String format(Object v) {
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
    static String bytes(long b) {
        long k = b / 1024;
        if (k < 100_000) return Long.toString(k);
        double m = k / 1024.0;
        if (m < 1000) return String.format(Locale.ROOT, "%.0fM", m);
        double g = m / 1024.0;
        if (g < 100) return String.format(Locale.ROOT, "%.1fG", g);
        return String.format(Locale.ROOT, "%.0fG", g);
    }

    /** htop's TIME+: minutes:seconds.hundredths, or hours once past an hour. */
    static String time(double seconds) {
        long cs = Math.round(seconds * 100);
        long h = cs / 360_000;
        long m = cs / 6000 % 60;
        long s = cs / 100 % 60;
        if (h > 0) return String.format(Locale.ROOT, "%dh%02d:%02d", h, m, s);
        return String.format(Locale.ROOT, "%d:%02d.%02d", cs / 6000, s, cs % 100);
    }
}
