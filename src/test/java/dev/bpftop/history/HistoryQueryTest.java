package dev.bpftop.history;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.sql.PreparedQuery;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real recording of real processes the test starts and changes: one busy, then asleep, then
 * gone; another asleep throughout. History answers what a user asks of it afterwards.
 */
class HistoryQueryTest {
    @TempDir
    Path dir;

    @Test
    void answersTheQuestionsAUserAsksOfThePast() throws Exception {
        Require.root();
        Require.cgroupV2();
        Path rest = dir.resolve("rest");
        Path recording = dir.resolve("rec");
        List<Long> busy = new ArrayList<>(), asleep = new ArrayList<>(), gone = new ArrayList<>();
        int worker, idle;
        String cgroup;
        try (ScratchCgroup cg = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-history"));
             // A session of its own, favoured where root may: on a loaded 2-CPU machine a plain
             // loop got 16 % of a CPU, too little to tell busy from asleep.
             Spawned w = Spawned.start("setsid", "/bin/sh", "-c", "while [ ! -e " + rest + " ]; do :; done; exec sleep 600");
             Spawned i = Spawned.start("sleep", "601");
             Recording rec = new Recording(recording)) {
            worker = w.pid();
            w.awaitStatus("Name:", "sh");
            Path autogroup = Path.of("/proc/" + worker + "/autogroup");
            if (Files.isWritable(autogroup)) Files.writeString(autogroup, "-20");
            idle = i.pid();
            cgroup = cg.path();
            cg.add(worker);
            for (int n = 0; n < 3; n++) busy.add(rec.snapshot());
            Files.createFile(rest);
            w.awaitStatus("Name:", "sleep");
            rec.snapshot(); // this interval mixes both phases
            for (int n = 0; n < 3; n++) asleep.add(rec.snapshot());
            w.process().destroyForcibly().waitFor();
            for (int n = 0; n < 2; n++) gone.add(rec.snapshot());
            assertEquals(List.of(), rec.log);
        }
        List<String> skipped = new ArrayList<>();
        try (Session s = new Recording(recording).session(skipped)) {
            // The top process of each minute, among the two.
            List<Object[]> top = Recording.rows(s, "SELECT m, pid FROM (SELECT FLOOR(ts TO MINUTE) AS m, pid,"
                    + " ROW_NUMBER() OVER (PARTITION BY FLOOR(ts TO MINUTE) ORDER BY avg(cpu_pct) DESC) AS r"
                    + " FROM history.processes WHERE pid IN (" + worker + ", " + idle + ") AND ts BETWEEN "
                    + Recording.at(busy.getFirst()) + " AND " + Recording.at(busy.getLast())
                    + " GROUP BY FLOOR(ts TO MINUTE), pid) WHERE r = 1");
            assertFalse(top.isEmpty());
            for (Object[] row : top) assertEquals(worker, ((Number) row[1]).intValue());

            // Busy, then asleep: its cpu_pct over each interval says so.
            double busyPct = avg(s, worker, busy), asleepPct = avg(s, worker, asleep);
            assertTrue(busyPct > 20, "busy phase: " + busyPct);
            assertTrue(asleepPct < 5, "sleep phase: " + asleepPct);

            // When the pid exited: its last snapshot is the last one before the kill.
            Object[] last = Recording.rows(s, "SELECT max(ts) FROM history.processes WHERE pid = " + worker).getFirst();
            assertEquals(asleep.getLast().longValue(), millis(last[0]));
            assertEquals(gone.size(), Recording.rows(s, "SELECT ts FROM history.system WHERE ts > " + Recording.at(asleep.getLast())).size());

            // The cgroup's CPU over time: rising while busy, flat asleep.
            List<Object[]> cpu = Recording.rows(s, "SELECT ts, cpu_usage FROM history.cgroups WHERE path = '" + cgroup + "' ORDER BY ts");
            double atBusyStart = usageAt(cpu, busy.getFirst()), atBusyEnd = usageAt(cpu, busy.getLast());
            double atSleepStart = usageAt(cpu, asleep.getFirst()), atSleepEnd = usageAt(cpu, asleep.getLast());
            assertTrue(atBusyEnd - atBusyStart > 0.1, "cgroup CPU while busy: " + atBusyStart + " → " + atBusyEnd);
            assertTrue(atSleepEnd - atSleepStart < 0.05, "cgroup CPU asleep: " + atSleepStart + " → " + atSleepEnd);

            // Statements over the recording alone walk nothing live: neither history.* nor --at's tables, one-shot or prepared (the live view's).
            assertNull(s.source().latest(), "a history.* statement took a live snapshot");
            History.replay(s, recording, busy.getLast(), skipped::add);
            assertEquals("sh", Recording.rows(s, "SELECT comm FROM top WHERE pid = " + worker).getFirst()[0]);
            try (PreparedQuery p = s.prepare("SELECT comm FROM processes WHERE pid = " + worker)) {
                assertEquals("sh", p.run().rows().getFirst()[0]);
            }
            assertNull(s.source().latest(), "an --at statement took a live snapshot");
        }
        assertEquals(List.of(), skipped);

        // --at: any statement on the snapshot recorded last before a time; here the worker's command then.
        // To the millisecond: the snapshots are 300 ms apart, so a time cut to the second may name a later one.
        String busyAt = exact(busy.getLast() + 1), asleepAt = exact(asleep.getLast() + 1);
        Cli.Result r = Cli.run("--dir", recording.toString(), "--at", busyAt, "--backend", "procfs", "--format", "csv", "--no-header",
                "-e", "SELECT comm FROM processes WHERE pid = " + worker);
        assertEquals(0, r.exit(), r.err());
        assertEquals("sh\n", r.out());
        r = Cli.run("--dir", recording.toString(), "--at", asleepAt, "--backend", "procfs", "--format", "csv", "--no-header",
                "-e", "SELECT comm FROM top WHERE pid = " + worker);
        assertEquals("sleep\n", r.out(), r.err());
        r = Cli.run("--dir", recording.toString(), "--at", "2000-01-01 00:00", "--backend", "procfs", "-e", "SELECT 1");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("bpftop: no snapshot recorded at or before 2000-01-01 00:00:00"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    private static double avg(Session s, int pid, List<Long> at) throws Exception {
        Object v = Recording.rows(s, "SELECT avg(cpu_pct) FROM history.processes WHERE pid = " + pid + " AND ts BETWEEN "
                + Recording.at(at.getFirst()) + " AND " + Recording.at(at.getLast())).getFirst()[0];
        return ((Number) v).doubleValue();
    }

    private static double usageAt(List<Object[]> rows, long ts) {
        for (Object[] row : rows) if (millis(row[0]) == ts) return ((Number) row[1]).doubleValue();
        throw new AssertionError("no cgroup row at " + AtTime.text(ts));
    }

    static long millis(Object ts) {
        return switch (ts) {
            case java.sql.Timestamp t -> t.getTime();
            case Number n -> n.longValue();
            default -> throw new AssertionError("ts as " + ts.getClass());
        };
    }

    /** An --at time with milliseconds ('2026-12-05 03:12:30.123'). */
    private static String exact(long localMillis) {
        return AtTime.text(localMillis) + String.format(".%03d", Math.floorMod(localMillis, 1000L));
    }
}
