package dev.bpftop.history;

import dev.bpftop.sql.Session;
import dev.bpftop.sql.TableDef;
import dev.bpftop.sql.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * A recording made queryable in a session: as the schema `history` (each live table with ts), and,
 * for --at, as the live tables themselves at one recorded instant.
 */
public final class History {
    public static final String SCHEMA = "history";
    public static final Path DEFAULT_DIR = Path.of("/var/lib/bpftop/history");

    private History() {}

    /** Adds `history.processes`, `history.cgroups`, … over the recording in {@code dir}. */
    public static void register(Session session, Path dir, Consumer<String> log) {
        Layout layout = new Layout(dir);
        Skipped skipped = new Skipped(log);
        SchemaPlus history = session.rootSchema().add(SCHEMA, new AbstractSchema());
        for (TableDef<?> def : Tables.all()) history.add(def.name(), new HistoryTable(new RecordedTable(def), layout, skipped, null));
    }

    /**
     * Makes the session's live tables the snapshot recorded last at or before {@code localMillis}
     * (local wall-clock), and returns that snapshot's time.
     * @throws IllegalArgumentException when the recording holds nothing that early
     */
    public static long replay(Session session, Path dir, long localMillis, Consumer<String> log) {
        Layout layout = new Layout(dir);
        long at = nearestBefore(layout, localMillis, new Skipped(log));
        Skipped skipped = new Skipped(log);
        session.replaceTables(def -> new HistoryTable(new RecordedTable(def), layout, skipped, at));
        return at;
    }

    /** The ts of the last snapshot at or before {@code localMillis}: the system table has one row per snapshot. */
    static long nearestBefore(Layout layout, long localMillis, Skipped skipped) {
        RecordedTable system = new RecordedTable(Tables.named("system").orElseThrow());
        List<Layout.DataFile> files;
        try {
            files = layout.files(system.name());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the recording in " + layout.dir() + ": " + e.getMessage());
        }
        for (Layout.DataFile f : files.reversed()) {
            if (f.first() > localMillis) continue;
            long[] best = {Long.MIN_VALUE};
            try {
                ParquetRows.read(f.path(), system, new int[] {0}, row -> {
                    long ts = (Long) row[0];
                    if (ts <= localMillis && ts > best[0]) best[0] = ts;
                });
            } catch (ParquetRows.Unreadable e) {
                skipped.report(f.path(), e.getMessage());
                continue;
            }
            if (best[0] != Long.MIN_VALUE) return best[0];
        }
        throw new IllegalArgumentException("no snapshot recorded at or before " + AtTime.text(localMillis) + " in " + layout.dir());
    }
}
