package dev.bpftop.enrich;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.collect.Task;
import dev.bpftop.testing.CpuClock;
import dev.bpftop.testing.Spawned;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * procfs cpu_pct counts a multi-threaded process's exact runtime summed over its live threads;
 * threads that exit take theirs out of that sum, and then stat's utime and stime count instead.
 * Checked on a real process whose worker threads each burn about 150 ms and exit, one after another.
 */
class ProcfsCpuTimeTest {
    @Test
    void aProcessWhoseThreadsComeAndGoReadsTheCpuTheyUsed() throws Exception {
        try (Spawned churn = Spawned.start("/usr/bin/python3", "-c",
                "import threading, time\n"
                        + "def burn():\n"
                        + "    end = time.thread_time() + 0.15\n"
                        + "    while time.thread_time() < end: pass\n"
                        + "while True:\n"
                        + "    t = threading.Thread(target=burn); t.start(); t.join(); time.sleep(0.05)\n");
             SnapshotSource source = new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0)) {
            int pid = churn.pid();
            List<String> readings = new ArrayList<>();
            source.refresh();
            for (int i = 0; i < 4; i++) {
                long wall0 = System.nanoTime(), cpu0 = CpuClock.processNs(pid);
                Thread.sleep(700);
                Snapshot s = source.refresh();
                long wall = System.nanoTime() - wall0, cpu = CpuClock.processNs(pid) - cpu0;
                Task t = s.processes().stream().filter(p -> p.tgid == pid).findFirst().orElseThrow();
                double cpuPct = s.readings().cpuPct(t);
                assertFalse(Double.isNaN(cpuPct));
                double used = 100.0 * cpu / wall;
                readings.add(String.format("%.1f (clock %.1f)", cpuPct, used));
                // Off by the statement's own length (the window is wider than the interval) and
                // stat's two 10 ms ticks; dropping an exited thread's 150 ms would be 20 or more.
                assertTrue(Math.abs(cpuPct - used) < 10, "readings " + readings);
            }
            System.out.println("procfs cpu_pct of a thread-churning process: " + readings);
        }
    }
}
