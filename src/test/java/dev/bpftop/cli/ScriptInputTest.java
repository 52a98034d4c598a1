package dev.bpftop.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Piped input and -f scripts take the shell's dot-commands, as sqlite3 does; --verbose adds the notes. */
class ScriptInputTest {

    private static Cli.Result piped(String stdin, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--backend";
        all[1] = "procfs";
        all[2] = "--sample";
        all[3] = "0";
        System.arraycopy(args, 0, all, 4, args.length);
        return Cli.runWithInput(stdin, all);
    }

    @Test
    void modeAndHeadersApplyToTheStatementsAfterThem() {
        Cli.Result r = piped("""
                SELECT 1 AS a;
                .mode csv
                SELECT 2 AS b, 'x,y' AS c;
                .headers off
                SELECT 3 AS d;
                """);
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("a", lines.getFirst().strip(), r.out()); // the default table format first
        assertEquals(List.of("b,c", "2,\"x,y\"", "3"), lines.subList(lines.size() - 3, lines.size()), r.out());
    }

    @Test
    void tablesListsTablesAndViews() {
        Cli.Result r = piped("-- a comment is white space, as in sqlite3\n.tables\n");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("processes\\s+table\\s+.*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("top\\s+view\\s+.*")), r.out());
    }

    @Test
    void readRunsAnotherScriptAndQuitStops(@TempDir Path dir) throws Exception {
        Path inner = dir.resolve("inner.sql");
        Files.writeString(inner, ".mode csv\nSELECT 'inner'\n  AS who;\n.quit\nSELECT 'not reached';\n");
        Cli.Result r = piped(".read " + inner + "\nSELECT 'after' AS who;\n");
        assertEquals(0, r.exit(), r.err());
        // .quit inside the read file ends the whole run, as in sqlite3.
        assertEquals(List.of("who", "inner"), r.out().lines().toList());
    }

    @Test
    void fileTakesDotCommandsAndOutput(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("s.sql");
        Path result = dir.resolve("out.csv");
        Files.writeString(script, ".mode csv\n.output " + result + "\nSELECT 1 AS one;\n.output stdout\nSELECT 2 AS two;\n");
        Cli.Result r = Cli.run("--backend", "procfs", "--sample", "0", "-f", script.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("one", "1"), Files.readString(result).lines().toList());
        assertEquals(List.of("two", "2"), r.out().lines().toList());
    }

    @Test
    void badDotCommandIsOneLineAndExit1() {
        Cli.Result r = piped(".mode csv\nSELECT 1 AS a;\n.nosuch\nSELECT 2 AS b;\n");
        assertEquals(1, r.exit());
        assertEquals(List.of("a", "1"), r.out().lines().toList()); // what ran before it, and nothing after
        assertEquals("unknown command .nosuch (try .help)\n", r.err());

        Cli.Result mode = piped(".mode xml\nSELECT 1;\n");
        assertEquals(1, mode.exit());
        assertEquals("", mode.out());
        assertEquals(1, mode.err().lines().count(), mode.err());
    }

    @Test
    void failingStatementInAScriptStopsIt() {
        Cli.Result r = piped("SELECT nosuch FROM processes;\nSELECT 2;\n");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error at line 1, column 8: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void verbosePrintsTheNotesToStderrOnly() {
        Cli.Result plain = Cli.run("--backend", "procfs", "--sample", "0", "--format", "csv", "-e", "SELECT 1");
        assertEquals(0, plain.exit(), plain.err());
        assertEquals("", plain.err());

        Cli.Result verbose = Cli.run("--backend", "procfs", "--sample", "0", "--format", "csv", "--verbose", "-e", "SELECT 1");
        assertEquals(0, verbose.exit(), verbose.err());
        assertEquals(plain.out(), verbose.out());
        assertTrue(verbose.err().lines().anyMatch(l -> l.equals("backend: procfs")), verbose.err());
        assertTrue(verbose.err().lines().anyMatch(l -> l.startsWith("gpu: ")), verbose.err());
    }
}
