package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-shot cpu_pct baseline is taken exactly when the planned statement reads an interval column. */
class BaselineTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT pid, cpu_pct FROM processes",
            "SELECT count(*) FROM processes WHERE cpu_pct >= 0",
            "SELECT pid FROM top",
            "SELECT max(cpu_pct) FROM threads",
            "SELECT count(cpu_pct) FROM processes",
            "SELECT cpu_interval FROM system",
            "SELECT * FROM processes",
            "SELECT p.pid FROM processes p JOIN threads t ON t.pid = p.pid ORDER BY t.cpu_pct"})
    void takenWhenNeeded(String sql) throws Exception {
        assertTrue(firstInterval(sql) > 0, sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT count(*) FROM processes",
            "SELECT pid, comm, rss FROM processes WHERE rss > 0",
            "SELECT p.pid, count(*) FROM processes p JOIN threads t ON t.pid = p.pid GROUP BY p.pid",
            "SELECT hostname FROM system"})
    void skippedOtherwise(String sql) throws Exception {
        assertEquals(0.0, firstInterval(sql), sql);
    }

    /** The interval of the snapshot the statement ran on: 0 when no baseline was taken. */
    private static double firstInterval(String sql) throws Exception {
        try (Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 20))) {
            s.execute(sql);
            return s.snapshot().intervalSeconds();
        }
    }
}
