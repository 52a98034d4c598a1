package dev.bpftop.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.cgroup.Pids;
import dev.bpftop.cgroup.StopPoint;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/bpftop killed with SIGKILL between the cgroupfs writes of FREEZE PID and THAW PID (a stop
 * point the tests set through JAVA_TOOL_OPTIONS), then the stranded process recovered with THAW
 * PID and with THAW ALL, kept inside the scratch cgroup by bpftop.test.thawAllScope.
 */
class FreezeKillTest {
    private static final Path BPFTOP = Path.of("bin/bpftop").toAbsolutePath();
    private final List<Spawned> spawned = new ArrayList<>();
    private ScratchCgroup scratch;
    private Spawned a;
    private Path helper;

    @BeforeEach
    void setUp() throws IOException {
        Require.root();
        Require.cgroupV2();
        scratch = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-kill"));
        a = spawn();
        spawn(); // a shares its cgroup: FREEZE PID a isolates it
        helper = scratch.dir().resolve("bpftop.freeze/" + a.pid());
    }

    @AfterEach
    void tearDown() throws IOException {
        spawned.forEach(Spawned::close);
        if (scratch != null) scratch.close();
    }

    private Spawned spawn() throws IOException {
        Spawned s = Spawned.start("sleep", "1000");
        spawned.add(s);
        scratch.add(s.pid());
        return s;
    }

    @Test
    void killedAfterMakingTheHelperLeavesNothingThatThawAllCannotClear() throws Exception {
        killedAt(StopPoint.HELPER_MADE, "FREEZE PID " + a.pid());
        assertTrue(Files.isDirectory(helper), "the helper was made");
        assertEquals(scratch.path(), where(a), "nothing moved yet");
        Cli.Result r = recover("THAW PID " + a.pid());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("pid " + a.pid() + " (sleep) is not frozen and is in no bpftop helper cgroup"), r.err());
        r = recover("THAW ALL");
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(helper.getParent()), "the empty helper removed");
    }

    @Test
    void killedAfterTheMoveBeforeFreezingIsRecoveredByThawPid() throws Exception {
        killedAt(StopPoint.MOVED, "FREEZE PID " + a.pid());
        assertEquals(scratch.path() + "/bpftop.freeze/" + a.pid(), where(a), "stranded in its helper, not frozen");
        assertEquals("0", Files.readString(helper.resolve("cgroup.freeze")).trim());
        Cli.Result r = recover("THAW PID " + a.pid());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("moved back to " + scratch.path() + ", helper removed"), r.out());
        assertRecovered();
    }

    @Test
    void killedAfterTheMoveBeforeFreezingIsListedAndRecoveredByThawAll() throws Exception {
        killedAt(StopPoint.MOVED, "FREEZE PID " + a.pid());
        Cli.Result dry = inScope("--backend", "procfs", "--dry-run", "--format", "csv", "-e", "THAW ALL");
        assertEquals(0, dry.exit(), dry.err());
        assertEquals("cgroup,action,pid,comm\n" + scratch.path() + "/bpftop.freeze/" + a.pid() + ",\"thaw, move back, remove\"," + a.pid() + ",sleep\n",
                dry.out().replace("\r\n", "\n"), "THAW ALL lists the stranded helper");
        Cli.Result planned = recover("THAW ALL");
        assertEquals(0, planned.exit(), planned.err());
        assertTrue(planned.err().contains(scratch.path() + "/bpftop.freeze/" + a.pid() + ": thaw, move its processes back to " + scratch.path()
                + ", remove this helper cgroup (stranded: not frozen)"), planned.err());
        assertRecovered();
    }

    @Test
    void killedAfterThawingBeforeMovingBackIsRecoveredByThawPidAndThawAll() throws Exception {
        for (String recovery : List.of("THAW PID " + a.pid(), "THAW ALL")) {
            Cli.Result frozen = recover("FREEZE PID " + a.pid());
            assertEquals(0, frozen.exit(), frozen.err());
            killedAt(StopPoint.THAWED, "THAW PID " + a.pid());
            assertEquals(scratch.path() + "/bpftop.freeze/" + a.pid(), where(a), "thawed, still in its helper");
            assertEquals("0", Files.readString(helper.resolve("cgroup.freeze")).trim());
            Cli.Result r = recover(recovery);
            assertEquals(0, r.exit(), recovery + ": " + r.err());
            assertRecovered();
        }
    }

    private void assertRecovered() {
        assertEquals(scratch.path(), where(a), "back where it came from");
        assertFalse(Files.exists(helper.getParent()), "helper removed");
    }

    private static String where(Spawned s) { return Pids.cgroupOf(s.pid()).orElseThrow(); }

    /** In this JVM, THAW ALL kept inside the scratch cgroup. */
    private Cli.Result recover(String sql) { return inScope("--backend", "procfs", "--yes", "-e", sql); }

    private Cli.Result inScope(String... args) {
        System.setProperty("bpftop.test.thawAllScope", scratch.path());
        try {
            return Cli.run(args);
        } finally {
            System.clearProperty("bpftop.test.thawAllScope");
        }
    }

    /** bin/bpftop runs {@code sql} with --yes and is SIGKILLed at {@code point}. */
    private void killedAt(String point, String sql) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(BPFTOP.toString(), "--backend", "procfs", "--yes", "-e", sql).redirectErrorStream(true);
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Dbpftop.test.stopAfter=" + point + " -Dbpftop.test.thawAllScope=" + scratch.path());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(137, p.exitValue(), "SIGKILLed at " + point + ": " + out);
    }
}
