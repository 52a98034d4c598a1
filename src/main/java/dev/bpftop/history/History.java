package dev.bpftop.history;

import dev.bpftop.sql.Session;
import dev.bpftop.sql.TableDef;
import dev.bpftop.sql.Tables;
import java.nio.file.Path;
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
     * (local wall-clock); the returned replay says which, and steps to its neighbours.
     * @throws IllegalArgumentException when the recording holds nothing that early
     */
    public static Replay replay(Session session, Path dir, long localMillis, Consumer<String> log) {
        Layout layout = new Layout(dir);
        Replay replay = new Replay(layout, log);
        try {
            replay.at(Replay.nearest(layout, localMillis, false, replay.skipped())
                    .orElseThrow(() -> new IllegalArgumentException("no snapshot recorded at or before " + AtTime.text(localMillis) + " in " + layout.dir())));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        session.replaceTables(def -> new HistoryTable(new RecordedTable(def), layout, replay.skipped(), replay::at));
        return replay;
    }
}
