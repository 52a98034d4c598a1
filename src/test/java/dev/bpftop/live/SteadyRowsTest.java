package dev.bpftop.live;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.PreparedQuery;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Spawned;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyRowsTest {
    @Test
    void anEqualRowIsTheLastTicksArrayMatchedByPid() {
        Object[] a = {1, "init", 0.0}, b = {5, "sleep", 0.0}, c = {9, "busy", 1.0};
        SteadyRows steady = new SteadyRows(List.of(a, b, c), 0);
        Object[] sameAsA = {1, "init", 0.0}, born = {3, "new", 0.0}, changedB = {5, "sleep", 0.5}, sameAsC = {9, "busy", 1.0};
        assertSame(a, steady.apply(sameAsA));
        assertSame(born, steady.apply(born), "a new process has no row to reuse");
        assertSame(changedB, steady.apply(changedB), "a value moved: the new row");
        assertSame(c, steady.apply(sameAsC), "found past a new row and a changed one");
    }

    @Test
    void withoutAKeyRowsAreMatchedByPosition() {
        Object[] a = {"x", 1L}, b = {"y", 2L};
        SteadyRows steady = new SteadyRows(List.of(a, b), -1);
        assertSame(a, steady.apply(new Object[] {"x", 1L}));
        Object[] moved = {"y", 3L};
        assertSame(moved, steady.apply(moved));
        Object[] extra = {"z", 4L};
        assertSame(extra, steady.apply(extra), "more rows than last time");
    }

    /** Real processes through the default view's query: an idle one keeps its row, a busy one gets a new one with its new CPU time. */
    @Test
    void anIdleProcessKeepsItsRowAndABusyOneDoesNot() throws Exception {
        try (Spawned idle = Spawned.start("sleep", "1000");
             Spawned busy = Spawned.shell("while :; do :; done");
             Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
             PreparedQuery query = session.prepare(new DefaultView(null).query())) {
            query.run(); // the rates' baseline: CPU% is NULL on a process's first reading
            QueryResult first = query.run();
            int pid = first.columns().indexOf("pid");
            Thread.sleep(300);
            QueryResult second = query.run(new SteadyRows(first.rows(), pid));
            assertSame(row(first, pid, idle.pid()), row(second, pid, idle.pid()));
            assertNotSame(row(first, pid, busy.pid()), row(second, pid, busy.pid()));
            for (Object[] r : second.rows()) {
                Object[] before = row(first, pid, (Integer) r[pid]);
                assertTrue(before == null || r == before || !Arrays.equals(r, before), "a row equal to last tick's is last tick's: " + Arrays.toString(r));
            }
        }
    }

    private static Object[] row(QueryResult r, int pidColumn, int pid) {
        return r.rows().stream().filter(x -> x[pidColumn] instanceof Integer p && p == pid).findFirst().orElse(null);
    }
}
