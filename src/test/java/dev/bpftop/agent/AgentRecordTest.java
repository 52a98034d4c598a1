package dev.bpftop.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** `bpftop agent --record`: the agent records while it answers, and each recorded rate is over one recorded interval. */
class AgentRecordTest {
    @Test
    void theAgentRecordsRatesOverItsOwnIntervalWhileItAnswers() throws Exception {
        // Busy for one second, asleep for the next: over a whole 2 s interval about half a CPU, while
        // the agent's own 100 ms ticks see nothing or a whole burst. A recorder that took the
        // agent's rates would record those, not what cpu_time grew by over its own interval.
        Path dir = Files.createTempDirectory("bpftop-agent-record");
        try (Spawned square = Spawned.start("/usr/bin/python3", "-c",
                "import time\n"
                        + "while True:\n"
                        + "    end = time.monotonic() + 1\n"
                        + "    while time.monotonic() < end: pass\n"
                        + "    time.sleep(1)");
             AgentProcess agent = AgentProcess.start("--tick", "100ms", "--record", "--dir", dir.toString(), "--interval", "2s")) {
            AgentProcess.Run answered = agent.client(List.of(), "-e", "SELECT count(*) > 0 AS up FROM processes", "--format", "csv", "--no-header");
            assertEquals(0, answered.exit(), answered.err());
            assertEquals("TRUE\n", answered.text().toUpperCase());

            // Each recorded cpu_pct must be what the recorded cpu_time grew by over the recorded interval.
            List<String[]> rows = new ArrayList<>();
            for (int i = 0; i < 600 && rows.size() < 5; i++) {
                Thread.sleep(100);
                if (i % 10 != 0 || !hasFiles(dir)) continue;
                AgentProcess.Run r = AgentProcess.standalone("--dir", dir.toString(), "--format", "csv", "--no-header", "-e",
                        "SELECT p.ts, p.cpu_pct, p.cpu_time, s.uptime FROM history.processes p JOIN history.system s ON p.ts = s.ts"
                                + " WHERE p.pid = " + square.pid() + " ORDER BY p.ts");
                assertEquals(0, r.exit(), r.err());
                rows = r.text().lines().filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
            }
            assertTrue(rows.size() >= 5, "five recorded intervals");
            List<Double> intervals = new ArrayList<>();
            for (int i = 1; i < rows.size(); i++) {
                // ts is shown to the second; the recorded uptime to the hundredth.
                double seconds = Double.parseDouble(rows.get(i)[3]) - Double.parseDouble(rows.get(i - 1)[3]);
                double grown = 100 * (Double.parseDouble(rows.get(i)[2]) - Double.parseDouble(rows.get(i - 1)[2])) / seconds;
                double recorded = Double.parseDouble(rows.get(i)[1]);
                // Over its own interval, not the 100 ms tick; on a loaded machine one recording may come
                // late, so the median is 2 s.
                assertTrue(seconds > 0.5, "the recorded interval: " + seconds + " s, of " + rows.stream().map(r -> String.join(",", r)).toList());
                intervals.add(seconds);
                assertEquals(grown, recorded, 4 + grown * 0.05, "interval " + i + " of " + rows.stream().map(r -> String.join(",", r)).toList());
            }
            assertEquals(2, intervals.stream().sorted().toList().get(intervals.size() / 2), 0.5, "the median recorded interval of " + intervals);
            assertTrue(agent.process.isAlive());
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static boolean hasFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }
}
