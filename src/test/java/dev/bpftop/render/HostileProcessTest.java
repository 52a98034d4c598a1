package dev.bpftop.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real process whose comm and argv hold bytes that are not UTF-8, terminal escapes, C1 and bidi
 * controls, tabs, line breaks, quotes and backslashes, queried through every format on a terminal
 * (a pty, through script(1)) and through a pipe. Each output is parsed back with a real parser
 * (commons-csv, Jackson) or by reading its escapes, and must give the kernel's exact bytes; what
 * reaches the terminal must hold no control, format or separator character and be valid UTF-8.
 */
class HostileProcessTest {
    private static final List<String> FORMATS = List.of("table", "csv", "tsv", "json", "jsonl", "line");
    private static final Path BPFTOP = Path.of("bin/bpftop").toAbsolutePath();

    /**
     * argv[0] has an invalid byte, a tab, a quote, a literal backslash-x1b beside a real ESC, an OSC
     * title sequence and BEL; a later argument CR LF, U+202E, DEL, a single quote and a cut-off
     * UTF-8 sequence. dash writes the comm in one write: invalid byte, tab, quote, backslash, a
     * clear-screen sequence, CR LF, a comma and U+009B.
     */
    private static final String SCRIPT = "exec -a $'h\\xff\\t\"q\\\\x1b\\e]0;pwn\\a' /bin/sh -c "
            + "'printf \"c\\377\\t\\042\\134\\033[2J\\r\\n,\\302\\233\" > /proc/$$/comm; read x' "
            + "$'a\\r\\nb\\xe2\\x80\\xaec\\x7fd\\'e\\xc3' 'two words'";

    private static Spawned process;
    private static byte[] comm, cmdline;

    @BeforeAll
    static void spawn() throws Exception {
        process = spawnHostile();
        Path dir = Path.of("/proc", Integer.toString(process.pid()));
        // What the kernel holds is the oracle: comm without its newline, argv joined by spaces.
        byte[] c = Files.readAllBytes(dir.resolve("comm"));
        comm = Arrays.copyOf(c, c.length - 1);
        assertEquals(14, comm.length, "the comm was written whole: " + HexFormat.of().formatHex(comm));
        byte[] a = Files.readAllBytes(dir.resolve("cmdline"));
        cmdline = Arrays.copyOf(a, a.length - 1);
        for (int i = 0; i < cmdline.length; i++) if (cmdline[i] == 0) cmdline[i] = ' ';
    }

    /** The hostile process, its comm written (StreamedOutputTest spawns it too). */
    static Spawned spawnHostile() throws Exception {
        Spawned s = Spawned.start("/bin/bash", "-c", SCRIPT);
        Path comm = Path.of("/proc", Integer.toString(s.pid()), "comm");
        for (int i = 0; i < 500 && Files.readAllBytes(comm)[0] != 'c'; i++) Thread.sleep(10);
        return s;
    }

    @AfterAll
    static void kill() {
        if (process != null) process.close();
    }

    private static String query() { return "SELECT comm, cmdline FROM processes WHERE pid = " + process.pid(); }

    @Test
    void pipesGiveTheKernelsBytesBackThroughEveryFormatAndBackend() {
        Require.root();
        for (String backend : List.of("bpf", "procfs")) {
            for (String format : FORMATS) {
                Cli.RawResult r = Cli.runRaw("", "--backend", backend, "--sample", "0", "--format", format, "-e", query());
                assertEquals(0, r.exit(), r.err());
                assertRoundTrip(format, r.out(), false, backend + " " + format + " in a pipe");
            }
        }
    }

    @Test
    void dotOutputWritesTheBytesToAFile() throws Exception {
        Require.root();
        Path file = Files.createTempFile("bpftop-output", ".csv");
        try {
            Cli.RawResult r = Cli.runRaw(".mode csv\n.output " + file + "\n" + query() + ";\n", "--sample", "0");
            assertEquals(0, r.exit(), r.err());
            assertRoundTrip("csv", Files.readAllBytes(file), false, ".output FILE");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aTerminalGetsNoControlYetEveryFormatReadsBack() throws Exception {
        Require.root();
        for (String format : FORMATS) {
            byte[] screen = onTerminal("--sample", "0", "--format", format, "-e", "'" + query() + "'");
            String what = format + " on a terminal";
            String text = strictUtf8(screen, what).replace("\r\n", "\n"); // the pty's onlcr
            // TSV's separator is the one tab allowed: a value's own tabs are escaped.
            text.codePoints().forEach(cp -> assertFalse(unsafeForTerminal(cp) && !(cp == '\t' && format.equals("tsv")),
                    what + " wrote U+" + Integer.toHexString(cp) + ":\n" + text));
            assertRoundTrip(format, text.getBytes(StandardCharsets.UTF_8), true, what);
        }
    }

    @Test
    void aFreezePlanShowsTheNameAsAQueryDoes() throws Exception {
        Require.root();
        Require.cgroupV2();
        String shown = "c\\xff\\t\"\\\\\\x1b[2J\\r\\n,\\u009b";
        Cli.Result table = Cli.run("--sample", "0", "-e", "SELECT comm FROM processes WHERE pid = " + process.pid());
        assertTrue(table.out().contains(shown), table.out());
        try (ScratchCgroup scratch = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-hostile"));
             Spawned member = spawnHostile()) {
            scratch.add(member.pid());
            Cli.Result plan = Cli.run("--dry-run", "-e", "FREEZE CGROUP '" + scratch.path() + "'");
            assertEquals(0, plan.exit(), plan.err());
            assertTrue(plan.out().contains(member.pid() + "  " + shown), plan.out());
        }
    }

    /** Parses one output back and compares both values with what the kernel holds. */
    private static void assertRoundTrip(String format, byte[] out, boolean terminal, String what) {
        byte[][] values = switch (format) {
            case "csv" -> fromCsv(out, terminal);
            case "tsv" -> fromTsv(out);
            case "json" -> fromJson(out, true);
            case "jsonl" -> fromJson(out, false);
            case "table" -> fromTable(out);
            case "line" -> fromLine(out);
            default -> throw new IllegalArgumentException(format);
        };
        assertArrayEquals(comm, values[0], what + ": comm\n" + new String(out, StandardCharsets.UTF_8));
        assertArrayEquals(cmdline, values[1], what + ": cmdline\n" + new String(out, StandardCharsets.UTF_8));
    }

    /** CSV's syntax is ASCII, so reading its bytes as Latin-1 keeps every other byte as one char. */
    private static byte[][] fromCsv(byte[] out, boolean terminal) {
        try {
            List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(new String(out, StandardCharsets.ISO_8859_1))).getRecords();
            assertEquals(1, records.size());
            String text = new String(out, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("comm,cmdline\n") && text.endsWith("\"\n") && !text.endsWith("\r\n"), "CSV lines end in LF");
            byte[][] v = {latin1(records.getFirst().get("comm")), latin1(records.getFirst().get("cmdline"))};
            return terminal ? new byte[][] {unescape(v[0]), unescape(v[1])} : v;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** In a pipe only \t \n \r \\ are escaped and other bytes are raw; on a terminal the rest is escaped too. */
    private static byte[][] fromTsv(byte[] out) {
        String[] lines = new String(out, StandardCharsets.ISO_8859_1).split("\n");
        assertEquals(2, lines.length, "a header and one row");
        String[] fields = lines[1].split("\t", -1);
        assertEquals(2, fields.length);
        return new byte[][] {unescape(latin1(fields[0])), unescape(latin1(fields[1]))};
    }

    private static byte[][] fromJson(byte[] out, boolean array) {
        try {
            strictUtf8(out, "JSON");
            JsonNode row = new ObjectMapper().readTree(out);
            if (array) row = row.get(0);
            return new byte[][] {surrogateEscape(row.get("comm").asText()), surrogateEscape(row.get("cmdline").asText())};
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Header, rule, one row; the comm (no spaces once escaped, and the widest cell) comes first. */
    private static byte[][] fromTable(byte[] out) {
        String[] lines = new String(out, StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        int gap = lines[2].indexOf("  ");
        return new byte[][] {unescape(utf8(lines[2].substring(0, gap))), unescape(utf8(lines[2].substring(gap + 2)))};
    }

    private static byte[][] fromLine(byte[] out) {
        String[] lines = new String(out, StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        return new byte[][] {unescape(utf8(after(lines[0], "comm = "))), unescape(utf8(after(lines[1], "cmdline = ")))};
    }

    private static String after(String line, String prefix) {
        assertTrue(line.strip().startsWith(prefix), line);
        return line.strip().substring(prefix.length());
    }

    /** Reads the escapes the README documents back: \\ \n \t \r, \xHH a byte, \\uHHHH and \UHHHHHHHH a code point. */
    static byte[] unescape(byte[] text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < text.length; i++) {
            if (text[i] != '\\') {
                b.write(text[i]);
                continue;
            }
            char kind = (char) text[++i];
            switch (kind) {
                case '\\' -> b.write('\\');
                case 'n' -> b.write('\n');
                case 't' -> b.write('\t');
                case 'r' -> b.write('\r');
                case 'x', 'u', 'U' -> {
                    int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : 8;
                    int value = Integer.parseInt(new String(text, i + 1, digits, StandardCharsets.US_ASCII), 16);
                    if (kind == 'x') b.write(value);
                    else b.writeBytes(new String(Character.toChars(value)).getBytes(StandardCharsets.UTF_8));
                    i += digits;
                }
                default -> fail("unknown escape \\" + kind);
            }
        }
        return b.toByteArray();
    }

    /** Python's surrogateescape: a lone U+DC80..U+DCFF is the byte it stands for. */
    private static byte[] surrogateEscape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xdc80 && c <= 0xdcff && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) b.write(c & 0xff);
            else if (Character.isHighSurrogate(c)) b.writeBytes(s.substring(i, ++i + 1).getBytes(StandardCharsets.UTF_8));
            else b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private static byte[] onTerminal(String... args) throws Exception {
        String command = BPFTOP + " " + String.join(" ", args);
        Path out = Files.createTempFile("bpftop-pty", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
                    .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("COLUMNS", "10000"); // wide enough that no cell is cut with an ellipsis
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("bpftop on a pty did not finish: " + command);
            }
            assertEquals(0, p.exitValue(), command);
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** What may never reach a terminal raw: C0 but LF, DEL, C1, bidi and zero-width controls, separators, BOM. */
    private static boolean unsafeForTerminal(int cp) {
        return (cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f)
                || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff || cp == 0x061c;
    }

    private static String strictUtf8(byte[] b, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(what + " is not valid UTF-8: " + HexFormat.of().formatHex(b));
        }
    }

    private static byte[] latin1(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
