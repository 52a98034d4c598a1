package dev.bpftop.render;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.Spawned;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class FormatsTest {
    static final List<String> HOSTILE = List.of(
            "plain", "with,comma", "with \"quotes\"", "new\nline", "cr\r\nlf", "tab\there",
            "\u001b[31mred\u001b[0m", "bell\u0007", "c1\u009b2J", "bidi\u202eevil", "back\\slash", "", "ünïcødé ✓",
            "del\u007f", "osc\u009d0;x\u0007", "isolate\u2066x\u2069", "ls\u2028ps\u2029", "zw\u200b\ufeff", "tag" + Character.toString(0xe0001),
            "emoji " + Character.toString(0x1f600), "raw" + (char) 0xdcff + (char) 0xdc80 + "byte", "literal \\x1b");

    static QueryResult hostile() {
        List<Object[]> rows = new ArrayList<>();
        long i = 0;
        for (String s : HOSTILE) rows.add(new Object[] {i++, s, i % 2 == 0 ? null : 1.5 * i, i % 3 == 0});
        return new QueryResult(List.of("n", "name", "x", "flag"), List.of(Types.BIGINT, Types.VARCHAR, Types.DOUBLE, Types.BOOLEAN),
                rows, new QueryResult.Timings(0, 0));
    }

    static String render(Format f, QueryResult r, boolean tty) throws Exception {
        StringWriter w = new StringWriter();
        f.renderer().render(r, w, true, tty);
        return w.toString();
    }

    @Test
    void csvRoundTripsEveryHostileValue() throws Exception {
        String csv = render(Format.CSV, hostile(), false);
        List<CSVRecord> recs = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertEquals(HOSTILE.size(), recs.size());
        for (int i = 0; i < HOSTILE.size(); i++) assertEquals(HOSTILE.get(i), recs.get(i).get("name"));
        assertEquals("", recs.get(1).get("x"), "NULL is an empty field");
        assertEquals("4.5", recs.get(2).get("x"));
    }

    @Test
    void jsonRoundTripsWithTypes() throws Exception {
        JsonNode arr = new ObjectMapper().readTree(render(Format.JSON, hostile(), false));
        assertEquals(HOSTILE.size(), arr.size());
        for (int i = 0; i < HOSTILE.size(); i++) {
            JsonNode o = arr.get(i);
            assertEquals(HOSTILE.get(i), o.get("name").asText());
            assertTrue(o.get("n").isIntegralNumber());
            assertTrue(o.get("flag").isBoolean());
        }
        assertTrue(arr.get(1).get("x").isNull());
        assertTrue(arr.get(0).get("x").isDouble());
    }

    @Test
    void jsonLinesIsOneObjectPerLine() throws Exception {
        String out = render(Format.JSONL, hostile(), false);
        List<String> lines = out.lines().toList();
        assertEquals(HOSTILE.size(), lines.size());
        ObjectMapper m = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) assertEquals(HOSTILE.get(i), m.readTree(lines.get(i)).get("name").asText());
    }

    @Test
    void jsonOfNoRowsIsAnEmptyArray() throws Exception {
        QueryResult empty = new QueryResult(List.of("a"), List.of(Types.INTEGER), List.of(), new QueryResult.Timings(0, 0));
        assertEquals("[]", render(Format.JSON, empty, false).strip());
    }

    @Test
    void tsvEscapesSeparators() throws Exception {
        String tsv = render(Format.TSV, hostile(), false);
        List<String> lines = tsv.lines().toList();
        assertEquals(HOSTILE.size() + 1, lines.size(), "one line per row plus the header");
        for (String l : lines) assertEquals(4, l.split("\t", -1).length, l);
        assertTrue(tsv.contains("new\\nline"));
    }

    @Test
    void tableNeverEmitsControlCharacters() throws Exception {
        for (Format f : List.of(Format.TABLE, Format.LINE)) {
            String out = render(f, hostile(), true);
            out.chars().forEach(c -> assertFalse(isControl(c) && c != '\n', f + " leaked control char " + c));
            assertTrue(out.contains("\\x1b[31mred"), out);
        }
    }

    @Test
    void csvToATerminalIsSanitized() throws Exception {
        String out = render(Format.CSV, hostile(), true);
        out.chars().forEach(c -> assertFalse(isControl(c) && c != '\n' && c != '\r' && c != '\t', "leaked " + c));
        // A CR or line break inside a value would let a process draw rows of its own.
        assertEquals(HOSTILE.size() + 1, out.split("\n", -1).length - 1, out);
        assertFalse(out.contains("\r") || out.contains("\t"), out);
        assertTrue(out.contains("new\\nline") && out.contains("cr\\r\\nlf") && out.contains("back\\\\slash"), out);
    }

    @Test
    void csvLinesEndInLineFeed() throws Exception {
        String out = render(Format.CSV, hostile(), false);
        assertTrue(out.startsWith("n,name,x,flag\n"), out);
        assertTrue(out.endsWith("\n") && !out.endsWith("\r\n"), out);
        assertFalse(out.replace("cr\r\nlf", "").contains("\r"), "no CR but the one inside a value");
    }

    @Test
    void everyFormatOnATerminalEscapesTheSameDangerousCodePoints() throws Exception {
        for (Format f : Format.values()) {
            String out = render(f, hostile(), true);
            out.codePoints().forEach(c -> assertFalse(unsafe(c) && c != '\n' && !(f == Format.TSV && c == '\t'),
                    f + " leaked U+" + Integer.toHexString(c) + ":\n" + out));
        }
    }

    @Test
    void jsonEscapesWhatATerminalMustNotGetAndStillRoundTrips() throws Exception {
        for (boolean tty : List.of(true, false)) {
            String out = render(Format.JSON, hostile(), tty);
            out.codePoints().forEach(c -> assertFalse(unsafe(c) && c != '\n', "U+" + Integer.toHexString(c)));
            assertTrue(out.contains("c1\\u009B2J") && out.contains("del\\u007F") && out.contains("bidi\\u202Eevil")
                    && out.contains("raw\\uDCFF\\uDC80byte") && out.contains("ls\\u2028ps\\u2029"), out);
            JsonNode arr = new ObjectMapper().readTree(out);
            for (int i = 0; i < HOSTILE.size(); i++) assertEquals(HOSTILE.get(i), arr.get(i).get("name").asText());
        }
    }

    @Test
    void tableEscapesBackslashSoALiteralEscapeDiffersFromARealOne() throws Exception {
        String out = render(Format.TABLE, hostile(), true);
        assertTrue(out.contains("literal \\\\x1b"), "a literal backslash-x1b shows as \\\\x1b:\n" + out);
        assertTrue(out.contains("\\x1b[31mred"), "a real ESC shows as \\x1b:\n" + out);
        assertTrue(out.contains("raw\\xff\\x80byte") && out.contains("c1\\u009b2J") && out.contains("isolate\\u2066x\\u2069")
                && out.contains("tag\\U000e0001") && out.contains("emoji " + Character.toString(0x1f600)), out);
    }

    @Test
    void tableFitsWidthWithEllipsis() throws Exception {
        QueryResult r = new QueryResult(List.of("pid", "cmdline"), List.of(Types.INTEGER, Types.VARCHAR),
                List.<Object[]>of(new Object[] {1, "x".repeat(200)}), new QueryResult.Timings(0, 0));
        StringWriter w = new StringWriter();
        new TableRenderer(40).render(r, w, true, true);
        for (String line : w.toString().lines().toList()) assertTrue(line.length() <= 40, line);
        assertTrue(w.toString().contains("…"));
    }

    @Test
    void timestampsPrintAsLocalWallClock() {
        assertEquals("2026-01-02 03:04:05", Values.timestamp(Timestamp.from(java.time.Instant.parse("2026-01-02T03:04:05Z"))));
    }

    /** A real process renamed through /proc/PID/comm with hostile bytes, including invalid UTF-8, end to end. */
    @Test
    void hostileProcessNameEndToEnd() throws Exception {
        Require.root();
        // Only a task itself may write its comm, so the shell renames itself, then waits on a child.
        try (Spawned s = Spawned.shell("printf 'e\\033[2J,\\042\\n\\377\\376x' > /proc/$$/comm; sleep 302")) {
            awaitComm(s.pid(), "e\u001b[2J");
            String q = "SELECT pid, comm FROM processes WHERE pid = " + s.pid();
            Cli.Result table = Cli.run("--sample", "0", "-e", q);
            assertEquals(0, table.exit(), table.err());
            table.out().chars().forEach(c -> assertFalse(isControl(c) && c != '\n', "raw control char " + c));
            // Bytes that are not UTF-8 show as \xHH escapes, as every control does.
            assertTrue(table.out().contains("e\\x1b[2J,\"\\n\\xff\\xfex"), table.out());

            // A pipe gets the bytes as the kernel holds them (read as Latin-1 here: one char per byte).
            Cli.RawResult csv = Cli.runRaw("", "--sample", "0", "--format", "csv", "-e", q);
            CSVRecord rec = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(new String(csv.out(), StandardCharsets.ISO_8859_1))).getRecords().getFirst();
            assertEquals("e\u001b[2J,\"\n\u00ff\u00fex", rec.get("comm"));

            // JSON escapes each such byte as its lone surrogate, U+DC80..U+DCFF (Python's surrogateescape).
            Cli.Result json = Cli.run("--sample", "0", "--format", "json", "-e", q);
            assertEquals("e\u001b[2J,\"\n\udcff\udcfex", new ObjectMapper().readTree(json.out()).get(0).get("comm").asText());
            assertTrue(new String(json.out().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).indexOf(0x1b) < 0);
        }
    }

    private static void awaitComm(int pid, String prefix) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (Files.readString(Path.of("/proc/" + pid + "/comm"), StandardCharsets.ISO_8859_1).startsWith(prefix)) return;
            Thread.sleep(10);
        }
        fail("process " + pid + " never renamed itself");
    }

    /** Moves the cursor, controls the terminal, or reorders or hides text; or is a lone surrogate. */
    private static boolean unsafe(int c) {
        return isControl(c) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || (c >= 0x200b && c <= 0x200f)
                || c == 0xfeff || c == 0xe0001 || (c >= 0xd800 && c <= 0xdfff);
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e);
    }
}
