package dev.bpftop.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.testing.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The systemd units bpftop ships, as systemd itself judges them. */
final class UnitFiles {
    /** Where an installed unit runs bpftop from. */
    static final String INSTALLED = "/opt/bpftop/bin/bpftop";

    private UnitFiles() {}

    /**
     * `systemd-analyze verify` passes with no warning, ExecStart pointed at this checkout's launcher
     * (as the installed one points at /opt/bpftop; man pages are not installed here).
     */
    static void verify(Path unit, Path scratch) throws Exception {
        Require.that(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze (systemd package)");
        Path copy = scratch.resolve(unit.getFileName());
        Files.writeString(copy, Files.readString(unit).replace(INSTALLED, Path.of("bin/bpftop").toAbsolutePath().toString()));
        Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.isBlank(), "no warnings: " + out);
    }

    /** The unit holds each of these settings (its hardening), word for word. */
    static void assertHolds(Path unit, String... settings) throws Exception {
        String text = Files.readString(unit);
        for (String setting : settings) assertTrue(text.contains(setting), unit.getFileName() + " lacks " + setting);
    }
}
