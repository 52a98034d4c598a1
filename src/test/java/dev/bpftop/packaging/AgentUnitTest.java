package dev.bpftop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.testing.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped bpftop-agent.service passes `systemd-analyze verify` (with ExecStart pointed at this
 * checkout's launcher, as the installed one points at /opt/bpftop; man pages are not installed
 * here) and keeps its hardening.
 */
class AgentUnitTest {
    private static final Path UNIT = Path.of("src/main/systemd/bpftop-agent.service");

    @Test
    void theUnitVerifies(@TempDir Path dir) throws Exception {
        Require.that(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze (systemd package)");
        Path copy = dir.resolve("bpftop-agent.service");
        Files.writeString(copy, Files.readString(UNIT).replace("/opt/bpftop/bin/bpftop", Path.of("bin/bpftop").toAbsolutePath().toString()));
        Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.isBlank(), "no warnings: " + out);
    }

    @Test
    void theUnitIsHardened() throws Exception {
        String unit = Files.readString(UNIT);
        for (String line : new String[] {"NoNewPrivileges=yes", "ProtectSystem=strict", "CapabilityBoundingSet=CAP_BPF CAP_PERFMON",
                "RestrictAddressFamilies=AF_UNIX", "ProtectKernelModules=yes", "ReadWritePaths=/run/bpftop"}) {
            assertTrue(unit.contains(line), line);
        }
    }
}
