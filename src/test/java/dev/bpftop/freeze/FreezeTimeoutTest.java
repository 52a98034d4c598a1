package dev.bpftop.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.FrozenFilesystem;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path where the kernel never confirms a freeze: a task in uninterruptible sleep cannot reach
 * the point where the cgroup freezer stops it. A real one: a shell writing into an fsfreeze'd
 * ext4 loop mount blocks in D state until the filesystem thaws.
 */
class FreezeTimeoutTest {
    private static final String TIMED_OUT = "did not report frozen within %d ms (a task stuck in uninterruptible sleep?); thawed it again";

    @TempDir
    Path tmp;

    private FrozenFilesystem fs;
    private ScratchCgroup cg;
    private Spawned writer;
    private Path file;

    @BeforeEach
    void setUp() throws Exception {
        Require.root();
        Require.cgroupV2();
        FrozenFilesystem.require();
        fs = FrozenFilesystem.create(tmp);
        cg = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-freeze-timeout"));
        file = fs.mountpoint().resolve("blocked");
        // the shell waits until it is in the scratch cgroup, then blocks opening a file on the frozen filesystem
        writer = Spawned.shell("until grep -qx '0::" + cg.path() + "' /proc/$$/cgroup; do sleep 0.01; done; "
                + "echo written > " + file + " && sync " + file);
        cg.add(writer.pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!state(writer.pid()).equals("D")) {
            if (System.nanoTime() > deadline) fail("the writer never blocked on the frozen filesystem: state " + state(writer.pid()));
            Thread.sleep(10);
        }
    }

    /** A task in D state ignores SIGKILL: thaw the filesystem first, then kill, then remove the cgroup, then unmount. */
    @AfterEach
    void tearDown() throws IOException {
        try {
            if (fs != null) fs.thaw();
        } finally {
            try {
                if (writer != null) writer.close();
            } finally {
                try {
                    if (cg != null) cg.close();
                } finally {
                    if (fs != null) fs.close();
                }
            }
        }
    }

    @Test
    void theStatementFailsWithOneLineLeavesTheCgroupThawedAndTheTaskFinishesOnceUnblocked() throws Exception {
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.defaults(), 0))) {
            PlanRunner plans = new PlanRunner(plan -> true, false, Duration.ofMillis(300), session.source()::cgroupsMoved);
            SqlError e = assertThrows(SqlError.class,
                    () -> plans.settle(session.plan((Statement.Freezing) Grammar.parse("FREEZE CGROUP '" + cg.path() + "'"), new Cancel())));
            assertEquals("FREEZE failed for 1 of 1 cgroups: " + cg.path() + ": " + TIMED_OUT.formatted(300), e.getMessage());
            assertFalse(e.oneLine().contains("\n"), e.oneLine());
        }
        assertThawed();
        assertTrue(writer.process().isAlive() && !Files.exists(file), "the writer is still blocked on the filesystem");

        fs.thaw();
        assertTrue(writer.process().waitFor(30, TimeUnit.SECONDS), "the writer did not finish after fsfreeze -u");
        assertEquals(0, writer.process().exitValue());
        assertEquals("written\n", Files.readString(file), "the write went through once the filesystem thawed");
    }

    /** End to end with the default 5 s wait: one error line on stderr and exit 1. */
    @Test
    void theOneLinerReportsTheTimeoutOnOneLineAndExits1() throws IOException {
        Cli.Result r = Cli.run("--backend", "procfs", "--yes", "-e", "FREEZE CGROUP '" + cg.path() + "'");
        assertEquals(1, r.exit(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("error")).toList();
        assertEquals(List.of("error: FREEZE failed for 1 of 1 cgroups: " + cg.path() + ": "
                + TIMED_OUT.formatted(PlanRunner.DEFAULT_TIMEOUT.toMillis())), errors, r.err());
        assertThawed();
    }

    private void assertThawed() throws IOException {
        assertEquals("0", Files.readString(cg.dir().resolve("cgroup.freeze")).trim(), "left frozen after the timeout");
        assertTrue(Files.readString(cg.dir().resolve("cgroup.events")).contains("frozen 0"));
    }

    /** The one-letter state from /proc/PID/stat. */
    private static String state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
