package dev.bpftop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.collect.CgroupMount;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile statements and arguments through the real command line, each through -e,
 * a -f script and piped input where it is a statement: every one ends with exactly one line on
 * stderr, no stack frame, the exit status the README gives (1 for a query, 2 for usage), nothing
 * on stdout, and nothing changed: a scratch cgroup with a real process that several of them aim
 * FREEZE at stays thawed, and no cgroup on the machine is frozen that was not before.
 *
 * <p>Most run in this JVM (Main.run, one session each); what could hurt the test JVM itself (a
 * 2 GB string, planner recursion thousands deep, a query that never ends) runs as its own java
 * process with a small heap, as the launcher runs it.
 */
class HostileInputTest {
    private static ScratchCgroup scratch;
    private static Spawned sleeper;
    private static Set<String> frozenBefore;

    @TempDir
    static Path dir;

    /** One statement and the words its one error line must hold. */
    record Sql(String text, String expect) {}

    /** Arguments and the words the usage line must hold. */
    record Args(List<String> args, int exit, String expect) {}

    private static final Pattern FRAME = Pattern.compile("(?m)^\\s+at |Exception|Error\\b");

    @BeforeAll
    static void setUp() throws IOException {
        Require.root();
        Require.cgroupV2();
        frozenBefore = frozenCgroups();
        scratch = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-hostile"));
        sleeper = Spawned.start("sleep", "1000");
        scratch.add(sleeper.pid());
    }

    @AfterAll
    static void tearDown() throws IOException {
        try {
            if (scratch != null) assertFalse(frozen(scratch.dir()), "a failed statement froze the scratch cgroup");
            // Other tests may thaw their own cgroups meanwhile: what matters is that none was newly frozen.
            if (frozenBefore != null) {
                Set<String> now = frozenCgroups();
                now.removeAll(frozenBefore);
                assertEquals(Set.of(), now, "cgroups frozen by the hostile statements");
            }
        } finally {
            if (sleeper != null) sleeper.close();
            if (scratch != null) scratch.close();
        }
    }

    static List<Sql> statements() {
        int pid = sleeper.pid();
        String cg = scratch.path();
        return List.of(
                new Sql("SELECT 1/0", "division by zero"),
                new Sql("SELECT MOD(5,0)", "division by zero"),
                new Sql("SELECT ln(0)", "logarithm"),
                new Sql("SELECT pid / (pid - pid) FROM processes", "division by zero"),
                new Sql("SELECT pid FROM processes WHERE comm > 5", "at line 1, column 33: cannot compare text column 'comm' with the number 5"),
                new Sql("SELECT pid FROM processes p WHERE 5 <= p.comm", "at line 1, column 35: cannot compare text column 'comm'"),
                new Sql("SELECT CAST(comm AS INTEGER) FROM processes", "as a number"),
                new Sql("EXPLAIN PLAN FOR DELETE FROM processes", "line 1, column 18: the tables are read-only"),
                new Sql("EXPLAIN PLAN FOR INSERT INTO processes (pid) VALUES (1)", "read-only"),
                new Sql("DROP TABLE processes", "line 1, column 1: the tables are read-only views of the system: DROP"),
                new Sql("drop view top", "read-only"),
                new Sql("ALTER TABLE processes ADD x INT", "read-only"),
                new Sql("TRUNCATE TABLE processes", "read-only"),
                new Sql("CREATE TABLE x (a INT)", "read-only"),
                new Sql("DELETE FROM processes", "read-only"),
                new Sql("UPDATE processes SET nice = 1", "read-only"),
                new Sql("INSERT INTO processes (pid) VALUES (1)", "read-only"),
                new Sql("MERGE INTO processes p USING threads t ON p.pid = t.pid WHEN MATCHED THEN UPDATE SET nice = 1", "read-only"),
                new Sql("WATCH -5s SELECT 1", "line 1, column 7: bad WATCH interval '-5s'"),
                new Sql("WATCH 5x SELECT 1", "bad WATCH interval"),
                new Sql("WATCH 50ms SELECT 1", "100ms to 1 day"),
                new Sql("WATCH 2s", "WATCH needs a query"),
                new Sql("SELECT pid FROM processes GROUP BY comm", "line 1, column 8: Expression 'pid' is not being grouped"),
                new Sql("SELECT pid, count(*) FROM threads GROUP BY comm", "not being grouped"),
                new Sql("SELECT pid FROM processes WHERE", "line 1, column"),
                new Sql("SELECT * FROM procs", "line 1, column 15"),
                new Sql("SELECT nosuch FROM processes", "line 1, column 8: Column 'nosuch' not found"),
                new Sql("SELECT 'unterminated FROM processes", "line 1"),
                new Sql("SELECT \"unterminated FROM processes", "line 1"),
                new Sql("SELECT /* unterminated comment", "line 1"),
                new Sql("SELEC pid FROM processes", "not a statement"),
                new Sql("))))", "line 1, column 1"),
                new Sql("SELECT pid FROM processes ORDER BY pid DESK", "DESK"),
                new Sql("SELECT pid FROM processes LIMIT -1", "line 1"),
                new Sql("SELECT pid FROM processes LIMIT 99999999999999999999999", "overflow"),
                new Sql("SELECT * FROM processes a JOIN threads b ON", "line 1"),
                new Sql("SELECT substr(comm, 1, 2, 3) FROM processes", "line 1, column 8"),
                new Sql("SELECT nosuchfunction(pid) FROM processes", "line 1, column 8"),
                new Sql("SELECT CAST('x' AS BIGINT)", "as a number"),
                new Sql("SELECT CAST('2024-13-45' AS DATE)", ""),
                new Sql("SELECT pid FROM processes WHERE pid = 'abc'", ""),
                new Sql("SELECT * FROM (SELECT 1) AS t(a, b)", "line 1"),
                new Sql("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) SELECT n FROM t", "memory bound"),
                new Sql("SELECT * FROM processes a, threads b, processes c, threads d", "memory bound"),
                new Sql("DESCRIBE nosuch", "line 1, column 10"),
                new Sql("DESCRIBE processes extra words", "line 1"),
                new Sql("SHOW TABLES please", "line 1"),
                new Sql("SHOW nothing", "line 1"),
                new Sql("FREEZE", "line 1, column 7: expected CGROUP, UNIT, CONTAINER, PID or WHERE"),
                new Sql("FREEZE PID 1", "PID 1"),
                new Sql("FREEZE PID 99999999999", "not a process id"),
                new Sql("FREEZE PID -3", "expected a process id"),
                new Sql("THAW PID 0", ""),
                new Sql("FREEZE CGROUP '/../etc'", "'..' is not allowed"),
                new Sql("FREEZE CGROUP '" + cg + "/../x'", "'..' is not allowed"),
                new Sql("FREEZE CGROUP '/'", "root"),
                new Sql("FREEZE CGROUP 'no/such/cgroup'", ""),
                new Sql("FREEZE UNIT", "expected a unit name"),
                new Sql("THAW CONTAINER 'nosuch'", "nothing to thaw"),
                new Sql("FREEZE WHERE", "line 1"),
                new Sql("FREEZE WHERE pid = " + pid + " AND 1/0 = 1", "division by zero"),
                new Sql("FREEZE WHERE pid = " + pid + " AND comm > 5", "column " + (("FREEZE WHERE pid = " + pid + " AND ").length() + 1) + ": cannot compare text column 'comm'"),
                new Sql("FREEZE WHERE pid = " + pid + " AND nosuch = 1", "line 1, column"),
                new Sql("FREEZE WHERE pid = " + pid + " GROUP BY comm", "line 1"),
                new Sql("FREEZE PID " + pid + " extra", "line 1"),
                new Sql("FREEZE CGROUP '" + cg + "' AND THEN SOME", "line 1"));
    }

    /** Each statement alone: -e, a -f script, and piped input, with --yes so that a FREEZE would act if it got that far. */
    @TestFactory
    Stream<DynamicTest> eachStatementIsOneLineAndExit1() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (Sql s : statements()) {
            String name = s.text().length() > 60 ? s.text().substring(0, 60) + "…" : s.text();
            // The front ends share the statement path; -f and piped input go through the script reader too.
            String mode = switch (n++ % 3) { case 0 -> "-e"; case 1 -> "-f"; default -> "stdin"; };
            Path file = dir.resolve("s" + n + ".sql");
            tests.add(DynamicTest.dynamicTest(mode + " " + name, () -> {
                Cli.Result r = switch (mode) {
                    case "-e" -> Cli.run(base("-e", s.text()));
                    case "-f" -> {
                        Files.writeString(file, s.text() + ";\n", StandardCharsets.UTF_8);
                        yield Cli.run(base("-f", file.toString()));
                    }
                    default -> Cli.runWithInput(s.text() + ";\n", base());
                };
                assertOneLine(r, 1, s.expect());
            }));
        }
        return tests.stream();
    }

    /** The first three (the ExceptionInInitializerError ones) through all three front ends. */
    @Test
    void runtimeFailuresAreOneLineInEveryFrontEnd() throws IOException {
        for (Sql s : statements().subList(0, 3)) {
            Path file = dir.resolve("all.sql");
            Files.writeString(file, s.text() + ";\n");
            assertOneLine(Cli.run(base("-e", s.text())), 1, s.expect());
            assertOneLine(Cli.run(base("-f", file.toString())), 1, s.expect());
            assertOneLine(Cli.runWithInput("SELECT 1 AS ok;\n" + s.text() + ";\nSELECT 2;\n", base()), 1, s.expect(), "ok\n--\n 1\n");
        }
    }

    @Test
    void commentsAloneAreNothingToRun() {
        for (String text : List.of("/* x */", "-- x", "/* a */ -- b\n/* c\n d */", "  ;  ; /* x */ ;")) {
            Cli.Result e = Cli.run(base("-e", text));
            assertEquals(0, e.exit(), text + ": " + e.err());
            assertEquals("", e.err());
            assertEquals("", e.out());
            Cli.Result piped = Cli.runWithInput(text + "\n", base());
            assertEquals(0, piped.exit(), text + ": " + piped.err());
            assertEquals("", piped.err() + piped.out());
        }
    }

    static List<Args> arguments() {
        return List.of(
                new Args(List.of("-f", "/tmp"), 2, "cannot read /tmp: it is a directory"),
                new Args(List.of("-f", "/nonexistent/x.sql"), 2, "no such file"),
                new Args(List.of("-d", "99999999999999"), 2, "-d: 99999999999999 is out of range (100 to 86400000"),
                new Args(List.of("-d", "0"), 2, "out of range"),
                new Args(List.of("-d", "-1"), 2, "out of range"),
                new Args(List.of("-d", "abc"), 2, "not a whole number"),
                new Args(List.of("--sample", "99999999999"), 2, "--sample: 99999999999 is out of range (0 to 10000"),
                new Args(List.of("--sample", "-1"), 2, "out of range"),
                new Args(List.of("--watch", "50ms", "-e", "SELECT 1"), 2, "100ms to 1 day"),
                new Args(List.of("--watch", "2d", "-e", "SELECT 1"), 2, "bad interval"),
                new Args(List.of("--watch", "2s"), 2, "exactly one -e"),
                new Args(List.of("-u", "nosuchuser"), 2, "-u: no such user 'nosuchuser'"),
                new Args(List.of("--timeout", "5x"), 2, "--timeout: bad duration"),
                new Args(List.of("--timeout", "-1s"), 2, "--timeout: bad duration"),
                new Args(List.of("--timeout", "48h"), 2, "over the limit of 1 day"),
                new Args(List.of("--max-memory", "-3"), 2, "--max-memory: bad size"),
                new Args(List.of("--max-memory", "99999t"), 2, "over the limit"),
                new Args(List.of("--format", "xml"), 2, "xml"),
                new Args(List.of("--backend", "nosuch"), 2, "nosuch"),
                new Args(List.of("--nosuchoption"), 2, "nosuchoption"),
                new Args(List.of("-e"), 2, "-e"));
    }

    @TestFactory
    Stream<DynamicTest> eachBadArgumentIsOneUsageLineAndExit2() {
        return arguments().stream().map(a -> DynamicTest.dynamicTest(String.join(" ", a.args()), () -> {
            List<String> args = new ArrayList<>(a.args().contains("--backend") ? List.of() : List.of("--backend", "procfs"));
            args.addAll(a.args());
            if (!args.contains("-e") && !args.contains("-f") && !args.contains("--watch")) args.addAll(List.of("-e", "SELECT 1"));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            // picocli's own usage errors add one line pointing at --help, as every CLI does.
            String err = r.err().replaceFirst("\nTry 'bpftop --help' for more information.\n$", "\n");
            assertOneLine(new Cli.Result(r.exit(), r.out(), err), a.exit(), a.expect());
        }));
    }

    /** The dot-command that sets the timeout, and a bad value for it. */
    /**
     * With no --max-memory the row bound is half the launcher's 64 MiB heap, so a runaway result
     * ends at the bound's own line, not at the heap's "out of memory".
     */
    @Test
    void defaultRowBoundSitsInsideTheLaunchersHeap() throws Exception {
        Cli.Result r = launcher("--backend", "procfs", "--sample", "0", "--timeout", "2m",
                "-e", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) SELECT n FROM t");
        assertOneLine(r, 1, "over the memory bound of ", null, "recursive CTE under bin/bpftop");
    }

    @Test
    void timeoutDotCommand() {
        Cli.Result shown = Cli.runWithInput(".timeout 2s\n.timeout\n", base());
        assertEquals(0, shown.exit(), shown.err());
        assertEquals("timeout 2s\n", shown.out());
        assertOneLine(Cli.runWithInput(".timeout soon\nSELECT 1;\n", base()), 1, ".timeout: bad duration 'soon'");
    }

    /**
     * What would hurt the test JVM runs as its own process with a small heap, as the launcher runs
     * it: a 2 GB string, a statement that never ends (stopped at the timeout), and statements nested
     * thousands deep, which either run or fail with one line (how far the planner gets before the
     * timeout depends on the machine; a trace or a dead JVM never).
     */
    @Test
    void hostileStatementsInTheirOwnJvm() throws Exception {
        record Run(String sql, String expect, boolean mayPass) {}
        List<Run> runs = List.of(
                // Out of memory, or the timeout first on a slow machine: one line either way.
                new Run("SELECT repeat('x', 2000000000)", "", false),
                new Run("SELECT pid FROM processes WHERE pid IN (" + IntStream.range(0, 150_000).mapToObj(Integer::toString)
                        .collect(Collectors.joining(",")) + ")", "", false),
                new Run("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) SELECT count(*) FROM t",
                        "statement stopped after the timeout of 2s (--timeout, .timeout)", false),
                new Run("SELECT " + "(".repeat(2000) + "1" + ")".repeat(2000) + " AS x", "", true),
                new Run("SELECT " + String.join("+", java.util.Collections.nCopies(5000, "1")) + " AS x", "", true),
                new Run("SELECT count(*) FROM processes WHERE " + IntStream.range(0, 3000).mapToObj(i -> "pid > " + i)
                        .collect(Collectors.joining(" AND ")), "", true),
                new Run("SELECT count(*) FROM (SELECT " + "CASE WHEN pid > 0 THEN ".repeat(500) + "1" + " ELSE 0 END".repeat(500)
                        + " AS c FROM processes)", "", true));
        // Two at a time: each is a JVM of its own, and the machine has two cores.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Cli.Result>> results = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Path script = dir.resolve("jvm" + i + ".sql");
                Files.writeString(script, runs.get(i).sql() + ";\n");
                results.add(pool.submit(() -> java("--backend", "procfs", "--sample", "0", "--timeout", "2s", "-f", script.toString())));
            }
            for (int i = 0; i < runs.size(); i++) {
                Run run = runs.get(i);
                Cli.Result r = results.get(i).get();
                String what = run.sql().length() > 60 ? run.sql().substring(0, 60) + "…" : run.sql();
                if (run.mayPass() && r.exit() == 0) {
                    assertEquals("", r.err(), what);
                } else {
                    assertOneLine(r, 1, run.expect(), null, what);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Cli.Result java(String... args) throws Exception {
        Path jar = Path.of("target/bpftop.jar");
        assertTrue(Files.exists(jar), "build the jar first: mvn package");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", jar.toString(), "dev.bpftop.cli.Main"));
        cmd.addAll(List.of(args));
        return exec(cmd, args);
    }

    /** The shipped launcher, with the heap it sizes for a monitor. */
    private static Cli.Result launcher(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of("bin/bpftop").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, args);
    }

    private static Cli.Result exec(List<String> cmd, String... args) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        byte[][] got = new byte[2][];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                got[1] = err.readAllBytes();
            } catch (IOException e) {
                got[1] = e.toString().getBytes();
            }
        });
        got[0] = out.readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bpftop did not end: " + String.join(" ", args));
        }
        t.join();
        return new Cli.Result(p.exitValue(), new String(got[0], StandardCharsets.UTF_8), new String(got[1], StandardCharsets.UTF_8));
    }

    private static String[] base(String... more) {
        // The timeout is only a safety net here: no statement of these depends on it.
        List<String> args = new ArrayList<>(List.of("--backend", "procfs", "--sample", "0", "--yes", "--max-memory", "16m", "--timeout", "10m"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void assertOneLine(Cli.Result r, int exit, String expect) { assertOneLine(r, exit, expect, "", ""); }

    private static void assertOneLine(Cli.Result r, int exit, String expect, String out) { assertOneLine(r, exit, expect, out, ""); }

    /** @param out what stdout must be, null for anything */
    private static void assertOneLine(Cli.Result r, int exit, String expect, String out, String what) {
        String context = what + " → exit " + r.exit() + ", stderr: " + r.err();
        assertEquals(exit, r.exit(), context);
        assertTrue(r.err().endsWith("\n"), context);
        assertEquals(1, r.err().lines().count(), context);
        assertFalse(FRAME.matcher(r.err()).find(), context);
        assertTrue(r.err().contains(expect), "expected '" + expect + "': " + context);
        if (out != null) assertEquals(out, r.out(), context);
    }

    private static boolean frozen(Path cgroup) throws IOException {
        Path f = cgroup.resolve("cgroup.freeze");
        return Files.exists(f) && Files.readString(f).strip().equals("1");
    }

    /** Every cgroup on the machine whose cgroup.freeze is 1. */
    private static Set<String> frozenCgroups() throws IOException {
        Path root = CgroupMount.v2().orElseThrow();
        Set<String> out = new TreeSet<>();
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                if (frozen(d)) out.add(root.relativize(d).toString());
            }
        } catch (java.io.UncheckedIOException e) {
            // a cgroup removed during the walk
        }
        return out;
    }
}
