package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Detail;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.NeedsCheck;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cgroups and containers tables read tasks only for their counts and totals: a WATCH of them
 * collects each task's cgroup (and the thread walk for a thread count), not its status, I/O or
 * namespaces. Checked on a real four-thread process in a real scratch cgroup named like a Podman
 * container's, so every count is one a missing detail would change.
 */
class OwnerTableNeedsTest {
    private static final String FOUR_THREADS = "import threading, time\n"
            + "for _ in range(3): threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n"
            + "time.sleep(600)\n";
    private static final String ID = "fedcba9876543210".repeat(4);
    /** Pressure averages decay between two reads by themselves; they come from files, not tasks. */
    private static final Set<String> MOVING = Set.of("cpu_some_avg10", "cpu_some_avg60", "memory_some_avg10",
            "memory_full_avg10", "io_some_avg10", "io_full_avg10");

    @Test
    void cgroupsAndContainersCollectOnlyWhatTheirColumnsRead() throws Exception {
        Require.root();
        Require.cgroupV2();
        try (ScratchCgroup scope = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-tneeds") + "/machine.slice/libpod-" + ID + ".scope");
             Spawned python = Spawned.start("/usr/bin/python3", "-c", FOUR_THREADS);
             Session session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.defaults(), 0))) {
            scope.add(python.pid());
            awaitThreads(python.pid(), 4);
            session.refresh(); // so that cpu_pct is measured from the first run on

            String cgroup = "path = '" + scope.path() + "'";
            QueryResult cgroups = NeedsCheck.full(session, "cgroups", cgroup);
            assertEquals(1, NeedsCheck.value(cgroups, "processes"));
            assertEquals(4, NeedsCheck.value(cgroups, "threads"));
            assertEquals(List.of(), NeedsCheck.mismatches(session, "cgroups", cgroup, cgroups, MOVING), "cgroups columns read alone");

            String container = "id = '" + ID + "'";
            QueryResult containers = NeedsCheck.full(session, "containers", container);
            assertEquals(1, NeedsCheck.value(containers, "processes"));
            assertTrue((Long) NeedsCheck.value(containers, "rss") > 0, "python's rss");
            assertEquals(0.0, NeedsCheck.value(containers, "cpu_pct"), "a sleeping process");
            assertEquals(List.of(), NeedsCheck.mismatches(session, "containers", container, containers, Set.of()), "containers columns read alone");

            // cgroups sums its processes' network bytes: NET (the hooks) is read only because those columns are
            assertEquals(EnumSet.of(Detail.CGROUP, Detail.NET, Detail.THREADS), NeedsCheck.learned(session, "SELECT * FROM cgroups"));
            assertEquals(EnumSet.noneOf(Detail.class), NeedsCheck.learned(session, "SELECT path, unit, frozen, cpu_usage FROM cgroups"));
            // rss is VmRSS, which procfs reads from /proc/PID/status
            assertEquals(EnumSet.of(Detail.CGROUP, Detail.STATUS, Detail.NET), NeedsCheck.learned(session, "SELECT * FROM containers"));
            assertEquals(EnumSet.noneOf(Detail.class), NeedsCheck.learned(session, "SELECT id, name, cgroup FROM containers"));
        }
    }

    private static void awaitThreads(int pid, int n) throws Exception {
        Path task = Path.of("/proc", Integer.toString(pid), "task");
        for (int i = 0; i < 500; i++) {
            try (var s = Files.list(task)) {
                if (s.count() == n) return;
            }
            Thread.sleep(10);
        }
        fail("python did not start " + n + " threads");
    }
}
