package dev.bpftop.history;

import dev.bpftop.collect.SystemInfo;
import dev.bpftop.sql.Column;
import dev.bpftop.sql.TableDef;
import dev.bpftop.sql.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The recorded snapshot a replayed session's live tables show (--at), and the steps to the ones
 * recorded just before and after it. The tables read the instant at each scan, so a prepared
 * statement run again after a step reads the new snapshot, and nothing live is walked.
 */
public final class Replay {
    private static final RecordedTable SYSTEM = new RecordedTable(Tables.named("system").orElseThrow());

    /** The recorded `system` row the meters show in place of the live machine's. */
    public record Machine(SystemInfo system, String backend, Integer processes, Integer threads) {}

    private final Layout layout;
    private final Skipped skipped;
    private volatile Consumer<String> log;
    private volatile long at;

    /** @param log where a skipped file's one line goes, until {@link #logTo} says otherwise */
    Replay(Layout layout, Consumer<String> log) {
        this.layout = layout;
        this.log = log;
        this.skipped = new Skipped(line -> this.log.accept(line));
    }

    Skipped skipped() { return skipped; }

    void at(long ts) { at = ts; }

    /**
     * Sends the lines about skipped files elsewhere (a full-screen view shows them itself: a line
     * on stderr would land in the middle of its screen). They may come from a reading thread.
     * @return where they went before
     */
    public Consumer<String> logTo(Consumer<String> log) {
        Consumer<String> before = this.log;
        this.log = log;
        return before;
    }

    /** The snapshot shown: its ts, local wall-clock millis. */
    public long at() { return at; }

    /** The snapshot's recorded time as the header shows it ('2026-12-05 03:12:30'). */
    public String text() { return AtTime.text(at); }

    public Path dir() { return layout.dir(); }

    /**
     * Shows the snapshot recorded just before (or after) this one.
     * @return false, staying where it is, at the first (or last) snapshot
     * @throws IllegalStateException when the recording cannot be listed
     */
    public boolean step(boolean later) {
        OptionalLong next = later ? nearest(layout, at + 1, true, skipped) : nearest(layout, at - 1, false, skipped);
        if (next.isEmpty()) return false;
        at = next.getAsLong();
        return true;
    }

    /**
     * The ts recorded last at or before {@code t} (first at or after it when {@code after}): the
     * system table has one row per snapshot, and only the files nearest {@code t} are read.
     */
    static OptionalLong nearest(Layout layout, long t, boolean after, Skipped skipped) {
        List<Layout.DataFile> files;
        try {
            files = layout.files(SYSTEM.name());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the recording in " + layout.dir() + ": " + e.getMessage());
        }
        // Files never overlap (a part inside a merged hour is left out), so the first that holds one is nearest.
        for (Layout.DataFile f : after ? files : files.reversed()) {
            if (after ? f.last() < t : f.first() > t) continue;
            long[] best = {after ? Long.MAX_VALUE : Long.MIN_VALUE};
            try {
                ParquetRows.read(f.path(), SYSTEM, new int[] {0}, row -> {
                    long ts = (Long) row[0];
                    if (after ? ts >= t && ts < best[0] : ts <= t && ts > best[0]) best[0] = ts;
                });
            } catch (ParquetRows.Unreadable e) {
                skipped.report(f.path(), e.getMessage());
                continue;
            }
            if (best[0] != Long.MAX_VALUE && best[0] != Long.MIN_VALUE) return OptionalLong.of(best[0]);
        }
        return OptionalLong.empty();
    }

    /** The machine as recorded with this snapshot; null when its system row cannot be read (a file retention just deleted). */
    public Machine machine() {
        long t = at;
        TableDef<?> def = SYSTEM.def();
        int[] all = java.util.stream.IntStream.rangeClosed(0, def.columns().size()).toArray();
        try {
            for (Layout.DataFile f : layout.overlapping(SYSTEM.name(), t, t)) {
                try (ParquetRows rows = new ParquetRows(f.path(), SYSTEM, all, TsBounds.instant(t))) {
                    for (Object[] row = rows.next(); row != null; row = rows.next()) {
                        if ((Long) row[0] == t) return machine(def, row);
                    }
                } catch (ParquetRows.Unreadable e) {
                    skipped.report(f.path(), e.getMessage());
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static Machine machine(TableDef<?> def, Object[] row) {
        Map<String, Object> v = new HashMap<>();
        List<? extends Column<?>> columns = def.columns();
        for (int i = 0; i < columns.size(); i++) v.put(columns.get(i).name(), row[i + 1]);
        SystemInfo sys = new SystemInfo(text(v, "hostname"), text(v, "kernel"), real(v, "uptime"),
                real(v, "load1"), real(v, "load5"), real(v, "load15"),
                whole(v, "mem_total"), whole(v, "mem_free"), whole(v, "mem_available"), whole(v, "buffers"), whole(v, "cached"),
                whole(v, "swap_total"), whole(v, "swap_free"), (int) whole(v, "cpu_count"), 0,
                (int) whole(v, "procs_running"), (int) whole(v, "procs_blocked"), List.of()); // per-core times are not recorded
        return new Machine(sys, text(v, "backend"), count(v, "processes"), count(v, "threads"));
    }

    private static String text(Map<String, Object> v, String name) { return v.get(name) == null ? "?" : v.get(name).toString(); }

    private static double real(Map<String, Object> v, String name) { return v.get(name) instanceof Number n ? n.doubleValue() : 0; }

    private static long whole(Map<String, Object> v, String name) { return v.get(name) instanceof Number n ? n.longValue() : 0; }

    private static Integer count(Map<String, Object> v, String name) { return v.get(name) instanceof Number n ? n.intValue() : null; }
}
