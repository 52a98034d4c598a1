package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * --backend auto|bpf, seen from the command line: as root, as an unprivileged user (the built jar
 * run through setpriv), and as an unprivileged user holding just CAP_BPF and CAP_PERFMON.
 */
class BackendSelectionTest {
    private static final Path JAR = Path.of("target/bpftop.jar");
    private static final String QUERY = "SELECT backend FROM system";

    @Test
    void rootGetsBpfForAutoAndBpf() {
        Require.root();
        for (String backend : List.of("auto", "bpf")) {
            Cli.Result r = Cli.run("--backend", backend, "--sample", "0", "--format", "csv", "--no-header", "-e", QUERY);
            assertEquals(0, r.exit(), r.err());
            assertEquals("bpf", r.out().strip());
            assertEquals(List.of(), ourLines(r.err()), "no warning when bpf loads");
        }
    }

    @Test
    void unprivilegedBpfFailsWithTheReason() throws Exception {
        Run r = asNobody(List.of(), "--backend", "bpf", "-e", QUERY);
        assertEquals(1, r.exit);
        assertEquals("", r.out);
        assertEquals(1, ourLines(r.err).size(), r.err);
        assertTrue(r.err.contains("bpf backend unavailable: not root and missing CAP_BPF+CAP_PERFMON"), r.err);
    }

    @Test
    void unprivilegedAutoFallsBackWithOneWarning() throws Exception {
        Run r = asNobody(List.of(), "--backend", "auto", "--format", "csv", "--no-header", "-e", QUERY);
        assertEquals(0, r.exit, r.err);
        assertEquals("procfs", r.out.strip());
        List<String> warnings = ourLines(r.err);
        assertEquals(1, warnings.size(), r.err);
        assertTrue(warnings.get(0).startsWith("bpftop: bpf backend unavailable, using procfs: not root"), r.err);
    }

    @Test
    void capBpfAndCapPerfmonAreEnoughWithoutRoot() throws Exception {
        Run r = asNobody(List.of("--inh-caps", "+bpf,+perfmon", "--ambient-caps", "+bpf,+perfmon"),
                "--backend", "bpf", "--format", "csv", "--no-header", "-e", QUERY,
                "-e", "SELECT cmdline FROM processes WHERE pid = " + ProcessHandle.current().pid());
        assertEquals(0, r.exit, r.err);
        String[] lines = r.out.strip().split("\\R");
        assertEquals("bpf", lines[0]);
        assertTrue(lines[1].contains("java"), "command lines are read without root too: " + lines[1]);
    }

    @Test
    void benchReportsTimesAndProcessCount() throws Exception {
        Require.root();
        Cli.Result json = Cli.run("bench", "--iterations", "3", "--warmup", "1", "--backend", "bpf", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode o = new ObjectMapper().readTree(json.out());
        assertEquals("bpf", o.get("backend").asText());
        assertEquals(3, o.get("iterations").asInt());
        assertTrue(o.get("processes").asInt() > 10);
        assertTrue(o.get("min_ms").asDouble() <= o.get("median_ms").asDouble());
        assertTrue(o.get("median_ms").asDouble() <= o.get("p95_ms").asDouble());
        assertTrue(o.get("warmup_collections").asInt() >= 1, "at least --warmup 1, more until the JIT is quiet: " + o);
        assertEquals(3, o.get("each_ms").get("total").size(), "every timed collection, in order: " + o);
        assertEquals(3, o.get("each_ms").get("run_delay").size(), "--json reads each collection's CPU and run delay: " + o);
        Cli.Result text = Cli.run("bench", "--iterations", "2", "--warmup", "0", "--backend", "procfs");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().matches("(?s)backend procfs: 2 collections \\(after 0 warm-up\\), \\d+ processes, \\d+ threads\n"
                + "min [0-9.]+ ms  median [0-9.]+ ms  p95 [0-9.]+ ms\n"), text.out());
        Cli.Result exact = Cli.run("bench", "--iterations", "1", "--warmup", "2", "--warmup-quiet", "0", "--backend", "procfs");
        assertTrue(exact.out().startsWith("backend procfs: 1 collections (after 2 warm-up), "), exact.out());
        assertEquals(2, Cli.run("bench", "--iterations", "0").exit());
        assertEquals(2, Cli.run("bench", "--warmup-quiet", "-1").exit());
    }

    record Run(int exit, String out, String err) {}

    /** Runs the built jar as nobody (uid 65534), with extra setpriv options. */
    private static Run asNobody(List<String> setprivOptions, String... args) throws Exception {
        Require.root();
        Require.that(Files.isReadable(JAR), "the built jar at " + JAR + " (run bin/build first)");
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(setprivOptions);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "--sample", "0"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Our own stderr lines, leaving out JVM warnings about libraries. */
    private static List<String> ourLines(String err) {
        return err.lines().filter(l -> l.startsWith("bpftop:")).toList();
    }
}
