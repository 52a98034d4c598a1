package dev.bpftop.history;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.sql.Session;
import dev.bpftop.sql.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second, independent reader: DuckDB opens the recorded files as they are and finds the same
 * rows bpftop's history.* does, before and after an hour's parts are merged into one file.
 */
class HistoryDuckDbTest {
    private static final String COLUMNS = "pid, ppid, comm, cmdline, state, cpu_pct, cpu_time, rss, mem_pct, start_time, cgroup, kernel_thread";

    @TempDir
    Path dir;

    @Test
    void duckDbReadsTheSameRows() throws Exception {
        Path rec = dir.resolve("rec");
        long last;
        try (Recording r = new Recording(rec)) {
            r.snapshot();
            last = r.snapshot();
        }
        List<String> ours = ours(rec), theirs = duckDb(rec);
        assertTrue(ours.size() > 10, "rows: " + ours.size());
        assertEquals(ours, theirs);

        // The hour's parts merged into one file: the same rows again, for both readers.
        for (String table : Recorder.TABLES) {
            new Compactor(new Layout(rec), line -> fail(line)).mergeBefore(new RecordedTable(Tables.named(table).orElseThrow()), last + Layout.HOUR_MS);
        }
        try (Stream<Path> files = Files.list(rec.resolve("processes"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.getFirst().startsWith("h-"), names.toString());
        }
        assertEquals(ours, ours(rec));
        assertEquals(ours, duckDb(rec));

        // A filter on ts, which the merged file's statistics and page indexes apply: the same rows, and only those.
        List<String> lastOnly = ours(rec, "WHERE ts = " + Recording.at(last));
        assertFalse(lastOnly.isEmpty());
        assertTrue(lastOnly.size() < ours.size(), lastOnly.size() + " of " + ours.size());
        assertEquals(duckDb(rec, "WHERE epoch_ms(ts) = " + last), lastOnly);
        assertEquals(List.of(), ours(rec, "WHERE ts > " + Recording.at(last)));
    }

    private static List<String> ours(Path rec) throws Exception { return ours(rec, ""); }

    private static List<String> duckDb(Path rec) throws Exception { return duckDb(rec, ""); }

    private static List<String> ours(Path rec, String where) throws Exception {
        List<String> skipped = new ArrayList<>();
        List<String> out = new ArrayList<>();
        try (Session s = new Recording(rec.resolveSibling("unused")).session(skipped)) {
            History.register(s, rec, skipped::add);
            for (Object[] row : Recording.rows(s, "SELECT ts, " + COLUMNS + " FROM history.processes " + where + " ORDER BY ts, pid")) {
                row[0] = HistoryQueryTest.millis(row[0]);
                if (row[10] instanceof java.sql.Timestamp t) row[10] = t.getTime();
                out.add(text(row));
            }
        }
        assertEquals(List.of(), skipped);
        return out;
    }

    private static List<String> duckDb(Path rec, String where) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet rs = c.createStatement().executeQuery("SELECT epoch_ms(ts), " + COLUMNS.replace("start_time", "epoch_ms(start_time)")
                     + " FROM read_parquet('" + rec.resolve("processes") + "/*.parquet') " + where + " ORDER BY ts, pid")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1);
                out.add(text(row));
            }
        }
        return out;
    }

    /** Numbers by value whatever their Java class (DuckDB's INTEGER may come as Integer or Long). */
    private static String text(Object[] row) {
        return Arrays.stream(row).map(v -> v instanceof Number n && !(v instanceof Double) ? Long.toString(n.longValue()) : String.valueOf(v)).toList().toString();
    }
}
