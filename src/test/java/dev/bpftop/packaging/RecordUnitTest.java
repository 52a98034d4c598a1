package dev.bpftop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * src/main/systemd/bpftop-record.service runs the recorder: systemd accepts the unit, it keeps its
 * hardening, and its ExecStart line,
 * run as systemd would run it (pointed at this checkout and a scratch directory), records
 * snapshots that history.* and --at then read.
 */
class RecordUnitTest {
    private static final Path UNIT = Path.of("src/main/systemd/bpftop-record.service");

    @Test
    void theUnitVerifies(@TempDir Path dir) throws Exception {
        UnitFiles.verify(UNIT, dir);
    }

    @Test
    void theUnitIsHardened() throws Exception {
        UnitFiles.assertHolds(UNIT, "NoNewPrivileges=yes", "ProtectSystem=strict", "StateDirectory=bpftop",
                "CapabilityBoundingSet=CAP_BPF CAP_PERFMON CAP_SYS_PTRACE CAP_DAC_READ_SEARCH CAP_SYS_RESOURCE\n",
                "ProtectKernelModules=yes", "RestrictAddressFamilies=AF_UNIX AF_NETLINK\n");
    }

    @Test
    void itsCommandRecordsWhatHistoryReads(@TempDir Path dir) throws Exception {
        Require.root();
        List<String> argv = new ArrayList<>(Arrays.asList(execStart().split(" ")));
        assertEquals(UnitFiles.INSTALLED, argv.getFirst());
        assertEquals("record", argv.get(1));
        argv.set(0, Path.of("bin/bpftop").toAbsolutePath().toString());
        int at = argv.indexOf("--dir");
        assertTrue(at > 0, "the unit names its --dir: " + argv);
        Path recording = dir.resolve("history");
        argv.set(at + 1, recording.toString());
        argv.addAll(List.of("--count", "2")); // the unit's own options, stopped after two snapshots
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);

        Cli.Result r = Cli.run("--dir", recording.toString(), "--format", "csv", "--no-header",
                "-e", "SELECT count(*), count(DISTINCT ts) FROM history.system; SELECT count(*) > 10 FROM history.processes");
        assertEquals(0, r.exit(), r.err());
        assertEquals("2,2\ntrue\n", r.out(), r.err());
        r = Cli.run("--dir", recording.toString(), "--at", "-0s", "--format", "csv", "--no-header", "-e", "SELECT count(*) > 10 FROM processes");
        assertEquals("true\n", r.out(), r.err());
    }

    private static String execStart() throws Exception {
        return Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length()).strip();
    }
}
