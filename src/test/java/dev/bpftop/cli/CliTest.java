package dev.bpftop.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliTest {

    @Test
    void countAgreesWithPs() throws Exception {
        Cli.Result r = Cli.run("--backend", "procfs", "--sample", "0", "-e", "SELECT count(*) AS n FROM processes", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().strip().split("\\R");
        assertEquals("n", lines[0]);
        int ours = Integer.parseInt(lines[1].strip());
        Process ps = new ProcessBuilder("ps", "-e", "--no-headers").start();
        int theirs = new String(ps.getInputStream().readAllBytes()).strip().split("\n").length;
        assertTrue(Math.abs(ours - theirs) <= 3, "ours=" + ours + " ps=" + theirs);
    }

    @Test
    void spawnedProcessHasRightIdentity() throws Exception {
        try (Spawned s = Spawned.start("sleep", "301")) {
            Cli.Result r = Cli.run("--sample", "0", "--format", "json", "-e",
                    "SELECT pid, ppid, uid, euid, comm, cmdline, state FROM processes WHERE pid = " + s.pid());
            assertEquals(0, r.exit(), r.err());
            JsonNode row = new ObjectMapper().readTree(r.out()).get(0);
            assertEquals(s.pid(), row.get("pid").asInt());
            assertEquals(ProcessHandle.current().pid(), row.get("ppid").asLong());
            assertTrue(row.get("uid").isInt());
            assertEquals("sleep", row.get("comm").asText());
            assertEquals("sleep 301", row.get("cmdline").asText());
            assertEquals("S", row.get("state").asText());
        }
    }

    @Test
    void unknownColumnIsOneLineWithPositionAndExit1() {
        Cli.Result r = Cli.run("--sample", "0", "-e", "SELECT pid, nosuch FROM processes");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("error at line 1, column 13: Column 'nosuch' not found in any table", r.err().strip());
    }

    @Test
    void unknownTableIsOneLineWithPosition() {
        Cli.Result r = Cli.run("--sample", "0", "-e", "SELECT * FROM procs");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().strip().matches("error at line 1, column 15: .*procs.*"), r.err());
    }

    @Test
    void syntaxErrorIsOneLineWithPosition() {
        Cli.Result r = Cli.run("--sample", "0", "-e", "SELECT pid FROM processes WHERE");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error at line 1, column "), r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DELETE FROM processes WHERE pid = 1                 | DELETE",
            "UPDATE processes SET nice = 5                       | UPDATE",
            "INSERT INTO processes (pid) VALUES (1)              | INSERT",
            "MERGE INTO processes p USING processes q ON p.pid = q.pid WHEN MATCHED THEN UPDATE SET nice = 1 | MERGE",
            "CREATE TABLE t (a INT)                              | CREATE TABLE"})
    void changingATableIsRefusedInOneLine(String sql, String verb) {
        Cli.Result r = Cli.run("--sample", "0", "-e", sql);
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("error at line 1, column 1: the tables are read-only views of the system: " + verb
                + " is not supported (FREEZE and THAW act on processes)", r.err().strip());
    }

    /** Errors quote what was typed and what processes call themselves: the line on stderr is made safe for a terminal. */
    @Test
    void errorLinesAreSafeForTheTerminal() {
        Cli.Result r = Cli.run("--sample", "0", "-e", "FREEZE PID \u001b[31m");
        assertEquals(1, r.exit());
        assertEquals("error at line 1, column 12: expected a process id after PID, found '\\x1b[31m'", r.err().strip());
        r = Cli.run("--sample", "0", "-e", "SELECT \"a\u001b]0;x\u0007\" FROM processes");
        assertEquals(1, r.exit());
        assertFalse(r.err().contains("\u001b"), r.err());
        assertTrue(r.err().contains("Column 'a\\x1b]0;x\\x07' not found"), r.err());
    }

    @Test
    void preparedStatementsRefuseChangesToo() throws Exception {
        // WATCH prepares its query once through Session.prepare, not execute.
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0))) {
            SqlError e = assertThrows(SqlError.class, () -> session.prepare("  DELETE FROM processes"));
            assertEquals("error at line 1, column 3: the tables are read-only views of the system: DELETE"
                    + " is not supported (FREEZE and THAW act on processes)", e.oneLine());
        }
    }

    @Test
    void intervalsPrintAsDurations() throws Exception {
        Cli.Result r = Cli.run("--sample", "0", "--format", "json", "-e", """
                SELECT INTERVAL '1:30' HOUR TO MINUTE AS a, INTERVAL -'1.5' SECOND AS b,
                       INTERVAL '3 04:05:06.7' DAY TO SECOND AS c, INTERVAL '1' DAY AS d,
                       INTERVAL '6-10' YEAR TO MONTH AS e, INTERVAL '1' MONTH AS f,
                       (TIMESTAMP '2026-01-02 00:00:00' - TIMESTAMP '2026-01-01 23:59:58') SECOND AS g""");
        assertEquals(0, r.exit(), r.err());
        JsonNode row = new ObjectMapper().readTree(r.out()).get(0);
        assertEquals("01:30:00", row.get("a").asText());
        assertEquals("-00:00:01.5", row.get("b").asText());
        assertEquals("3 days 04:05:06.7", row.get("c").asText());
        assertEquals("1 day 00:00:00", row.get("d").asText());
        assertEquals("6 years 10 mons", row.get("e").asText());
        assertEquals("1 mon", row.get("f").asText());
        assertEquals("00:00:02", row.get("g").asText());
    }

    @Test
    void misspelledStatementSaysWhatItExpected() {
        Cli.Result r = Cli.run("--sample", "0", "-e", "SELEC pid FROM processes");
        assertEquals(1, r.exit());
        assertEquals("error at line 1, column 1: not a statement bpftop runs (expected SELECT, WITH, VALUES,"
                + " EXPLAIN, DESCRIBE, SHOW TABLES, FREEZE, THAW or WATCH)", r.err().strip());
    }

    @Test
    void explainPrintsOneOperatorPerRow() {
        Cli.Result r = Cli.run("--sample", "0", "--format", "tsv", "-e",
                "EXPLAIN PLAN FOR SELECT pid FROM processes WHERE pid > 1 ORDER BY pid");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("plan", lines.get(0));
        assertTrue(lines.get(1).startsWith("EnumerableSort"), r.out());
        assertTrue(lines.size() >= 3 && lines.stream().skip(2).allMatch(l -> l.startsWith("  ")), r.out());
        assertFalse(r.out().contains("\\n"), r.out());
    }

    @Test
    void usageErrorsExit2() {
        assertEquals(2, Cli.run("--format", "xml", "-e", "SELECT 1").exit());
        assertEquals(2, Cli.run("--no-such-flag").exit());
        assertEquals(2, Cli.run("--backend", "magic", "-e", "SELECT 1").exit());
    }

    @Test
    void versionAndHelp() {
        Cli.Result v = Cli.run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("bpftop "));
        Cli.Result h = Cli.run("--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("--format"));
    }

    @Test
    void fileOfStatementsRunsInOrderAndStopsAtError() throws Exception {
        Path f = Files.createTempFile("q", ".sql");
        Files.writeString(f, "-- two statements\nSELECT 1 AS a;\nSELECT 'x;y' AS b;\nSELECT nope FROM processes;\nSELECT 3 AS c;\n");
        Cli.Result r = Cli.run("--sample", "0", "-f", f.toString(), "--format", "csv", "--no-header");
        assertEquals(1, r.exit());
        assertEquals("1\nx;y\n", r.out().replace("\r\n", "\n"));
        assertTrue(r.err().contains("nope"));
    }

    @Test
    void repeatedExecuteAndNoHeader() {
        Cli.Result r = Cli.run("--sample", "0", "-e", "SELECT 1 AS a", "-e", "SELECT 2 AS b", "--format", "tsv", "--no-header");
        assertEquals(0, r.exit(), r.err());
        assertEquals("1\n2\n", r.out());
    }

    @Test
    void shippedExamplesRun() throws Exception {
        try (var files = Files.list(Path.of("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Cli.Result r = Cli.run("--sample", "0", "-f", f.toString(), "--format", "csv");
                assertEquals(0, r.exit(), f + ": " + r.err());
            }
        }
    }

    @Test
    void describeShowsDeclaredColumns() {
        Cli.Result r = Cli.run("--sample", "0", "-e", "DESCRIBE processes", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("cpu_pct,DOUBLE,"));
        Cli.Result t = Cli.run("--sample", "0", "-e", "SHOW TABLES", "--format", "csv");
        assertTrue(t.out().contains("top,view,"), t.out());
        assertTrue(t.out().contains("system,table,"), t.out());
    }

    @Test
    void topViewIsBusiestFirstWhenReadWithoutAnOrderOfItsOwn() throws Exception {
        try (Spawned busy = Spawned.shell("while :; do :; done")) {
            Cli.Result r = Cli.run("--sample", "300", "--format", "csv", "--no-header", "-e",
                    "SELECT pid, cpu_pct, cpu_time FROM top LIMIT 20");
            assertEquals(0, r.exit(), r.err());
            List<String[]> rows = r.out().strip().lines().map(l -> l.split(",")).toList();
            // Near the top: on a shared machine another busy process may outrank the loop.
            assertTrue(rows.stream().limit(5).anyMatch(row -> row[0].equals(Integer.toString(busy.pid()))), r.out());
            for (int i = 1; i < rows.size(); i++) {
                double prev = Double.parseDouble(rows.get(i - 1)[1]), pct = Double.parseDouble(rows.get(i)[1]);
                assertTrue(prev > pct || prev == pct
                        && Double.parseDouble(rows.get(i - 1)[2]) >= Double.parseDouble(rows.get(i)[2]), r.out());
            }
        }
    }

    @Test
    void cpuPctIsMeasuredOverTheBaseline() throws Exception {
        try (Spawned busy = Spawned.shell("while :; do :; done")) {
            Cli.Result r = Cli.run("--sample", "300", "--format", "csv", "--no-header", "-e",
                    "SELECT cpu_pct FROM processes WHERE pid = " + busy.pid(), "-e", "SELECT cpu_interval FROM system");
            assertEquals(0, r.exit(), r.err());
            String[] lines = r.out().strip().split("\\R");
            double pct = Double.parseDouble(lines[0]);
            assertTrue(pct > 5 && pct <= 110, "busy loop cpu_pct " + pct);
        }
    }
}
