package dev.bpftop.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.history.AtTime;
import dev.bpftop.history.History;
import dev.bpftop.history.Recorder;
import dev.bpftop.history.Replay;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Spawned;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replayed live view's query, stepped through a real recording: each step shows the neighbouring
 * snapshot's rows and recorded time, either end stays with a message, and nothing walks the live
 * system (the view's meters included), however many steps.
 */
class ReplayStepTest {
    @TempDir
    Path dir;

    @Test
    void stepsReadTheNeighbouringSnapshotsAndWalkNothingLive() throws Exception {
        List<Long> ts = new ArrayList<>();
        List<Integer> pids = new ArrayList<>();
        List<String> log = new ArrayList<>();
        // Snapshot n holds the first n + 1 sleeps, each started just before it: each step back loses one.
        List<Spawned> sleeps = new ArrayList<>();
        try (SnapshotSource source = new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0)) {
            Recorder recorder = new Recorder(dir, false, Duration.ZERO, 0, log::add);
            for (int n = 0; n < 3; n++) {
                Spawned s = Spawned.start("sleep", "30" + n);
                sleeps.add(s);
                pids.add(s.pid());
                s.awaitStatus("Name:", "sleep");
                Snapshot snap = source.refresh();
                recorder.append(snap);
                ts.add(snap.takenAt().toEpochMilli() + TimeZone.getDefault().getOffset(snap.takenAt().toEpochMilli()));
            }
        } finally {
            sleeps.forEach(Spawned::close);
        }
        assertEquals(List.of(), log);
        // A torn file between the first two snapshots: skipped with one line, on the view's message line.
        Path torn = dir.resolve("system").resolve("p-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")
                .format(java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(ts.get(0) + 1, 1000), (int) Math.floorMod(ts.get(0) + 1, 1000) * 1_000_000,
                        java.time.ZoneOffset.UTC)) + ".parquet");
        java.nio.file.Files.writeString(torn, "PAR1 torn");
        String in = pids.stream().map(String::valueOf).reduce((x, y) -> x + ", " + y).orElseThrow();
        try (Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0))) {
            History.register(session, dir, log::add);
            Replay replay = History.replay(session, dir, ts.get(1), log::add);
            Modal modal = new Modal();
            Rows rows = new Rows();
            LiveQuery query = new LiveQuery(session, "SELECT pid FROM processes WHERE pid IN (" + in + ")", null, rows,
                    new Header(new Palette(false)), new FreezeActions(session), modal, replay);
            query.prepare();
            query.tick();
            assertShows(replay, query, rows, ts.get(1), pids.subList(0, 2));

            query.step(false);
            assertShows(replay, query, rows, ts.get(0), pids.subList(0, 1));
            assertTrue(modal.message().startsWith("history: skipping " + torn + ": "), modal.message());
            assertEquals(List.of(), log, "a line on stderr would land in the middle of the screen");
            query.step(false);
            assertShows(replay, query, rows, ts.get(0), pids.subList(0, 1));
            assertTrue(modal.message().startsWith("no earlier snapshot in " + dir + ": staying at " + AtTime.text(ts.get(0))), modal.message());

            query.step(true);
            assertShows(replay, query, rows, ts.get(1), pids.subList(0, 2));
            query.step(true);
            assertShows(replay, query, rows, ts.get(2), pids);
            modal.clearMessage();
            query.step(true);
            assertShows(replay, query, rows, ts.get(2), pids);
            assertTrue(modal.message().startsWith("no later snapshot"), modal.message());
            assertEquals(4, query.ticks(), "a step that stays runs nothing"); // the first tick and three steps that moved

            // The meters show the machine as recorded with the snapshot, not as it is now.
            assertEquals(AtTime.text(ts.get(2)), query.frame().recorded());
            assertEquals("procfs", query.frame().backend());
            assertTrue(session.source().latest() == null, "a replay walked the live system");
            query.close();
            replay.logTo(line -> { }).accept("after the view");
            assertEquals(List.of("after the view"), log, "the view gives the lines back when it closes");
        }
    }

    private static void assertShows(Replay replay, LiveQuery query, Rows rows, long ts, List<Integer> pids) {
        assertEquals(ts, replay.at());
        assertEquals(AtTime.text(ts), query.frame().recorded());
        List<Integer> shown = rows.lines().stream().map(l -> ((Number) l.row()[0]).intValue()).sorted().toList();
        assertEquals(pids.stream().sorted().toList(), shown, "at " + AtTime.text(ts));
    }
}
