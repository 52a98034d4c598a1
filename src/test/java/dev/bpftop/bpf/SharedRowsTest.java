package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Detail;
import dev.bpftop.collect.Task;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.CpuClock;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two snapshots share the row of a process that did not change (the same object), and not that of
 * one that did; each snapshot keeps its own cpu_pct and rates for both, whether the walk sent the
 * idle process as "still here" (delta) or whole again (full, found alike in user space).
 */
class SharedRowsTest {
    static Spawned sleeper, busy;

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
        sleeper = Spawned.start("sleep", "1011");
        busy = Spawned.start("/bin/sh", "-c", "while :; do :; done");
        Path status = Path.of("/proc/" + sleeper.pid() + "/status");
        for (int i = 0; i < 500 && !Files.readAllLines(status).contains("State:\tS (sleeping)"); i++) Thread.sleep(10);
    }

    @AfterAll
    static void stop() {
        if (sleeper != null) sleeper.close();
        if (busy != null) busy.close();
    }

    @ParameterizedTest(name = "delta walks: {0}")
    @ValueSource(booleans = {true, false})
    void anIdleProcessKeepsItsRowAndEachSnapshotItsValues(boolean delta) throws Exception {
        BpfCollector bpf = BpfCollector.open(delta);
        try (SnapshotSource source = new SnapshotSource(bpf, Enrichers.none(), 0)) {
            Snapshot before = source.refresh(Detail.all()), after = null;
            // The sleeper's first walks may still send it whole and changed (it was just starting).
            for (int i = 0; i < 20; i++) {
                Thread.sleep(50);
                after = source.refresh(Detail.all());
                if (process(before, sleeper.pid()) == process(after, sleeper.pid()) && before.readings().cpuPct(process(before, busy.pid())) >= 0) break;
                before = after;
            }
            Task idle = process(after, sleeper.pid()), busyBefore = process(before, busy.pid()), busyAfter = process(after, busy.pid());
            assertSame(process(before, sleeper.pid()), idle, "the idle process's row is shared");
            assertSame(thread(before, sleeper.pid()), thread(after, sleeper.pid()), "and its thread's");
            assertNotSame(busyBefore, busyAfter, "the busy process's row is new");
            assertNotEquals(busyBefore.cpuNs(), busyAfter.cpuNs(), "with its new CPU time");
            if (!delta) assertTrue(bpf.lastWalk().counts().get("records_alike") > 0, "whole records found alike: " + bpf.lastWalk().counts());

            double busyPctBefore = before.readings().cpuPct(busyBefore), busyPctAfter = after.readings().cpuPct(busyAfter);
            assertEquals(0.0, after.readings().cpuPct(idle), "an idle process uses no CPU");
            assertEquals(0.0, after.readings().readRate(idle), "nor reads");
            // Over a 50 ms interval a running task's CPU time, read up to a tick late at either end,
            // may overshoot by a tick in 50 ms (105.2 was seen); two ticks, as CpuPctTest allows in a VM.
            double overshoot = 2 * 100.0 * CpuClock.schedulerTickNs() / 50e6;
            assertTrue(busyPctAfter > 0 && busyPctAfter <= 100 + overshoot, "a busy loop's cpu_pct: " + busyPctAfter + ", at most " + (100 + overshoot));
            assertEquals("sleep 1011", idle.cmdline);

            // A third snapshot shares the row again; the second's values stay its own.
            Thread.sleep(50);
            Snapshot third = source.refresh(Detail.all());
            assertEquals(busyPctBefore, before.readings().cpuPct(busyBefore));
            assertEquals(busyPctAfter, after.readings().cpuPct(busyAfter));
            assertEquals(0.0, after.readings().cpuPct(idle));
            assertTrue(third.readings().cpuPct(process(third, busy.pid())) > 0, "the busy loop again");
            // A row of one snapshot is not another snapshot's row at the same place.
            assertTrue(Double.isNaN(third.readings().cpuPct(busyBefore)), "an earlier row has no value in a later snapshot");
        }
    }

    private static Task process(Snapshot s, int pid) { return find(s.processes(), t -> t.tgid == pid, pid); }

    private static Task thread(Snapshot s, int tid) { return find(s.threads(), t -> t.tid == tid, tid); }

    private static Task find(List<Task> rows, Predicate<Task> which, int pid) {
        return rows.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError("pid " + pid));
    }
}
