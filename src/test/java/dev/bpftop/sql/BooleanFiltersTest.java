package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests of a boolean column are applied by the table (no Janino per run); the answers stay SQL's. */
class BooleanFiltersTest {

    @Test
    void booleanTestsSplitTheRowsAsSqlDoes() throws Exception {
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.defaults(), 0))) {
            // One statement, one snapshot: the three counts see the same processes.
            List<Object[]> rows = session.execute("SELECT count(*), count(*) FILTER (WHERE kernel_thread), "
                    + "count(*) FILTER (WHERE NOT kernel_thread), "
                    + "(SELECT count(*) FROM processes WHERE kernel_thread), (SELECT count(*) FROM processes WHERE NOT kernel_thread) "
                    + "FROM processes").rows();
            Object[] r = rows.getFirst();
            assertEquals(r[1], r[3], "WHERE kernel_thread");
            assertEquals(r[2], r[4], "WHERE NOT kernel_thread");
            assertEquals(((Number) r[0]).longValue(), ((Number) r[3]).longValue() + ((Number) r[4]).longValue());
        }
    }

    @Test
    void aPreparedQueryFiltersEveryRunAndKeepsTheOtherConditions() throws Exception {
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.defaults(), 0));
             PreparedQuery p = session.prepare("SELECT pid, kernel_thread FROM processes WHERE NOT kernel_thread AND pid = "
                     + ProcessHandle.current().pid())) {
            for (int run = 0; run < 3; run++) {
                List<Object[]> rows = p.run().rows();
                assertEquals(1, rows.size(), "this JVM, run " + run);
                assertEquals(false, rows.getFirst()[1]);
            }
            try (PreparedQuery kernel = session.prepare("SELECT count(*) FROM processes WHERE kernel_thread AND pid = 1")) {
                assertEquals(0L, ((Number) kernel.run().rows().getFirst()[0]).longValue(), "pid 1 is no kernel thread");
            }
        }
    }
}
