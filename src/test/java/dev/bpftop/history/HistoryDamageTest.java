package dev.bpftop.history;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.sql.Session;
import dev.bpftop.sql.Tables;
import dev.bpftop.testing.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording survives a SIGKILL mid-write, a full disk and damaged or newer files. */
class HistoryDamageTest {
    @TempDir
    Path dir;

    @Test
    void aSigkillMidWriteLosesOnlyTheIntervalBeingWritten() throws Exception {
        Path rec = dir.resolve("rec");
        Process p = new ProcessBuilder("bin/bpftop", "record", "--dir", rec.toString(), "--interval", "1s", "--backend", "procfs")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        boolean midWrite = false;
        try {
            // Kill it while it writes a part, once two are complete.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !midWrite) {
                midWrite = parts(rec) >= 2 && temporaries(rec) > 0;
                if (!midWrite) Thread.sleep(1);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertTrue(midWrite, "never caught the recorder writing: " + Files.readString(dir.resolve("out")));
        long complete = parts(rec);
        List<String> skipped = new ArrayList<>();
        try (Session s = new Recording(rec.resolveSibling("unused")).session(skipped)) {
            History.register(s, rec, skipped::add);
            Object[] n = Recording.rows(s, "SELECT count(DISTINCT ts), count(*) FROM history.processes").getFirst();
            assertEquals(complete, ((Number) n[0]).longValue());
            assertTrue(((Number) n[1]).longValue() > complete);
        }
        assertEquals(List.of(), skipped, "every complete file reads");
        // The next recorder clears what the killed one left half written.
        new Recorder(rec, false, java.time.Duration.ZERO, 0, skipped::add).close();
        assertEquals(0, temporaries(rec));
    }

    @Test
    void aFullDiskPausesWithOneLineAndRecordingResumesByItself() throws Exception {
        Require.root();
        Path small = Files.createDirectory(dir.resolve("small"));
        mount(small);
        try (Recording rec = new Recording(small.resolve("rec"))) {
            Path filler = small.resolve("filler");
            fill(filler);
            rec.snapshot();
            rec.snapshot();
            assertTrue(rec.recorder.paused());
            assertEquals(1, rec.log.size(), rec.log.toString());
            assertTrue(rec.log.getFirst().startsWith("recording paused: cannot write " + small.resolve("rec")), rec.log.getFirst());
            Files.delete(filler);
            long ts = rec.snapshot();
            assertFalse(rec.recorder.paused());
            assertEquals(List.of("recording resumed in " + small.resolve("rec")), rec.log.subList(1, rec.log.size()));
            assertTrue(Files.exists(new Layout(small.resolve("rec")).part("processes", ts)));
            assertEquals(0, temporaries(small.resolve("rec")));
        } finally {
            umount(small);
        }
    }

    @Test
    void damagedAndNewerFilesAreSkippedWithOneLineEachAndTheRestAnswers() throws Exception {
        Path rec = dir.resolve("rec");
        long good;
        try (Recording r = new Recording(rec)) {
            good = r.snapshot();
        }
        RecordedTable system = new RecordedTable(Tables.named("system").orElseThrow());
        Layout layout = new Layout(rec);
        Path goodFile = layout.part("system", good);
        // Each in an hour of its own, a day before: a torn copy, noise, and a file from a newer bpftop.
        long day = 86_400_000L;
        Path torn = layout.part("system", good - day), noise = layout.part("system", good - day + Layout.HOUR_MS);
        Path newer = layout.part("system", good - day + 2 * Layout.HOUR_MS);
        byte[] bytes = Files.readAllBytes(goodFile);
        Files.write(torn, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(noise, "not parquet at all".getBytes());
        List<Object[]> rows = new ArrayList<>();
        ParquetRows.read(goodFile, system, java.util.stream.IntStream.range(0, system.def().columns().size() + 1).toArray(), rows::add);
        Iterator<Object[]> it = rows.iterator();
        PartWriter.write(system, it, newer, PartWriter.Kind.PART, PartWriter.FORMAT_VERSION + 1);

        List<String> skipped = new ArrayList<>();
        try (Session s = new Recording(dir.resolve("unused")).session(skipped)) {
            History.register(s, rec, skipped::add);
            // A filter on ts opens only the files that can match: none of the bad ones here.
            assertEquals(1, Recording.rows(s, "SELECT * FROM history.system WHERE ts >= " + Recording.at(good)).size());
            assertEquals(List.of(), skipped);
            assertEquals(1, Recording.rows(s, "SELECT * FROM history.system").size());
            assertEquals(3, skipped.size(), skipped.toString());
            assertTrue(skipped.stream().anyMatch(l -> l.startsWith("history: skipping " + newer + ": written by a newer bpftop (format 2")), skipped.toString());
            assertTrue(skipped.stream().anyMatch(l -> l.startsWith("history: skipping " + torn + ": ")), skipped.toString());
            assertTrue(skipped.stream().anyMatch(l -> l.startsWith("history: skipping " + noise + ": ")), skipped.toString());
            assertTrue(skipped.stream().noneMatch(l -> l.contains("\n")));
            // Asked again, the same files are not reported again.
            Recording.rows(s, "SELECT * FROM history.system");
            assertEquals(3, skipped.size());
        }
    }

    private static long parts(Path rec) throws IOException { return count(rec.resolve("processes"), "p-"); }

    private static long temporaries(Path rec) throws IOException { return count(rec.resolve("processes"), Layout.TMP_PREFIX); }

    private static long count(Path d, String prefix) throws IOException {
        if (!Files.isDirectory(d)) return 0;
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }

    /** Fills the filesystem to the last byte. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) out.write(block);
        } catch (IOException full) {
            // No space left: what we wanted.
        }
        try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) out.write(0);
        } catch (IOException full) {
            // The last bytes too.
        }
    }

    private static void mount(Path at) throws Exception {
        run("mount", "-t", "tmpfs", "-o", "size=4m", "bpftop-history-test", at.toString());
    }

    /** Unmounted even when a failed write still holds a file there: lazily then, but never left behind. */
    private static void umount(Path at) throws Exception {
        Process p = new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) run("umount", "-l", at.toString());
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }
}
