package dev.bpftop.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.cgroup.Guard;
import dev.bpftop.cgroup.Pids;
import dev.bpftop.collect.CgroupMount;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Outcome;
import dev.bpftop.sql.Plan;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import dev.bpftop.testing.PidReuse;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plan's targets changing between showing and applying it (the process exits, its pid goes to
 * another process, its cgroup is removed), for real: what applying does is refuse that target in
 * one line and change nothing for it.
 */
class FreezeRaceTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private Session session;
    private ScratchCgroup scratch, shared, other;

    @BeforeEach
    void setUp() throws IOException {
        Require.root();
        Require.cgroupV2();
        scratch = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-race"));
        shared = ScratchCgroup.create(scratch.path().substring(1) + "/shared");
        other = ScratchCgroup.create(scratch.path().substring(1) + "/other");
        session = new Session(new SnapshotSource(new ProcfsCollector(Path.of("/proc"), 0), Enrichers.defaults(), 0));
        session.freezeRules(Guard.forThisProcess(), scratch.path());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) c.close();
        if (scratch != null) scratch.close();
        if (session != null) session.close();
    }

    private Spawned spawn(String script, ScratchCgroup into) throws IOException {
        Spawned s = Spawned.shell(script);
        cleanup.add(s);
        if (into != null) into.add(s.pid());
        return s;
    }

    /** The process exits and a new one gets its pid, in another cgroup, before the plan is applied. */
    private Spawned replace(Spawned target) throws Exception {
        int pid = target.pid();
        target.close(); // killed and reaped: the pid is free
        Spawned impostor = PidReuse.shellAt(pid, "exec sleep 1000");
        cleanup.add(impostor);
        impostor.awaitStatus("Name:", "sleep"); // past its exec: the refusal names what runs there
        other.add(impostor.pid());
        return impostor;
    }

    private Plan plan(String sql) throws SqlError {
        return ((Outcome.Planned) session.run(Grammar.parse(sql), new Cancel())).plan();
    }

    // --- 1. the live view: f plans, the dialog shows, Enter applies that plan (FreezeActions.apply) ---

    @Test
    void theLiveViewsShownIsolationRefusesAReusedPidAndFreezesNothing() throws Exception {
        Spawned a = spawn("exec sleep 1000", shared);
        spawn("exec sleep 1000", shared);
        Plan shown = session.plan(Statement.Freeze.pid(a.pid()), new Cancel()); // what f shows
        assertEquals(Plan.Action.ISOLATE_AND_FREEZE, shown.steps().getFirst().action());
        Spawned impostor = replace(a);
        assertEquals(a.pid(), impostor.pid(), "the pid was reused");

        PlanRunner liveView = new PlanRunner(plan -> true, false, session.source()::cgroupsMoved); // as FreezeActions makes it
        SqlError e = assertThrows(SqlError.class, () -> liveView.apply(shown));
        assertEquals("FREEZE failed for 1 of 1 cgroups: " + shared.path() + "/bpftop.freeze/" + a.pid() + ": pid " + a.pid()
                + " was reused: the planned process exited and pid " + a.pid() + " is now sleep", e.getMessage().replaceAll(" \\(started .*", ""));
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertEquals(other.path(), Pids.cgroupOf(impostor.pid()).orElseThrow(), "the new process was not moved");
        assertNothingFrozen();
    }

    @Test
    void aProcessAloneInItsCgroupIsRefusedWhenItsPidNowNamesAnother() throws Exception {
        Spawned a = spawn("exec sleep 1000", shared);
        Plan shown = session.plan(Statement.Freeze.pid(a.pid()), new Cancel());
        assertEquals(Plan.Action.FREEZE, shown.steps().getFirst().action(), "alone: its own cgroup is frozen");
        Spawned impostor = replace(a);
        shared.add(impostor.pid()); // even back in the very cgroup the plan showed
        SqlError e = assertThrows(SqlError.class, () -> new PlanRunner(plan -> true, false, () -> {}).apply(shown));
        assertTrue(e.getMessage().contains(": pid " + a.pid() + " was reused: "), e.getMessage());
        assertNothingFrozen();
    }

    // --- 2. the shell: FREEZE PID asked (y/N) or --yes; THAW PID moves nothing where it never was -------

    @Test
    void theShellsFreezePidRefusesAReusedPidWithAndWithoutYes() throws Exception {
        for (boolean yes : List.of(false, true)) {
            Spawned a = spawn("exec sleep 1000", shared);
            spawn("exec sleep 1000", shared);
            List<Spawned> impostor = new ArrayList<>();
            java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
            Confirmation asked = yes ? Confirmation.assumeYes(new java.io.PrintStream(shown)) : plan -> true;
            PlanRunner shell = new PlanRunner(plan -> {
                boolean ok = asked.confirm(plan);
                try {
                    impostor.add(replace(a)); // between the plan shown and the act
                } catch (Exception x) {
                    throw new AssertionError(x);
                }
                return ok;
            }, false, session.source()::cgroupsMoved);
            SqlError e = assertThrows(SqlError.class, () -> shell.settle(plan("FREEZE PID " + a.pid())));
            assertTrue(e.getMessage().contains("pid " + a.pid() + " was reused"), e.getMessage());
            assertEquals(other.path(), Pids.cgroupOf(impostor.getFirst().pid()).orElseThrow());
            assertNothingFrozen();
            // and THAW PID does not take the new process anywhere: it was never frozen nor isolated
            SqlError thaw = assertThrows(SqlError.class, () -> plan("THAW PID " + a.pid()));
            assertTrue(thaw.getMessage().contains("is not frozen and is in no bpftop helper cgroup"), thaw.getMessage());
            assertEquals(other.path(), Pids.cgroupOf(impostor.getFirst().pid()).orElseThrow());
        }
    }

    @Test
    void thawPidLeavesAProcessThatBpftopDidNotMoveIntoTheHelper() throws Exception {
        Spawned a = spawn("exec sleep 1000", shared);
        spawn("exec sleep 1000", shared);
        new PlanRunner(plan -> true, false, () -> {}).settle(plan("FREEZE PID " + a.pid()));
        Path helper = shared.dir().resolve("bpftop.freeze/" + a.pid());
        Spawned stranger = spawn("exec sleep 1000", other);
        Files.writeString(helper.resolve("cgroup.procs"), Integer.toString(stranger.pid())); // someone else put it there
        SqlError e = assertThrows(SqlError.class, () -> new PlanRunner(plan -> true, false, () -> {}).settle(plan("THAW PID " + stranger.pid())));
        assertTrue(e.getMessage().contains("pid " + stranger.pid() + " in " + shared.path() + "/bpftop.freeze/" + a.pid()
                + " is not the process bpftop moved there from " + shared.path()), e.getMessage());
        assertEquals(shared.path(), Pids.cgroupOf(a.pid()).orElseThrow(), "the isolated process itself went back");
        assertEquals(shared.path() + "/bpftop.freeze/" + a.pid(), Pids.cgroupOf(stranger.pid()).orElseThrow(), "never moved where it never was");
        assertEquals("0", Files.readString(helper.resolve("cgroup.freeze")).trim());
    }

    /** As for a helper made under a writable ancestor by a non-root bpftop, whose origin was removed since. */
    @Test
    void aProcessWhoseOriginIsGoneStaysInItsHelperWithOneLineSayingHowToMoveIt() throws Exception {
        Spawned a = spawn("exec sleep 1000", shared);
        spawn("exec sleep 1000", shared);
        new PlanRunner(plan -> true, false, () -> {}).settle(plan("FREEZE PID " + a.pid()));
        Path helper = shared.dir().resolve("bpftop.freeze/" + a.pid());
        var xattrs = Files.getFileAttributeView(helper, java.nio.file.attribute.UserDefinedFileAttributeView.class);
        xattrs.write("bpftop.origin", java.nio.charset.StandardCharsets.UTF_8.encode(scratch.path() + "/removed-since"));
        SqlError e = assertThrows(SqlError.class, () -> new PlanRunner(plan -> true, false, () -> {}).settle(plan("THAW PID " + a.pid())));
        assertEquals("THAW failed for 1 of 1 cgroups: " + shared.path() + "/bpftop.freeze/" + a.pid() + ": pid " + a.pid() + " stays in "
                + shared.path() + "/bpftop.freeze/" + a.pid() + ", thawed: its origin " + scratch.path() + "/removed-since is gone; move it with: echo "
                + a.pid() + " > <cgroup>/cgroup.procs, then THAW CGROUP '" + shared.path() + "/bpftop.freeze/" + a.pid() + "'", e.getMessage());
        assertEquals(shared.path() + "/bpftop.freeze/" + a.pid(), Pids.cgroupOf(a.pid()).orElseThrow());
        assertEquals("0", Files.readString(helper.resolve("cgroup.freeze")).trim());
    }

    // --- 4. every error says its real cause ---------------------------------------------------------------

    @Test
    void aCgroupRemovedBetweenPlanAndApplyIsSaidToBeRemoved() throws Exception {
        ScratchCgroup gone = ScratchCgroup.create(scratch.path().substring(1) + "/gone");
        Plan freeze = plan("FREEZE CGROUP '" + gone.path() + "'");
        Files.delete(gone.dir());
        SqlError e = assertThrows(SqlError.class, () -> new PlanRunner(plan -> true, false, () -> {}).apply(freeze));
        assertEquals("FREEZE failed for 1 of 1 cgroups: " + gone.path() + ": cgroup " + gone.path() + " was removed (by someone else, since the plan)",
                e.getMessage());
        // made again at the same path: the plan's cgroup is gone all the same, the new one is not touched
        Files.createDirectory(gone.dir());
        e = assertThrows(SqlError.class, () -> new PlanRunner(plan -> true, false, () -> {}).apply(freeze));
        assertTrue(e.getMessage().endsWith("was removed (by someone else, since the plan)"), e.getMessage());
        assertEquals("0", Files.readString(gone.dir().resolve("cgroup.freeze")).trim());
    }

    @Test
    void aProcessThatExitedIsSaidToHaveExited() throws Exception {
        Spawned a = spawn("exec sleep 1000", shared);
        spawn("exec sleep 1000", shared);
        Plan shown = plan("FREEZE PID " + a.pid());
        a.close();
        SqlError e = assertThrows(SqlError.class, () -> new PlanRunner(plan -> true, false, () -> {}).apply(shown));
        assertTrue(e.getMessage().endsWith(": pid " + a.pid() + " exited since the plan: not moved, not frozen"), e.getMessage());
        assertNothingFrozen();
    }

    @Test
    void theRootCgroupRefusalSuggestsIsolatingOnlyAPidThatCanBe() throws Exception {
        Path root = CgroupMount.v2().orElseThrow();
        Spawned init = spawn("exec sleep 1000", null), plain = spawn("exec sleep 1000", null);
        Files.writeString(root.resolve("cgroup.procs"), Integer.toString(init.pid()));
        Files.writeString(root.resolve("cgroup.procs"), Integer.toString(plain.pid()));
        session.freezeRules(new Guard(ProcessHandle.current().pid(), init.pid()), scratch.path()); // init stands for PID 1
        SqlError e = assertThrows(SqlError.class, () -> plan("FREEZE WHERE pid = " + init.pid()));
        assertFalse(e.getMessage().contains("isolates it"), e.getMessage());
        assertTrue(e.getMessage().contains("(it matched pid " + init.pid() + ", init, which is never frozen: leave it out of the condition)"), e.getMessage());
        e = assertThrows(SqlError.class, () -> plan("FREEZE WHERE pid IN (" + init.pid() + ", " + plain.pid() + ")"));
        assertTrue(e.getMessage().contains("(pid " + plain.pid() + " matched; FREEZE PID " + plain.pid() + " isolates it)"), e.getMessage());
    }

    @Test
    void aPlanShowsAnInvalidUtf8CommAsQueriesDo() throws Exception {
        Spawned odd = spawn("printf 'a\\377b' > /proc/$$/comm; while :; do sleep 1; done", shared);
        for (int i = 0; i < 200 && Pids.comm(odd.pid()).equals("sh"); i++) Thread.sleep(10);
        QueryResult q = ((Outcome.Rows) session.run(Grammar.parse("SELECT comm FROM processes WHERE pid = " + odd.pid()), new Cancel())).result();
        String queried = (String) q.rows().getFirst()[0];
        assertEquals("a\uDCFFb", queried, "the byte kept as it came (surrogate escape)");
        Plan p = plan("FREEZE CGROUP '" + shared.path() + "'");
        assertEquals(queried, p.steps().getFirst().members().getFirst().comm());
        String lines = String.join("\n", PlanText.lines(p));
        assertEquals("a\\xffb", Sanitizer.forTerminal(queried), "a terminal shows the byte as its escape, as a query's table does");
        assertTrue(lines.contains(odd.pid() + "  " + Sanitizer.forTerminal(queried)), lines);
        assertFalse(lines.contains("a?b"), lines);
    }

    private void assertNothingFrozen() throws IOException {
        try (var walk = Files.walk(scratch.dir())) {
            for (Path d : walk.filter(Files::isDirectory).toList()) {
                assertEquals("0", Files.readString(d.resolve("cgroup.freeze")).trim(), d + " was frozen");
                assertFalse(d.getFileName().toString().equals("bpftop.freeze"), "helper left at " + d);
            }
        }
    }

}
