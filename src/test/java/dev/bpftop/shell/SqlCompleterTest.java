package dev.bpftop.shell;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Session;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EOFError;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Completion and line parsing over a real session (procfs), without a terminal. */
class SqlCompleterTest {
    private static Session session;
    private static SqlCompleter completer;
    private final StatementParser parser = new StatementParser();

    @BeforeAll
    static void open() {
        session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
        Catalog catalog = new Catalog(session);
        completer = new SqlCompleter(catalog, new DotCommands(catalog), new ValueCompleter(session, catalog));
    }

    @AfterAll
    static void close() throws Exception { session.close(); }

    private List<String> complete(String line) { return complete(line, ""); }

    /** Candidate values that start with the word under the cursor, as JLine would filter them. */
    private List<String> complete(String before, String after) {
        String line = before + after;
        StatementParser.Word w = parser.parse(line, before.length(), ParseContext.COMPLETE);
        List<Candidate> out = new ArrayList<>();
        completer.complete(null, w, out);
        return out.stream().map(Candidate::value).filter(v -> v.toLowerCase().startsWith(w.word().toLowerCase())).toList();
    }

    @Test
    void tablesAfterFromAndJoin() {
        assertTrue(complete("SELECT * FROM ").containsAll(List.of("processes", "threads", "system", "top", "users")));
        List<String> t = complete("SELECT * FROM processes p JOIN t");
        assertTrue(t.containsAll(List.of("threads", "top")) && !t.contains("processes") && !t.contains("tid"), t.toString());
    }

    @Test
    void columnsOfTheNamedTablesOnly() {
        List<String> c = complete("SELECT pid FROM processes WHERE us");
        assertTrue(c.containsAll(List.of("username", "user_ns")), c.toString());
        assertFalse(complete("SELECT pid FROM processes WHERE ho").contains("hostname"));
        // The select list before FROM completes from the tables named after it.
        assertEquals(List.of("hostname"), complete("SELECT hostn", " FROM system"));
    }

    @Test
    void aliasDotColumn() {
        assertEquals(List.of("t.tid"), complete("SELECT t.ti", " FROM threads t"));
        assertTrue(complete("SELECT x FROM processes AS p WHERE p.cm").contains("p.cmdline"));
    }

    @Test
    void keywordsFollowTheCaseTyped() {
        assertTrue(complete("sel").contains("select"));
        assertTrue(complete("SEL").contains("SELECT"));
        assertTrue(complete("SELECT lowe").contains("lower("));
    }

    /** Completion and highlighting know every word of the one grammar, statements of our own included. */
    @Test
    void keywordsComeFromTheGrammar() {
        assertEquals(dev.bpftop.sql.Grammar.keywords(), Catalog.KEYWORDS);
        List<String> start = complete("");
        SqlHighlighter colors = new SqlHighlighter(true);
        for (String k : dev.bpftop.sql.Grammar.keywords()) {
            assertTrue(start.contains(k), k);
            assertTrue(colors.highlight(null, k.toLowerCase()).toAnsi().contains("1m" + k.toLowerCase()), k + " is not highlighted");
        }
        assertEquals("pid", colors.highlight(null, "pid").toAnsi(), "the pid column is not a keyword");
    }

    @Test
    void valuesOfATextColumnInsideAString() {
        List<String> c = complete("SELECT pid FROM processes WHERE username = '");
        assertTrue(c.contains("'root'"), c.toString());
        assertTrue(complete("SELECT pid FROM processes WHERE pid = '").isEmpty(), "numbers offer no values");
    }

    @Test
    void freezeTargetsOfferNames() {
        List<String> cgroups = complete("FREEZE CGROUP '/");
        assertTrue(cgroups.stream().allMatch(c -> c.startsWith("'/") && c.endsWith("'")), cgroups.toString());
        assertDoesNotThrow(() -> complete("THAW UNIT '"));
    }

    @Test
    void dotCommandsAndTheirArguments() {
        assertTrue(complete(".mo").contains(".mode"));
        assertEquals(List.of("csv"), complete(".mode c"));
        assertEquals(List.of("on", "off"), complete(".timer "));
        assertTrue(complete(".schema p").contains("processes"));
    }

    @Test
    void enterContinuesUntilTheSemicolon() {
        assertThrows(EOFError.class, () -> parser.parse("SELECT 1", 8, ParseContext.ACCEPT_LINE));
        assertThrows(EOFError.class, () -> parser.parse("SELECT ';'", 10, ParseContext.ACCEPT_LINE));
        assertThrows(EOFError.class, () -> parser.parse("SELECT 1 -- ;", 13, ParseContext.ACCEPT_LINE));
        assertDoesNotThrow(() -> parser.parse("SELECT 1\n  ;", 12, ParseContext.ACCEPT_LINE));
        assertDoesNotThrow(() -> parser.parse(".tables", 7, ParseContext.ACCEPT_LINE));
        assertDoesNotThrow(() -> parser.parse("", 0, ParseContext.ACCEPT_LINE));
        assertDoesNotThrow(() -> parser.parse("quit", 4, ParseContext.ACCEPT_LINE));
    }

    @Test
    void highlightingOffMeansPlainText() {
        assertEquals("SELECT 'a'", new SqlHighlighter(false).highlight(null, "SELECT 'a'").toAnsi());
        String colored = new SqlHighlighter(true).highlight(null, "SELECT 'a' -- c").toAnsi();
        assertTrue(colored.contains("\u001b["), colored);
    }
}
