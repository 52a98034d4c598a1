package dev.bpftop.packaging;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped bpftop-agent.service passes `systemd-analyze verify` and keeps its hardening. */
class AgentUnitTest {
    private static final Path UNIT = Path.of("src/main/systemd/bpftop-agent.service");

    @Test
    void theUnitVerifies(@TempDir Path dir) throws Exception {
        UnitFiles.verify(UNIT, dir);
    }

    @Test
    void theUnitIsHardened() throws Exception {
        UnitFiles.assertHolds(UNIT, "NoNewPrivileges=yes", "ProtectSystem=strict", "CapabilityBoundingSet=CAP_BPF CAP_PERFMON",
                "RestrictAddressFamilies=AF_UNIX", "ProtectKernelModules=yes", "ReadWritePaths=/run/bpftop");
    }
}
