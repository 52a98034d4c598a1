package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plan that is one plain scan is read straight from the table, and reads what Calcite reads. */
class ScanPlanTest {
    /** The live view's default query (live.DefaultView), written out. */
    private static final String DEFAULT_VIEW = "SELECT p.pid, p.ppid, p.username, p.priority, p.nice, p.vsz, p.rss, p.shared, p.state, "
            + "p.cpu_pct, p.mem_pct, p.cpu_time, p.io_rate, p.net_rate, p.container_name, p.unit, p.gpu_util, p.gpu_mem, p.frozen, "
            + "p.comm, p.cmdline FROM processes p WHERE NOT p.kernel_thread";
    private static final List<String> PLAIN = List.of(DEFAULT_VIEW, "SELECT * FROM processes", "SELECT comm, pid FROM processes WHERE NOT frozen",
            "SELECT tid AS t, comm AS c, state FROM threads WHERE NOT kernel_thread", "SELECT pid, kernel_thread FROM processes WHERE kernel_thread");
    private static final List<String> MORE = List.of("SELECT pid, comm FROM processes WHERE pid = 1", "SELECT pid + 1, comm FROM processes",
            "SELECT pid, comm FROM processes ORDER BY pid", "SELECT pid, comm FROM processes LIMIT 5",
            "SELECT t.tid, p.comm FROM threads t JOIN processes p ON p.pid = t.pid", "SELECT pid, comm FROM processes WHERE cpu_pct >= 0",
            "SELECT DISTINCT comm, state FROM processes", "SELECT pid, comm FROM processes WHERE NOT kernel_thread OR frozen");

    private static Session session() {
        return new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.defaults(), 0));
    }

    @Test
    void onlyAPlainScanIsReadStraight() throws Exception {
        try (Session session = session()) {
            for (String q : PLAIN) {
                try (PreparedQuery p = session.prepare(q)) {
                    assertTrue(p.readsStraight(), q);
                }
            }
            for (String q : MORE) {
                try (PreparedQuery p = session.prepare(q)) {
                    assertFalse(p.readsStraight(), q);
                }
            }
        }
    }

    @Test
    void aStraightScanReadsWhatCalciteReadsFromTheSameSnapshot() throws Exception {
        try (Session session = session()) {
            for (String q : PLAIN) {
                // A LIMIT no result reaches keeps Calcite's interpreter in the plan, the rows in scan order.
                try (PreparedQuery straight = session.prepare(q); PreparedQuery calcite = session.prepare(q + " LIMIT 2147483647")) {
                    assertTrue(straight.readsStraight(), q);
                    assertFalse(calcite.readsStraight(), q);
                    for (int run = 0; run < 2; run++) { // the second with cpu_pct and the rates over an interval
                        QueryResult a = straight.run();
                        QueryResult b = calcite.runOnCurrent();
                        assertEquals(b.columns(), a.columns(), q);
                        assertEquals(b.jdbcTypes(), a.jdbcTypes(), q);
                        assertFalse(a.rows().isEmpty(), q);
                        assertEquals(b.rows().size(), a.rows().size(), q);
                        for (int i = 0; i < a.rows().size(); i++) {
                            assertEquals(Arrays.asList(b.rows().get(i)), Arrays.asList(a.rows().get(i)), "row " + i + " of " + q);
                        }
                    }
                }
            }
        }
    }
}
