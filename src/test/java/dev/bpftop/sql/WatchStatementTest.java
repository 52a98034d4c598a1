package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.Test;

/** WATCH as {@link Grammar} reads it, and the prepared query the live view re-runs. */
class WatchStatementTest {
    private static Statement.Watch watch(String text) throws SqlError { return (Statement.Watch) Grammar.parse(text); }

    @Test
    void parsesIntervalAndQuery() throws SqlError {
        Statement.Watch w = watch("watch 500ms SELECT pid FROM processes;");
        assertEquals(Duration.ofMillis(500), w.interval());
        assertEquals("SELECT pid FROM processes", w.query());
        assertEquals(Duration.ofSeconds(2), watch("WATCH 2s SELECT 1").interval());
        assertEquals(Statement.Watch.DEFAULT_INTERVAL, watch("WATCH SELECT 1").interval());
        assertEquals(Duration.ofMinutes(1), Grammar.interval("1m"));
        assertFalse(Grammar.parse("SELECT 1") instanceof Statement.Watch);
        assertFalse(Grammar.parse("WATCHES") instanceof Statement.Watch);
    }

    @Test
    void badIntervalsSayWhy() {
        SqlError e = assertThrows(SqlError.class, () -> Grammar.parse("WATCH 5x SELECT 1"));
        assertTrue(e.oneLine().contains("bad WATCH interval '5x'"), e.oneLine());
        assertTrue(assertThrows(SqlError.class, () -> Grammar.parse("WATCH 10ms SELECT 1")).getMessage().contains("from 100ms to 1 day"));
        assertTrue(assertThrows(SqlError.class, () -> Grammar.parse("WATCH 2s")).getMessage().contains("needs a query"));
        assertThrows(IllegalArgumentException.class, () -> Grammar.interval("soon"));
    }

    /** WATCH's promise: the query is parsed and planned once, then only executed each tick. */
    @Test
    void preparedQueryIsPlannedOnceAndRunsOnFreshSnapshots() throws Exception {
        AtomicInteger parses = new AtomicInteger(), plans = new AtomicInteger();
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
             // Global hooks: the session plans on a statement thread of its own (tests run one at a time).
             Hook.Closeable p1 = Hook.PARSE_TREE.add((java.util.function.Consumer<Object>) x -> parses.incrementAndGet());
             Hook.Closeable p2 = Hook.CONVERTED.add((java.util.function.Consumer<Object>) x -> plans.incrementAndGet());
             PreparedQuery prepared = session.prepare("SELECT pid, cpu_pct FROM top")) {
            assertEquals(1, parses.get());
            int planned = plans.get();
            assertTrue(planned >= 1);
            Snapshot previous = null;
            for (int i = 0; i < 3; i++) {
                QueryResult r = prepared.run();
                assertFalse(r.rows().isEmpty());
                Snapshot taken = session.snapshot();
                assertNotSame(previous, taken, "each run reads a new snapshot");
                previous = taken;
            }
            assertEquals(1, parses.get(), "no re-parse per tick");
            assertEquals(planned, plans.get(), "no re-plan per tick");
            // From the second run on, cpu_pct is measured over the interval between runs.
            assertTrue(session.snapshot().intervalSeconds() > 0);
        }
    }

    /** After its first run a prepared query collects only the details its columns need. */
    @Test
    void preparedQueryCollectsOnlyWhatItReads() throws Exception {
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
             PreparedQuery narrow = session.prepare("SELECT pid, cpu_pct, cmdline FROM processes");
             PreparedQuery wide = session.prepare("SELECT pid, net_ns FROM processes")) {
            assertEquals(dev.bpftop.collect.Detail.all(), narrow.details());
            narrow.run();
            assertEquals(java.util.Set.of(dev.bpftop.collect.Detail.CMDLINE), narrow.details());
            QueryResult r = narrow.run();
            assertTrue(r.rows().stream().anyMatch(row -> row[2] != null && !row[2].toString().isEmpty()), "cmdline still read");
            assertTrue(session.snapshot().threads().isEmpty(), "no thread walk for a processes-only query");
            wide.run();
            assertTrue(wide.details().contains(dev.bpftop.collect.Detail.NAMESPACES));
        }
    }
}
