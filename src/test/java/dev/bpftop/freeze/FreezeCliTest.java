package dev.bpftop.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The one-liner: --yes, --dry-run, refusing without them; and bpftop as its own real process. */
class FreezeCliTest {
    private ScratchCgroup scratch;
    private Spawned sleeper;

    @BeforeEach
    void setUp() throws IOException {
        Require.root();
        Require.cgroupV2();
        scratch = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-freezecli"));
        sleeper = Spawned.start("sleep", "1000");
        scratch.add(sleeper.pid());
    }

    @AfterEach
    void tearDown() throws IOException {
        if (sleeper != null) sleeper.close();
        if (scratch != null) scratch.close();
    }

    @Test
    void withoutYesItShowsThePlanRefusesAndChangesNothing() throws IOException {
        Cli.Result r = Cli.run("--backend", "procfs", "-e", "FREEZE CGROUP '" + scratch.path() + "'");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("FREEZE plan: 1 cgroup, 1 process"), r.err());
        assertTrue(r.err().contains(sleeper.pid() + "  sleep"), r.err());
        assertTrue(r.err().contains("pass --yes to go ahead, or --dry-run to only print the plan"), r.err());
        assertTrue(r.err().contains("error: FREEZE not confirmed: nothing changed"), r.err());
        assertFalse(frozen());
    }

    @Test
    void dryRunPrintsThePlanOnly() throws IOException {
        Cli.Result r = Cli.run("--backend", "procfs", "--dry-run", "--format", "csv", "-e", "freeze cgroup '" + scratch.path() + "'");
        assertEquals(0, r.exit(), r.err());
        assertEquals("cgroup,action,pid,comm\n" + scratch.path() + ",freeze," + sleeper.pid() + ",sleep\n", lines(r));
        assertFalse(frozen());
    }

    @Test
    void yesActsAndReportsPerCgroup() throws IOException {
        Cli.Result r = Cli.run("--backend", "procfs", "--yes", "--format", "csv", "-e", "FREEZE CGROUP '" + scratch.path() + "'");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("FREEZE plan"), "the plan is shown before acting");
        assertTrue(lines(r).startsWith("cgroup,action,processes,outcome\n" + scratch.path() + ",freeze,1,frozen in "), lines(r));
        assertTrue(frozen());
        r = Cli.run("--backend", "procfs", "--yes", "--format", "csv", "-e",
                "SELECT frozen FROM processes WHERE pid = " + sleeper.pid() + "; THAW CGROUP '" + scratch.path() + "'");
        assertEquals("frozen\ntrue\ncgroup,action,processes,outcome\n" + scratch.path() + ",thaw,1,thawed\n", lines(r));
        assertFalse(frozen());
    }

    @Test
    void scriptsFreezeAndThawToo(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path script = tmp.resolve("pause.sql");
        Files.writeString(script, "-- pause the batch job, look, resume\nfreeze\n  cgroup '" + scratch.path() + "';\n"
                + "SELECT frozen FROM processes WHERE pid = " + sleeper.pid() + ";\nTHAW CGROUP '" + scratch.path() + "';\n");
        Cli.Result r = Cli.run("--backend", "procfs", "--yes", "--format", "csv", "-f", script.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(lines(r).contains(",freeze,1,frozen in "), lines(r));
        assertTrue(lines(r).contains("frozen\ntrue\n"), lines(r));
        assertTrue(lines(r).endsWith(",thaw,1,thawed\n"), lines(r));
        assertFalse(frozen());
    }

    /** The real guard in a real bpftop process placed inside the scratch tree: its own cgroup and the parent are refused. */
    @Test
    void bpftopRefusesTheCgroupItRunsInAndItsAncestors() throws Exception {
        ScratchCgroup inner = ScratchCgroup.create(scratch.path().substring(1) + "/bpftop/inner");
        for (String target : List.of(inner.path(), scratch.path() + "/bpftop", scratch.path())) {
            Run r = bpftop(List.of(), "echo $$ > " + inner.dir().resolve("cgroup.procs") + " && exec ", "--yes", "-e", "FREEZE CGROUP '" + target + "'");
            assertEquals(1, r.exit, r.output);
            assertTrue(r.output.contains("refusing to freeze " + target + ": it holds bpftop itself, pid "), r.output);
            assertTrue(r.output.contains("freezing it would hang this terminal"), r.output);
        }
        assertFalse(frozen());
    }

    /** Without CAP_DAC_OVERRIDE a cgroup.freeze that is not writable is refused up front, naming the capability. */
    @Test
    void permissionErrorsNameTheCapability() throws Exception {
        Path freeze = scratch.dir().resolve("cgroup.freeze");
        Files.setPosixFilePermissions(freeze, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        Run r = bpftop(List.of("setpriv", "--bounding-set", "-dac_override", "--"), "exec ", "--yes", "-e", "FREEZE CGROUP '" + scratch.path() + "'");
        assertEquals(1, r.exit, r.output);
        assertTrue(r.output.contains("permission denied: cannot write " + freeze + " (needs CAP_DAC_OVERRIDE or ownership of the cgroup; run as root)"), r.output);
        assertFalse(frozen());
    }

    private record Run(int exit, String output) {}

    /** bpftop as its own JVM: {@code shellPrefix} runs in /bin/sh just before exec'ing java. */
    private static Run bpftop(List<String> wrapper, String shellPrefix, String... args) throws Exception {
        StringBuilder cmd = new StringBuilder(shellPrefix);
        cmd.append(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()))
                .append(" -cp ").append(quote(System.getProperty("java.class.path"))).append(" dev.bpftop.cli.Main --backend procfs");
        for (String a : args) cmd.append(' ').append(quote(a));
        List<String> argv = new ArrayList<>(wrapper);
        argv.addAll(List.of("/bin/sh", "-c", cmd.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("bpftop did not finish: " + out);
            return new Run(p.exitValue(), out);
        } finally {
            p.destroyForcibly();
        }
    }

    /** CSV rows end in CRLF (RFC 4180). */
    private static String lines(Cli.Result r) { return r.out().replace("\r\n", "\n"); }

    private static String quote(String s) { return "'" + s.replace("'", "'\\''") + "'"; }

    private boolean frozen() throws IOException {
        return Files.readString(scratch.dir().resolve("cgroup.freeze")).trim().equals("1")
                || Files.readString(scratch.dir().resolve("cgroup.events")).contains("frozen 1");
    }
}
