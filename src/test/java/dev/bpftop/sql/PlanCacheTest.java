package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Detail;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.Spawned;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.Test;

/**
 * A session plans each SQL text once and runs the plan again on every new snapshot; a statement
 * collects the details its columns need and no more; `count(*)` builds one column of each row.
 */
class PlanCacheTest {

    @Test
    void aRepeatedStatementIsPlannedOnceAndSeesEachNewSnapshot() throws Exception {
        String sql = "SELECT count(*) FROM processes WHERE comm = 'sleep' AND ppid = " + ProcessHandle.current().pid();
        AtomicInteger parses = new AtomicInteger();
        try (Hook.Closeable counting = Hook.PARSE_TREE.add((Object[] parsed) -> {
                 if (sql.equals(parsed[0])) parses.incrementAndGet();
             });
             Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0))) {
            assertEquals(0L, count(s, sql));
            try (Spawned sleeper = Spawned.start("sleep", "60")) {
                assertEquals(1L, count(s, sql), "the second run reads a snapshot taken after the sleep started");
            }
            assertEquals(0L, count(s, sql));
            assertEquals(1, parses.get(), "three runs of one text, one parse");
        }
    }

    @Test
    void aStatementCancelledAfterItFinishedIsPlannedAfresh() throws Exception {
        String sql = "SELECT count(*) FROM processes";
        try (Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0))) {
            Cancel late = new Cancel();
            s.execute(sql, late);
            late.request(); // Ctrl-C just after the rows came: too late for this statement
            assertTrue(count(s, sql) > 0, "the next run of the same text is not cancelled");
        }
    }

    @Test
    void aStatementCollectsOnlyWhatItsColumnsNeed() throws Exception {
        List<Set<Detail>> asked = new ArrayList<>();
        try (Session s = new Session(new SnapshotSource(new AskingCollector(new ProcfsCollector(), asked), Enrichers.none(), 0))) {
            s.execute("SELECT count(*) FROM processes");
            s.execute("SELECT count(*) FROM processes");
            s.execute("SELECT max(length(cmdline)) FROM processes");
            s.execute("SELECT 1");
        }
        assertEquals(List.of(Set.of(), Set.of(), Set.of(Detail.CMDLINE)), asked,
                "count(*) walks the tasks alone (its plan reused or not), cmdline adds its own, SELECT 1 walks nothing");
    }

    @Test
    void countReadsOneColumnOfTheScan() throws Exception {
        try (Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0))) {
            String plan = plan(s, "SELECT count(*) FROM processes");
            assertTrue(plan.contains("BindableTableScan(table=[[bpftop, processes]], projects=[[0]])"), plan);
            String threads = plan(s, "SELECT count(*) FROM threads");
            assertTrue(threads.contains("BindableTableScan(table=[[bpftop, threads]], projects=[[0]])"), threads);
            long pids = s.execute("SELECT count(*) FROM processes WHERE pid = 1").rows().getFirst()[0] instanceof Number n ? n.longValue() : -1;
            assertEquals(1, pids);
        }
    }

    private static String plan(Session s, String sql) throws SqlError {
        StringBuilder b = new StringBuilder();
        for (Object[] row : s.execute("EXPLAIN PLAN FOR " + sql).rows()) b.append(row[0]).append('\n');
        return b.toString();
    }

    private static long count(Session s, String sql) throws SqlError {
        return ((Number) s.execute(sql).rows().getFirst()[0]).longValue();
    }
}
