package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.NeedsCheck;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A column's declared needs are what a prepared (WATCH) query collects after its first run: a
 * column that under-declares them reads a field the collector left at its default. Each column is
 * read alone, after the first run, and must equal what a collection of every detail gives.
 */
class ColumnNeedsTest {

    /**
     * The row of a sleeping child, so its values hold still between snapshots; it runs as nobody
     * with one capability (ids and capabilities differ from a field's default) in a scratch
     * systemd-like cgroup (unit, slice and frozen are known).
     */
    @ParameterizedTest
    @CsvSource({"processes, pid", "threads, tid"})
    void everyColumnReadAloneMatchesAFullCollection(String table, String key) throws Exception {
        Require.root();
        Require.cgroupV2();
        try (ScratchCgroup cgroup = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-needs") + "/test.slice/needs.scope");
             Spawned child = Spawned.start("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                     "--inh-caps=+net_bind_service", "--ambient-caps=+net_bind_service", "sleep", "600");
             Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.defaults(), 0))) {
            cgroup.add(child.pid());
            awaitComm(child.pid(), "sleep");
            session.refresh(); // so that cpu_pct is measured from the first run on
            String where = key + " = " + child.pid();
            QueryResult full = NeedsCheck.full(session, table, where);
            assertEquals(List.of(), NeedsCheck.mismatches(session, table, where, full, Set.of()), table + " columns read alone");
            assertEquals(cgroup.id(), NeedsCheck.value(full, "cgroup_id"), "the child sat in its scratch cgroup");
        }
    }

    /** Every process has a thread, so a WATCH of the machine's thread count must keep walking them. */
    @Test
    void systemThreadCountKeepsItsThreadWalk() throws Exception {
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
             PreparedQuery threads = session.prepare("SELECT threads FROM system")) {
            threads.run();
            int count = (Integer) single(threads.run());
            assertTrue(count >= session.snapshot().processes().size(), count + " threads");
        }
    }

    @Test
    void aColumnMustSayWhatItNeedsUnlessItsTableDoes() {
        TableDef.Builder<String> silent = TableDef.<String>builder("t", "test", s -> List.of())
                .column("a", ColumnType.VARCHAR, "says nothing", (r, s) -> r);
        IllegalStateException e = assertThrows(IllegalStateException.class, silent::build);
        assertEquals("table t: column a declares no needs and neither does its table", e.getMessage());
        TableDef<String> said = silent.needs(Needs.EVERYTHING).build();
        assertEquals(Needs.EVERYTHING, said.needs(new int[] {0}));
    }

    private static Object single(QueryResult r) {
        assertEquals(1, r.rows().size(), "one row");
        return r.rows().get(0)[0];
    }

    /** setpriv execs sleep: read the row only once the exec is done. */
    private static void awaitComm(int pid, String comm) throws Exception {
        Path file = Path.of("/proc", Integer.toString(pid), "comm");
        for (int i = 0; i < 500 && !Files.readString(file).strip().equals(comm); i++) Thread.sleep(10);
        assertEquals(comm, Files.readString(file).strip());
    }
}
