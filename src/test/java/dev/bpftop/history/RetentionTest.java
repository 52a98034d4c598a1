package dev.bpftop.history;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.sql.Tables;
import dev.bpftop.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention by age and by total size, oldest first, across tables; and the recorder's option checks. */
class RetentionTest {
    private static final long HOUR = Layout.HOUR_MS, NOW = 1_800_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void deletesWhatIsTooOldThenTheOldestUntilTheSizeFits() throws Exception {
        Layout layout = new Layout(dir);
        List<RecordedTable> tables = Stream.of("processes", "system").map(n -> new RecordedTable(Tables.named(n).orElseThrow())).toList();
        for (RecordedTable t : tables) Files.createDirectories(layout.tableDir(t.name()));
        // 1,000 bytes an hour for processes, 100 for system, the last ten hours; a part of this hour.
        for (int h = 10; h >= 1; h--) {
            Files.write(layout.merged("processes", NOW - h * HOUR, NOW - (h - 1) * HOUR - 1), new byte[1000]);
            Files.write(layout.merged("system", NOW - h * HOUR, NOW - (h - 1) * HOUR - 1), new byte[100]);
        }
        Files.write(layout.part("processes", NOW), new byte[1000]);
        Files.write(dir.resolve("processes").resolve("notes.txt"), new byte[5000]);

        new Retention(layout, 5 * HOUR, 0).apply(tables, NOW);
        assertEquals(6, layout.files("processes").size());
        assertTrue(layout.files("processes").stream().allMatch(f -> f.last() >= NOW - 5 * HOUR));
        assertEquals(5, layout.files("system").size());

        // 6 × 1,000 + 5 × 100 = 6,500 bytes: within 3,500 leaves the newest three hours of each and the part.
        new Retention(layout, 0, 3500).apply(tables, NOW);
        assertEquals(3, layout.files("processes").size(), layout.files("processes").toString());
        assertEquals(List.of(NOW - 2 * HOUR, NOW - HOUR, NOW), layout.files("processes").stream().map(Layout.DataFile::first).toList());
        assertEquals(3, layout.files("system").size());
        assertTrue(Files.exists(dir.resolve("processes").resolve("notes.txt")), "only our files are ever deleted");
    }

    @Test
    void badRecorderOptionsAreOneUsageLine() {
        for (String[] args : List.of(new String[] {"--interval", "0s"}, new String[] {"--interval", "soon"},
                new String[] {"--retain", "7 days"}, new String[] {"--max-size", "lots"})) {
            String[] argv = Stream.concat(Stream.of("record", "--dir", dir.toString()), Stream.of(args)).toArray(String[]::new);
            Cli.Result r = Cli.run(argv);
            assertEquals(2, r.exit(), String.join(" ", argv) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("bpftop: " + args[0] + ": "), r.err());
        }
        Cli.Result r = Cli.run("--dir", dir.toString(), "--at", "yesterday", "-e", "SELECT 1");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("bpftop: --at: 'yesterday' is not a time"), r.err());
    }
}
