package dev.bpftop.render;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.shell.StatementRunner;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Spawned;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-liner writes CSV, TSV, JSON, JSONL and line rows as the statement yields them (the table
 * waits for all of them, for its widths). Written so, the bytes are the same as rendering the whole
 * result, on a terminal and through a pipe, for the hostile process's name and arguments; an error
 * after some rows is still one line on stderr, after them, with exit 1.
 */
class StreamedOutputTest {
    private static final List<Format> STREAMED = List.of(Format.CSV, Format.TSV, Format.JSON, Format.JSONL, Format.LINE);
    private static final Pattern FRAME = Pattern.compile("Exception|\\n\\s+at ");
    private static Spawned hostile;

    @BeforeAll
    static void spawn() throws Exception { hostile = HostileProcessTest.spawnHostile(); }

    @AfterAll
    static void kill() { if (hostile != null) hostile.close(); }

    @Test
    void streamedRowsAreTheBytesOfTheWholeResult() throws Exception {
        int pid = hostile.pid();
        List<String> queries = List.of(
                // Plain types: read straight from Calcite's rows.
                "SELECT pid, comm, cmdline, ppid > 0 AS child, CAST(NULL AS DOUBLE) AS nothing FROM processes WHERE pid <= 2 OR pid = " + pid + " ORDER BY pid",
                // A DECIMAL: read through JDBC.
                "SELECT pid, comm, 1.5 AS half FROM processes WHERE pid = " + pid,
                // No rows: the header alone, or an empty array.
                "SELECT pid, comm FROM processes WHERE pid < 0");
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0))) {
            for (String sql : queries) {
                for (Format format : STREAMED) {
                    for (boolean tty : new boolean[] {false, true}) {
                        String what = format + (tty ? " on a terminal: " : " in a pipe: ") + sql;
                        byte[] whole = whole(session, format, sql, tty);
                        byte[] streamed = streamed(session, format, sql, tty);
                        assertEquals(new String(whole, StandardCharsets.ISO_8859_1), new String(streamed, StandardCharsets.ISO_8859_1), what);
                        if (sql.contains("= " + pid)) assertTrue(new String(whole, StandardCharsets.ISO_8859_1).contains(Integer.toString(pid)), what);
                    }
                }
            }
        }
    }

    /** As the shell and the table render it: the result read whole first. */
    private static byte[] whole(Session session, Format format, String sql, boolean tty) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RawTextWriter out = new RawTextWriter(bytes);
        format.renderer().render(session.execute(sql), out, true, tty);
        out.flush();
        return bytes.toByteArray();
    }

    /** As a one-liner writes it. */
    private static byte[] streamed(Session session, Format format, String sql, boolean tty) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        RawTextWriter out = new RawTextWriter(bytes);
        try (StatementRunner runner = new StatementRunner(session, out, new PrintStream(err, true, StandardCharsets.UTF_8), format, true, tty,
                null, w -> { throw new AssertionError("no WATCH here"); })) {
            runner.run(sql);
            assertEquals(0, runner.status(), err.toString(StandardCharsets.UTF_8));
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** The first branch's row is written before the second branch divides by zero. */
    @Test
    void anErrorAfterSomeRowsIsOneLineAfterThem() {
        String sql = "SELECT 7 AS n, 'first' AS s UNION ALL SELECT 10 / (pid - pid), 'never' FROM processes";
        for (Format format : STREAMED) {
            Cli.Result r = Cli.run("--backend", "procfs", "--sample", "0", "--format", format.name().toLowerCase(), "-e", sql);
            String what = format + " → exit " + r.exit() + ", stdout: " + r.out() + ", stderr: " + r.err();
            assertEquals(1, r.exit(), what);
            assertEquals("error: division by zero\n", r.err(), what);
            assertFalse(FRAME.matcher(r.err()).find(), what);
            assertTrue(r.out().contains("first"), "the row before the error was written: " + what);
            assertFalse(r.out().contains("never"), what);
        }
        // The table holds every row for its widths: nothing of it is written.
        Cli.Result table = Cli.run("--backend", "procfs", "--sample", "0", "-e", sql);
        assertEquals(1, table.exit());
        assertEquals("", table.out());
    }

    /**
     * A statement that never ends, stopped at its timeout while it writes rows: the rows written
     * before it are whole lines, and the error is one line, the last thing written.
     */
    @Test
    void aStatementStoppedWhileWritingEndsWithOneLine() {
        // Endless on any machine: a cross join of processes once finished inside the timeout on a
        // fast CI host with few processes. The recursion yields one row per step and keeps none.
        // Planned and compiled in this JVM without the one-liner's caches, it took over 8 s to its
        // first row on a loaded 2-CPU machine: the timeout leaves room for that.
        String sql = "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT n FROM t";
        Cli.Result r = Cli.run("--backend", "procfs", "--sample", "0", "--format", "csv", "--timeout", "15s", "--max-memory", "1t", "-e", sql);
        String what = "exit " + r.exit() + ", stderr: " + r.err();
        assertEquals(1, r.exit(), what);
        assertEquals(1, r.err().lines().count(), what);
        assertTrue(r.err().contains("statement stopped after the timeout of 15s"), what);
        // Millions of rows: checked without a String per line.
        String out = r.out();
        assertTrue(out.startsWith("n\n1\n2\n"), "rows were written as they came: " + out.length() + " bytes");
        assertTrue(out.endsWith("\n"), "the last row is whole");
        assertTrue(out.chars().skip(2).allMatch(c -> c == '\n' || c >= '0' && c <= '9'), "only whole numbers, a row a line");
        long rows = out.chars().filter(c -> c == '\n').count() - 1;
        assertEquals(Long.toString(rows), out.substring(out.lastIndexOf('\n', out.length() - 2) + 1, out.length() - 1), "row numbers run 1.." + rows);
    }
}
