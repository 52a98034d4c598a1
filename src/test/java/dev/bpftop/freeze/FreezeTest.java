package dev.bpftop.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bpftop.cgroup.Guard;
import dev.bpftop.cgroup.Pids;
import dev.bpftop.collect.CgroupMount;
import dev.bpftop.collect.Collector;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.collect.StatParser;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Outcome;
import dev.bpftop.sql.Plan;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FREEZE and THAW on real processes in real scratch cgroups; every scratch cgroup is thawed and removed after. */
class FreezeTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<Plan> confirmed = new ArrayList<>();
    private Session session;
    private PlanRunner plans;
    private ScratchCgroup scratch;

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        Require.root();
        Require.cgroupV2();
        scratch = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-freeze"));
        // Keeping cgroups even of brand-new processes: a FREEZE move must still show on the next query.
        session = new Session(new SnapshotSource(new ProcfsCollector(Path.of("/proc"), 0), Enrichers.defaults(), 0));
        use(Guard.forThisProcess(), plan -> confirmed.add(plan));
    }

    /** Processes die first (Spawned), then the scratch tree is thawed and removed, whatever the test did. */
    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) c.close();
        if (scratch != null) scratch.close();
        if (session != null) session.close();
    }

    private void use(Guard guard, Confirmation confirmation) { use(guard, confirmation, false); }

    /** Who counts as bpftop and init, how a plan is confirmed, and THAW ALL kept inside the scratch cgroup. */
    private void use(Guard guard, Confirmation confirmation, boolean dryRun) {
        session.freezeRules(guard, scratch.path());
        plans = new PlanRunner(confirmation, dryRun, Duration.ofSeconds(5), session.source()::cgroupsMoved);
    }

    /** As a front end runs a statement: rows as they are, a plan settled (asked, applied). */
    private QueryResult run(String sql) throws SqlError {
        return switch (session.run(Grammar.parse(sql), new Cancel())) {
            case Outcome.Rows r -> r.result();
            case Outcome.Planned p -> plans.settle(p.plan());
            case Outcome.Live l -> throw new AssertionError("no WATCH here");
            case Outcome.Streamed s -> throw new AssertionError("no rows streamed here");
        };
    }

    private Spawned spawn(String script, ScratchCgroup into) throws IOException {
        Spawned s = Spawned.shell(script);
        cleanup.add(s);
        if (into != null) into.add(s.pid());
        return s;
    }

    /** The scratch cgroup's unique suffix, to name units no other test uses. */
    private String tag() { return scratch.path().substring(scratch.path().lastIndexOf('-') + 1); }

    private ScratchCgroup sub(String name) throws IOException {
        return ScratchCgroup.create(scratch.path().substring(1) + "/" + name);
    }

    // --- the freezer works, transparently ---------------------------------------------------------

    @Test
    void busyLoopStopsWhileFrozenSeesNoSignalAndResumesAfterThaw() throws Exception {
        Path signalled = tmp.resolve("signalled");
        Spawned busy = spawn("trap 'echo $? > " + signalled + "' CONT TSTP TTIN TTOU HUP INT TERM USR1 USR2 ALRM; "
                + "while :; do :; done", scratch);
        awaitCpu(busy.pid());

        QueryResult r = run("FREEZE CGROUP '" + scratch.path() + "'");
        assertTrue(outcome(r, 0).startsWith("frozen in "), outcome(r, 0));
        assertTrue(Files.readString(scratch.dir().resolve("cgroup.events")).contains("frozen 1"));
        long before = cpuTicks(busy.pid());
        Thread.sleep(300);
        assertEquals(before, cpuTicks(busy.pid()), "a frozen busy loop must not accumulate CPU time");
        String state = state(busy.pid());
        assertFalse(state.startsWith("T") || state.startsWith("t"), "frozen is not stopped: " + state);
        assertEquals(List.of(true), column("SELECT frozen FROM processes WHERE pid = " + busy.pid()));
        assertEquals(List.of(true), column("SELECT frozen FROM cgroups WHERE path = '" + scratch.path() + "'"));

        r = run("THAW CGROUP '" + scratch.path() + "'");
        assertEquals("thawed", outcome(r, 0));
        awaitCpu(busy.pid());
        assertEquals(List.of(false), column("SELECT frozen FROM processes WHERE pid = " + busy.pid()));
        assertFalse(Files.exists(signalled), "the process saw a signal");
        assertEquals(2, confirmed.size(), "each statement asked for confirmation");
    }

    @Test
    void aProcessJoiningAFrozenCgroupAndAChildCgroupAreBornFrozen() throws Exception {
        spawn("exec sleep 1000", scratch);
        run("FREEZE CGROUP '" + scratch.path() + "'");
        // a cgroup created below a frozen one starts frozen, and so does every task that enters it
        ScratchCgroup child = sub("born");
        assertTrue(Files.readString(child.dir().resolve("cgroup.events")).contains("frozen 1"));
        Spawned late = spawn("while :; do :; done", null);
        awaitCpu(late.pid());
        child.add(late.pid());
        awaitStill(late.pid());
        long before = cpuTicks(late.pid());
        Thread.sleep(300);
        assertEquals(before, cpuTicks(late.pid()), "a process that joined the frozen cgroup runs on");
        assertEquals("still frozen: its ancestor " + scratch.path() + " is frozen", outcome(run("THAW CGROUP '" + child.path() + "'"), 0));
        run("THAW ALL");
        awaitCpu(late.pid());
    }

    /** A shell forking without pause: once frozen, no new process appears and the ones caught mid-fork are frozen too. */
    @Test
    void aForkingParentForksNoMoreAndItsNewestChildrenAreFrozen() throws Exception {
        spawn("while :; do /bin/true; done", scratch);
        run("FREEZE CGROUP '" + scratch.path() + "'");
        assertTrue(Files.readString(scratch.dir().resolve("cgroup.events")).contains("frozen 1"));
        // The CPU time of a task frozen in the middle of a tick is accounted when it stops, which an
        // emulated guest's slow clock can put just after the freeze returns: read the baseline once
        // that has settled; no task may run in the 300 ms after it.
        Thread.sleep(100);
        Set<Long> frozen = procs();
        List<Long> ticks = new ArrayList<>();
        for (long pid : frozen) ticks.add(cpuTicks(pid));
        Thread.sleep(300);
        assertEquals(frozen, procs(), "a frozen shell forked");
        List<Long> after = new ArrayList<>();
        for (long pid : frozen) after.add(cpuTicks(pid));
        assertEquals(ticks, after, "some process of the frozen cgroup ran");
        run("THAW CGROUP '" + scratch.path() + "'");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (procs().equals(frozen)) {
            if (System.nanoTime() > deadline) fail("the shell does not fork again after THAW");
            Thread.sleep(10);
        }
    }

    private Set<Long> procs() throws IOException {
        Set<Long> out = new TreeSet<>();
        for (String line : Files.readAllLines(scratch.dir().resolve("cgroup.procs"))) out.add(Long.parseLong(line.trim()));
        return out;
    }

    @Test
    void thePlanListsExactlyThePidsAndDryRunChangesNothing() throws Exception {
        ScratchCgroup a = sub("a"), b = sub("a/b"), other = sub("other");
        Set<Long> expected = new TreeSet<>();
        for (ScratchCgroup c : List.of(a, a, b)) expected.add((long) spawn("exec sleep 1000", c).pid());
        long evil = spawn("printf 'ev\\033[2Jil' > /proc/$$/comm; read x", a).pid();
        expected.add(evil);
        for (int i = 0; i < 250 && !Pids.comm(evil).startsWith("ev"); i++) Thread.sleep(20);
        spawn("exec sleep 1000", other);

        use(Guard.forThisProcess(), p -> fail("dry run asks nothing"), true);
        QueryResult r = run("FREEZE CGROUP '" + a.path() + "'");
        Set<Long> planned = new TreeSet<>();
        for (Object[] row : r.rows()) {
            assertEquals(a.path(), row[0]);
            assertEquals("freeze", row[1]);
            planned.add((Long) row[2]);
        }
        assertEquals(expected, planned);
        assertEquals("0", Files.readString(a.dir().resolve("cgroup.freeze")).trim(), "a dry run changes nothing");

        use(Guard.forThisProcess(), plan -> {
            confirmed.add(plan);
            return false;
        });
        SqlError e = assertThrows(SqlError.class, () -> run("FREEZE WHERE pid = " + evil));
        assertEquals("FREEZE not confirmed: nothing changed", e.getMessage());
        assertEquals("0", Files.readString(a.dir().resolve("cgroup.freeze")).trim());
        Plan plan = confirmed.getLast();
        assertEquals(expected, new TreeSet<>(plan.steps().getFirst().members().stream().map(Plan.Member::pid).toList()));
        String text = String.join("\n", PlanText.lines(plan));
        assertTrue(text.contains("ev\\x1b[2Jil"), text);
        assertFalse(text.contains("\u001b"), "comm printed raw");
    }

    // --- the plan: from the statement's own snapshot, applied as shown ---------------------------------

    /** One walk and one parse per statement: the condition is planned by Calcite on the statement's snapshot. */
    @Test
    void aPlanComesFromOneSnapshotOfItsOwnAndCarriesEachProcesssIdentity() throws Exception {
        Spawned a = spawn("exec sleep 1000", scratch);
        ProcfsCollector procfs = new ProcfsCollector();
        AtomicInteger walks = new AtomicInteger(), parses = new AtomicInteger();
        Collector counted = new Collector() {
            @Override public String name() { return procfs.name(); }

            @Override public TaskList collect() { return collect(dev.bpftop.collect.Detail.all()); }

            @Override public TaskList collect(Set<dev.bpftop.collect.Detail> details) {
                walks.incrementAndGet();
                return procfs.collect(details);
            }

            @Override public void close() { procfs.close(); }
        };
        try (Session own = new Session(new SnapshotSource(counted, Enrichers.defaults(), 0));
             Hook.Closeable counting = Hook.PARSE_TREE.addThread((java.util.function.Consumer<Object>) x -> parses.incrementAndGet())) {
            own.freezeRules(Guard.forThisProcess(), scratch.path());
            Plan plan = own.plan((Statement.Freezing) Grammar.parse("FREEZE WHERE pid = " + a.pid() + " AND comm = 'sleep'"), new Cancel());
            assertEquals(1, walks.get(), "one snapshot for the statement");
            assertEquals(1, parses.get(), "Calcite parsed the condition, and nothing else");
            assertEquals(scratch.path(), plan.steps().getFirst().cgroup().path());
            Plan.Member m = plan.steps().getFirst().members().getFirst();
            assertEquals(new Plan.Member(a.pid(), startTicks(a.pid()) * StatParser.TICK_NS, "sleep", scratch.path()), m);
        }
        assertNothingFrozen();
    }

    /** The condition is SQL like any other: a view and a subquery in it parse and plan as usual. */
    @Test
    void aConditionMayNameViewsAndSubqueries() throws Exception {
        Spawned a = spawn("exec sleep 1000", scratch);
        Plan plan = session.plan((Statement.Freezing) Grammar.parse(
                "FREEZE WHERE pid IN (SELECT pid FROM top WHERE pid = " + a.pid() + " ORDER BY cpu_pct DESC LIMIT 1)"), new Cancel());
        assertEquals(List.of(scratch.path()), plan.steps().stream().map(st -> st.cgroup().path()).toList());
        assertNothingFrozen();
    }

    /** The plan a person confirmed is applied, not one made again at the moment of acting. */
    @Test
    void theShownPlanIsTheAppliedPlan() throws Exception {
        Spawned a = spawn("exec sleep 1000", scratch), b = spawn("exec sleep 1000", scratch);
        Plan shown = session.plan(Statement.Freeze.pid(a.pid()), new Cancel());
        assertEquals(Plan.Action.ISOLATE_AND_FREEZE, shown.steps().getFirst().action(), "a shares its cgroup with b");
        b.close();
        b.process().waitFor();
        awaitProcs(List.of((long) a.pid()));
        QueryResult r = plans.settle(shown);
        String helper = scratch.path() + "/bpftop.freeze/" + a.pid();
        assertEquals(helper, r.rows().getFirst()[0], "the shown isolation, though a is alone by now");
        assertEquals(helper, Pids.cgroupOf(a.pid()).orElseThrow());
        assertEquals(List.of(shown), confirmed);
        run("THAW PID " + a.pid());
    }

    private void awaitProcs(List<Long> pids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!new ArrayList<>(procs()).equals(pids)) {
            if (System.nanoTime() > deadline) fail("cgroup.procs still " + procs());
            Thread.sleep(10);
        }
    }

    /** Field 22 of /proc/PID/stat: when the process started, in clock ticks after boot. */
    private static long startTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
    }

    // --- one process out of a shared cgroup ---------------------------------------------------------

    @Test
    void aPidSharingItsCgroupIsMovedIntoAHelperAndBackOnThaw() throws Exception {
        Spawned a = spawn("while :; do :; done", scratch), b = spawn("while :; do :; done", scratch);
        assertEquals(List.of(scratch.path()), column("SELECT cgroup FROM processes WHERE pid = " + a.pid()), "seen (and kept) before the move");
        QueryResult r = run("FREEZE PID " + a.pid());
        String helper = scratch.path() + "/bpftop.freeze/" + a.pid();
        assertEquals(helper, r.rows().getFirst()[0]);
        assertEquals(List.of(helper), column("SELECT cgroup FROM processes WHERE pid = " + a.pid()), "the move shows at once");
        Plan.Step step = confirmed.getLast().steps().getFirst();
        assertEquals(Plan.Action.ISOLATE_AND_FREEZE, step.action());
        assertTrue(String.join("\n", PlanText.lines(confirmed.getLast())).contains("move pid " + a.pid() + " out of " + scratch.path()
                + " (shared with 1 other process)"));
        assertEquals(helper, Pids.cgroupOf(a.pid()).orElseThrow());
        var xattrs = Files.getFileAttributeView(scratch.dir().resolve("bpftop.freeze/" + a.pid()), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        java.nio.ByteBuffer origin = java.nio.ByteBuffer.allocate(xattrs.size("bpftop.origin"));
        xattrs.read("bpftop.origin", origin);
        assertEquals(scratch.path(), java.nio.charset.StandardCharsets.UTF_8.decode(origin.flip()).toString(), "where THAW moves it back");
        long before = cpuTicks(a.pid());
        Thread.sleep(300);
        assertEquals(before, cpuTicks(a.pid()));
        awaitCpu(b.pid()); // its neighbour runs on
        assertEquals(List.of(b.pid()), column("SELECT pid FROM processes WHERE cgroup = '" + scratch.path() + "' AND NOT frozen"));

        r = run("THAW PID " + a.pid());
        assertTrue(outcome(r, 0).contains("moved back to " + scratch.path()), outcome(r, 0));
        assertEquals(scratch.path(), Pids.cgroupOf(a.pid()).orElseThrow());
        assertFalse(Files.exists(scratch.dir().resolve("bpftop.freeze")), "helper cgroups removed");
        awaitCpu(a.pid());
    }

    @Test
    void aPidInTheRootOrASharedCgroupIsPlannedIntoAHelperUnderTheNearestWritableAncestor() throws Exception {
        Spawned p = spawn("exec sleep 1000", null); // shares the test JVM's cgroup (the root cgroup here)
        String own = Pids.cgroupOf(p.pid()).orElseThrow();
        use(Guard.forThisProcess(), x -> false, true);
        QueryResult r = run("FREEZE PID " + p.pid());
        assertEquals((own.equals("/") ? "" : own) + "/bpftop.freeze/" + p.pid(), r.rows().getFirst()[0]);
        assertEquals("move into new cgroup, freeze", r.rows().getFirst()[1]);
    }

    @Test
    void thawAllRemovesTheHelperOfAProcessThatDiedFrozen() throws Exception {
        Spawned a = spawn("exec sleep 1000", scratch);
        spawn("exec sleep 1000", scratch);
        run("FREEZE PID " + a.pid());
        assertTrue(Files.isDirectory(scratch.dir().resolve("bpftop.freeze/" + a.pid())));
        a.close(); // SIGKILL reaches a frozen process
        QueryResult r = run("THAW ALL");
        assertEquals(List.of(scratch.path() + "/bpftop.freeze/" + a.pid()), r.rows().stream().map(x -> x[0]).toList());
        assertFalse(Files.exists(scratch.dir().resolve("bpftop.freeze")), "helper cgroups removed");
    }

    @Test
    void aFailedMoveLeavesNoHelperBehind() throws Exception {
        Spawned a = spawn("exec sleep 1000", scratch);
        spawn("exec sleep 1000", scratch);
        use(Guard.forThisProcess(), plan -> {
            a.close(); // the process exits between the plan and the act
            return true;
        });
        SqlError e = assertThrows(SqlError.class, () -> run("FREEZE PID " + a.pid()));
        assertTrue(e.getMessage().startsWith("FREEZE failed for 1 of 1 cgroups"), e.getMessage());
        assertFalse(Files.exists(scratch.dir().resolve("bpftop.freeze")));
    }

    // --- choosing targets with SQL ------------------------------------------------------------------

    @Test
    void whereUnitAndContainerFreezeTheDistinctCgroupsOfTheMatches() throws Exception {
        ScratchCgroup svc = sub("system.slice/fz-" + tag() + ".service");
        String id = "0123456789abcdef".repeat(4);
        ScratchCgroup ctr = sub("libpod_parent/libpod-" + id);
        ScratchCgroup plain = sub("plain");
        Spawned s1 = spawn("exec sleep 1001", svc), s2 = spawn("exec sleep 1001", sub("system.slice/fz-" + tag() + ".service/worker"));
        Spawned c1 = spawn("exec sleep 1002", sub("libpod_parent/libpod-" + id + "/inner"));
        spawn("exec sleep 1003", plain);

        // a unit or container freezes whole, from its own cgroup down, though its processes sit deeper
        QueryResult r = run("FREEZE UNIT 'fz-" + tag() + ".service'");
        assertEquals(List.of(svc.path()), r.rows().stream().map(x -> x[0]).toList());
        assertEquals(2, r.rows().getFirst()[2]);
        r = run("FREEZE CONTAINER '" + id.substring(0, 12) + "'");
        assertEquals(List.of(ctr.path()), r.rows().stream().map(x -> x[0]).toList());
        assertEquals(List.of(true, true, true), column("SELECT frozen FROM processes WHERE pid IN (" + s1.pid() + "," + s2.pid() + "," + c1.pid() + ")"));
        assertEquals(List.of(false), column("SELECT frozen FROM cgroups WHERE path = '" + plain.path() + "'"));

        r = run("THAW WHERE pid = " + s2.pid());
        assertEquals(List.of(svc.path()), r.rows().stream().map(x -> x[0]).toList(), "THAW thaws the cgroup holding the freeze");
        r = run("THAW ALL");
        assertEquals(List.of(ctr.path()), r.rows().stream().map(x -> x[0]).toList());
        assertEquals(0, run("THAW ALL").rows().size());

        r = run("FREEZE WHERE cgroup LIKE '" + scratch.path() + "/%' AND cmdline LIKE 'sleep 100%'");
        assertEquals(Set.of(svc.path(), ctr.path() + "/inner", plain.path()), Set.copyOf(r.rows().stream().map(x -> x[0]).toList()),
                "WHERE freezes the processes' own cgroups, a match nested in another target folding into it");
        run("THAW ALL");
        r = run("FREEZE WHERE cgroup LIKE '" + scratch.path() + "/system.slice/%'");
        assertEquals(List.of(svc.path()), r.rows().stream().map(x -> x[0]).toList());
        run("THAW ALL");
        SqlError e = assertThrows(SqlError.class, () -> run("THAW WHERE cmdline = 'sleep 1003'"));
        assertEquals("none of the 1 matching processes is frozen", e.getMessage());
    }

    @Test
    void sqlErrorsInTheConditionPointIntoTheStatement() {
        SqlError e = assertThrows(SqlError.class, () -> run("FREEZE WHERE comm = 'x' AND nope = 1"));
        assertEquals("error at line 1, column 29: Column 'nope' not found in any table", e.oneLine());
        e = assertThrows(SqlError.class, () -> run("freeze\nwhere comm = 'x'\n  and nope = 1"));
        assertEquals("error at line 3, column 7: Column 'nope' not found in any table", e.oneLine());
        e = assertThrows(SqlError.class, () -> run("FREEZE WHERE comm = 'no such process here'"));
        assertEquals("error at line 1, column 14: no process matches the condition: nothing to freeze", e.oneLine());
    }

    // --- refusals: each with a clear message and nothing changed ------------------------------------

    @Test
    void refusesTheRootCgroupBadPathsAndMissingTargets() throws Exception {
        ScratchCgroup a = sub("a");
        spawn("exec sleep 1000", a);
        refused("FREEZE CGROUP '/'", "refusing to freeze the root cgroup: it holds every process");
        refused("FREEZE CGROUP '" + CgroupMount.v2().orElseThrow() + "'", "refusing to freeze the root cgroup");
        refused("FREEZE CGROUP '" + a.path() + "/../a'", "'..' is not allowed");
        refused("FREEZE CGROUP '" + a.path() + "/./'", "'.' is not allowed");
        refused("FREEZE CGROUP '/etc'", "it is outside the cgroup v2 mount");
        refused("FREEZE CGROUP '" + a.path() + "/nope'", "no such cgroup: '" + a.path() + "/nope'");
        refused("FREEZE PID 2147483647", "no such process: 2147483647");
        refused("FREEZE UNIT 'no-such-" + tag() + ".service'", "no process matches UNIT");
        refused("THAW CGROUP '/'", "the root cgroup cannot be frozen");
        assertNothingFrozen();
    }

    @Test
    void refusesPid1AndKernelThreads() throws Exception {
        refused("FREEZE PID 1", "refusing to freeze pid 1: it is PID 1 (init)");
        assertTrue(Pids.isKernelThread(2), "pid 2 is kthreadd");
        refused("FREEZE PID 2", "refusing to freeze pid 2 (kthreadd): it is a kernel thread");
        refused("FREEZE WHERE kernel_thread", "is a kernel thread, which the cgroup freezer cannot stop (add AND NOT kernel_thread)");
        String initCgroup = Pids.cgroupOf(1).orElseThrow();
        refused("FREEZE CGROUP '" + initCgroup + "'", initCgroup.equals("/") ? "root cgroup" : "PID 1 (init)");
        assertNothingFrozen();
    }

    @Test
    void refusesBpftopItselfAndItsAncestorsByPid() {
        long self = ProcessHandle.current().pid();
        refused("FREEZE PID " + self, "refusing to freeze pid " + self + ": it is bpftop itself");
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        refused("FREEZE PID " + parent, "it is an ancestor of bpftop (its shell or terminal)");
    }

    /**
     * Stand-ins for bpftop, its shell and init, as real processes in real cgroups: a shell in
     * {@code shell/}, its child ("bpftop") in {@code self/inner}, and an "init" in {@code init/}.
     * Any cgroup holding one of them, directly or below, is refused.
     */
    @Test
    void refusesCgroupsHoldingBpftopItsAncestorsOrInitAnywhereBelow() throws Exception {
        ScratchCgroup shellCg = sub("shell"), selfCg = sub("self/inner"), initCg = sub("init"), free = sub("free");
        Spawned shell = spawn("sleep 1000 & wait", null);
        long bpftop = awaitChild(shell);
        shellCg.add(shell.pid());
        selfCg.add(bpftop);
        Spawned init = spawn("exec sleep 1000", initCg);
        spawn("exec sleep 1000", free);
        use(new Guard(bpftop, init.pid()), plan -> true);

        refused("FREEZE CGROUP '" + shellCg.path() + "'", "it holds an ancestor of bpftop (its shell or terminal), pid " + shell.pid());
        refused("FREEZE CGROUP '" + scratch.path() + "/self'", "it holds bpftop itself, pid " + bpftop + " (sleep) (in " + selfCg.path() + ")");
        refused("FREEZE CGROUP '" + selfCg.path() + "'", "it holds bpftop itself");
        refused("FREEZE CGROUP '" + initCg.path() + "'", "it holds init, pid " + init.pid());
        refused("FREEZE CGROUP '" + scratch.path() + "'", "refusing to freeze " + scratch.path() + ": it holds");
        refused("FREEZE WHERE pid = " + bpftop, "it holds bpftop itself");
        refused("FREEZE PID " + shell.pid(), "it is an ancestor of bpftop");
        assertNothingFrozen();
        assertEquals("frozen in", outcome(run("FREEZE CGROUP '" + free.path() + "'"), 0).substring(0, 9), "an unrelated cgroup still freezes");
    }

    private void refused(String sql, String message) {
        SqlError e = assertThrows(SqlError.class, () -> run(sql), sql);
        assertTrue(e.getMessage().contains(message), e.oneLine());
        assertNotEquals(0, e.line(), "refusals point at the target");
    }

    private void assertNothingFrozen() throws IOException {
        try (var walk = Files.walk(scratch.dir())) {
            for (Path d : walk.filter(Files::isDirectory).toList()) {
                assertEquals("0", Files.readString(d.resolve("cgroup.freeze")).trim(), d + " was frozen");
                assertFalse(d.getFileName().toString().equals("bpftop.freeze"), "helper created at " + d);
            }
        }
        assertTrue(confirmed.isEmpty(), "a refused statement reached confirmation");
    }

    // --- helpers over /proc -------------------------------------------------------------------------

    private List<Object> column(String sql) throws SqlError {
        return run(sql).rows().stream().map(r -> r[0]).toList();
    }

    private static String outcome(QueryResult r, int row) { return (String) r.rows().get(row)[3]; }

    /** utime + stime in clock ticks, fields 14 and 15 of /proc/PID/stat. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String state(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("State:")) return line.substring(6).strip();
        }
        return "?";
    }

    /** Waits (generously: 2 shared cores) until the process gets CPU time. */
    private static void awaitCpu(long pid) throws Exception {
        long start = cpuTicks(pid), deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cpuTicks(pid) == start) {
            if (System.nanoTime() > deadline) fail("pid " + pid + " got no CPU time in 20 s");
            Thread.sleep(20);
        }
    }

    /** Waits until the process's CPU time holds still over 100 ms: freezing a joiner is asynchronous. */
    private static void awaitStill(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            long t = cpuTicks(pid);
            Thread.sleep(100);
            if (cpuTicks(pid) == t) return;
        }
        fail("pid " + pid + " kept running");
    }

    private static long awaitChild(Spawned s) throws Exception {
        for (int i = 0; i < 250; i++) {
            List<Integer> c = s.children();
            if (!c.isEmpty() && Pids.comm(c.getFirst()).equals("sleep")) return c.getFirst();
            Thread.sleep(20);
        }
        throw new AssertionError("no child");
    }
}
