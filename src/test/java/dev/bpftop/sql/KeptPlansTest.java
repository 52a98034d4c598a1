package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.kept.KeptPlans;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans kept across processes: a second session (as a second one-liner would) runs a statement
 * from the plan the first one kept, without parsing it, and gets what a freshly planned statement
 * gets, over real processes; a store it cannot trust, another build's plans and a damaged file are
 * planned afresh; statements whose plans cannot be written down faithfully are not kept.
 */
class KeptPlansTest {
    @TempDir
    Path dir;

    private static final String ME = String.valueOf(ProcessHandle.current().pid());

    /** Statements of several shapes over this test's own sleeping children, so that each run sees the same rows. */
    private static final List<String> SHAPES = List.of(
            "SELECT count(*) FROM processes WHERE ppid = " + ME + " AND comm = 'sleep'",
            "SELECT pid, comm, state FROM processes WHERE ppid = " + ME + " AND comm LIKE 'sle%' ORDER BY pid",
            "SELECT comm, count(*) AS n FROM processes WHERE ppid = " + ME + " AND NOT (comm = 'bash') GROUP BY comm ORDER BY comm",
            "SELECT p.pid, count(t.tid) AS threads FROM processes p JOIN threads t ON t.pid = p.pid WHERE p.ppid = " + ME
                    + " AND p.rss > 0 GROUP BY p.pid ORDER BY p.pid",
            "SELECT pid, cmdline FROM processes WHERE ppid = " + ME + " AND cmdline LIKE 'sleep 6%' ORDER BY pid DESC LIMIT 1");

    private static Session session() {
        return new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
    }

    private static List<List<Object>> rows(Session s, String sql) throws SqlError {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] row : s.execute(sql).rows()) out.add(Arrays.asList(row));
        return out;
    }

    private int files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.filter(p -> p.toString().endsWith(".plan")).count();
        }
    }

    /** Runs {@code sql} once with {@code store}, which keeps its plan: the file it kept it in ({@code in} holds no other). */
    private static Path keptOnce(KeptPlans store, Path in, String sql) throws Exception {
        try (Session s = session()) {
            s.keepPlans(store);
            rows(s, sql);
        }
        try (Stream<Path> s = Files.list(in)) {
            return s.filter(p -> p.toString().endsWith(".plan")).findFirst().orElseThrow();
        }
    }

    @Test
    void aSecondSessionRunsTheKeptPlanWithoutParsingAndGetsWhatAFreshPlanGets() throws Exception {
        KeptPlans store = KeptPlans.open(dir, "build 1");
        assertNotNull(store);
        AtomicInteger parses = new AtomicInteger();
        try (Spawned a = Spawned.start("sleep", "60"); Spawned b = Spawned.start("sleep", "61");
             Hook.Closeable counting = Hook.PARSE_TREE.add((Object[] parsed) -> parses.incrementAndGet())) {
            a.awaitCmdline("sleep");
            b.awaitCmdline("sleep");
            for (String sql : SHAPES) {
                List<List<Object>> fresh, first, again;
                try (Session s = session()) {
                    fresh = rows(s, sql);
                }
                try (Session s = session()) {
                    s.keepPlans(store);
                    first = rows(s, sql);
                    assertEquals("plan: kept for the next run", s.keptPlanOutcome(), sql);
                }
                int parsedBefore = parses.get();
                try (Session s = session()) {
                    s.keepPlans(store);
                    again = rows(s, sql);
                    assertEquals("plan: kept from an earlier run", s.keptPlanOutcome(), sql);
                }
                assertEquals(parsedBefore, parses.get(), "the kept plan is not parsed again: " + sql);
                assertFalse(fresh.isEmpty(), sql);
                assertEquals(fresh, first, sql);
                assertEquals(fresh, again, sql);
            }
            assertEquals(SHAPES.size(), files());
        }
    }

    /** Statements whose tables apply every filter the plan pushes to them: kept plans call their scans directly. */
    private static final List<String> DIRECT = List.of(
            "SELECT count(*) FROM processes",
            "SELECT state, count(*) AS n FROM threads GROUP BY state ORDER BY state",
            "SELECT pid, comm FROM processes WHERE kernel_thread ORDER BY pid",
            "SELECT p.pid, count(t.tid) AS n FROM processes p JOIN threads t ON t.pid = p.pid GROUP BY p.pid ORDER BY n DESC, p.pid LIMIT 5");

    @Test
    void aKeptPlanWhoseTablesApplyAllItsFiltersScansThemDirectlyAndGetsWhatTheInterpreterGets() throws Exception {
        KeptPlans store = KeptPlans.open(dir, "build 1");
        // One real walk, replayed to every session, so that a fresh plan and a kept one read the same tasks.
        Collector.TaskList walk = new ProcfsCollector().collect(Detail.all());
        Collector replay = new Collector() {
            @Override public String name() { return "replay"; }
            @Override public TaskList collect() { return walk; }
            @Override public TaskList collect(Set<Detail> details) { return walk; }
        };
        for (String sql : DIRECT) {
            List<List<Object>> fresh, first, again;
            try (Session s = new Session(new SnapshotSource(replay, Enrichers.none(), 0))) {
                fresh = rows(s, sql);
            }
            try (Session s = new Session(new SnapshotSource(replay, Enrichers.none(), 0))) {
                s.keepPlans(store);
                first = rows(s, sql);
                assertEquals("plan: kept for the next run, its tables scanned directly", s.keptPlanOutcome(), sql);
            }
            try (Session s = new Session(new SnapshotSource(replay, Enrichers.none(), 0))) {
                s.keepPlans(store);
                again = rows(s, sql);
                assertEquals("plan: kept from an earlier run, its tables scanned directly", s.keptPlanOutcome(), sql);
            }
            assertFalse(fresh.isEmpty(), sql);
            assertEquals(fresh, first, sql);
            assertEquals(fresh, again, sql);
        }
    }

    @Test
    void aKeptPlanCollectsTheDetailsItsColumnsNeed() throws Exception {
        KeptPlans store = KeptPlans.open(dir, "build 1");
        String sql = "SELECT max(length(cmdline)) FROM processes";
        for (int run = 0; run < 2; run++) {
            List<Set<Detail>> asked = new ArrayList<>();
            try (Session s = new Session(new SnapshotSource(new AskingCollector(new ProcfsCollector(), asked), Enrichers.none(), 0))) {
                s.keepPlans(store);
                s.execute(sql);
                assertTrue(s.keptPlanOutcome().startsWith(run == 0 ? "plan: kept for the next run" : "plan: kept from an earlier run"), s.keptPlanOutcome());
            }
            assertEquals(List.of(Set.of(Detail.CMDLINE)), asked, "run " + run);
        }
    }

    @Test
    void plansThatCannotBeWrittenDownFaithfullyAreNotKept() throws Exception {
        KeptPlans store = KeptPlans.open(dir, "build 1");
        try (Session s = session()) {
            s.keepPlans(store);
            // IN becomes a search over a range set, which the store does not write.
            assertEquals(List.of(List.of(1)), rows(s, "SELECT pid FROM processes WHERE pid IN (1, 2147483647)"));
            assertTrue(s.keptPlanOutcome().startsWith("plan: not kept ("), s.keptPlanOutcome());
            rows(s, "SELECT * FROM system");
            assertEquals("plan: kept for the next run", s.keptPlanOutcome());
        }
        assertEquals(1, files());
    }

    @Test
    void anotherBuildsPlansAreNotUsed() throws Exception {
        String sql = "SELECT count(*) FROM processes WHERE pid = 1";
        try (Session s = session()) {
            s.keepPlans(KeptPlans.open(dir, "build 1"));
            rows(s, sql);
        }
        try (Session s = session()) {
            s.keepPlans(KeptPlans.open(dir, "build 2"));
            assertEquals(List.of(List.of(1L)), rows(s, sql));
            assertEquals("plan: kept for the next run", s.keptPlanOutcome());
        }
        assertEquals(2, files());
    }

    @Test
    void aDamagedPlanIsPlannedAfreshAndKeptAgain() throws Exception {
        KeptPlans store = KeptPlans.open(dir, "build 1");
        String sql = "SELECT count(*) FROM processes WHERE pid = 1";
        Path file = keptOnce(store, dir, sql);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 100));
        try (Session s = session()) {
            s.keepPlans(store);
            assertEquals(List.of(List.of(1L)), rows(s, sql));
            assertEquals("plan: kept for the next run", s.keptPlanOutcome());
        }
        try (Session s = session()) {
            s.keepPlans(store);
            assertEquals(List.of(List.of(1L)), rows(s, sql));
            assertEquals("plan: kept from an earlier run", s.keptPlanOutcome());
        }
    }

    @Test
    void aStoreOrPlanOthersCouldWriteIsNotTrusted() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(KeptPlans.open(shared, "build 1"), "a directory others can write");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("real")));
        assertNull(KeptPlans.open(link, "build 1"), "a link to a directory");

        Path mine = dir.resolve("mine");
        KeptPlans store = KeptPlans.open(mine, "build 1");
        assertNotNull(store, "made for this user alone");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
        String sql = "SELECT count(*) FROM processes WHERE pid = 1";
        Path file = keptOnce(store, mine, sql);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (Session s = session()) {
            s.keepPlans(store);
            rows(s, sql);
            assertEquals("plan: kept for the next run", s.keptPlanOutcome(), "a plan others could have written is planned afresh");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "and replaced by one of this user's");
    }

    @Test
    void aRecordingsTablesInPlaceOfTheLiveOnesStopTheStore() throws Exception {
        KeptPlans store = KeptPlans.open(dir, "build 1");
        try (Session s = session()) {
            s.keepPlans(store);
            assertNotNull(s.keptPlanOutcome());
            s.replaceTables(def -> new org.apache.calcite.schema.impl.AbstractTable() {
                @Override
                public org.apache.calcite.rel.type.RelDataType getRowType(org.apache.calcite.rel.type.RelDataTypeFactory types) {
                    return types.builder().add("pid", org.apache.calcite.sql.type.SqlTypeName.INTEGER).build();
                }
            });
            assertNull(s.keptPlanOutcome(), "--at: no plans kept or taken");
        }
        assertEquals(0, files());
    }
}
