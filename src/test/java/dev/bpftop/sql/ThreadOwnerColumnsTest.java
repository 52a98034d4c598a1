package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.bpf.Backends;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The owner columns of threads, on a real four-thread process in a real scratch cgroup, from both
 * backends: a thread shows its own cgroup, which is its process's except in a threaded subtree.
 */
class ThreadOwnerColumnsTest {
    private static final String FOUR_THREADS = "import threading, time\n"
            + "for _ in range(3): threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n"
            + "time.sleep(600)\n";
    private static final String ID = "0123456789abcdef".repeat(4);

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void everyThreadShowsItsProcessOwner(String backend) throws Exception {
        require(backend);
        try (ScratchCgroup scope = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-threads") + "/machine.slice/libpod-" + ID + ".scope");
             Spawned python = Spawned.start("/usr/bin/python3", "-c", FOUR_THREADS);
             Session session = session(backend)) {
            scope.add(python.pid());
            awaitThreads(python.pid(), 4);
            String sql = "SELECT tid, cgroup, cgroup_id, unit, slice, container_id, container_runtime, pod, frozen FROM threads WHERE pid = " + python.pid();
            List<Object[]> rows = session.execute(sql).rows();
            assertEquals(4, rows.size(), "one row per thread");
            for (Object[] row : rows) {
                assertArrayEquals(new Object[] {row[0], scope.path(), scope.id(), "libpod-" + ID + ".scope", "machine.slice", ID, "podman", null, false},
                        row, "thread " + row[0]);
            }
            Files.writeString(scope.dir().resolve("cgroup.freeze"), "1");
            awaitFrozen(scope.dir());
            List<Object[]> frozen = session.execute("SELECT frozen FROM threads WHERE pid = " + python.pid()).rows();
            assertEquals(4, frozen.size());
            for (Object[] row : frozen) assertEquals(true, row[0], "a frozen cgroup freezes every thread in it");
        }
    }

    /** cgroup v2 lets the threads of one process sit in different cgroups only inside a threaded subtree. */
    @ParameterizedTest
    @ValueSource(strings = {"procfs", "bpf"})
    void aThreadInAThreadedCgroupShowsItsOwn(String backend) throws Exception {
        require(backend);
        try (ScratchCgroup domain = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-threaded") + "/app.service");
             Spawned python = Spawned.start("/usr/bin/python3", "-c", FOUR_THREADS);
             Session session = session(backend)) {
            domain.add(python.pid());
            List<Integer> tids = awaitThreads(python.pid(), 4);
            Path worker = Files.createDirectory(domain.dir().resolve("worker"));
            Files.writeString(worker.resolve("cgroup.type"), "threaded");
            int moved = tids.stream().filter(t -> t != python.pid()).findFirst().orElseThrow();
            Files.writeString(worker.resolve("cgroup.threads"), Integer.toString(moved));

            Map<Integer, String> cgroupOf = new HashMap<>();
            for (Object[] row : session.execute("SELECT tid, cgroup, unit FROM threads WHERE pid = " + python.pid()).rows()) {
                cgroupOf.put((Integer) row[0], (String) row[1]);
                assertEquals("app.service", row[2], "a threaded child belongs to its domain's unit");
            }
            assertEquals(4, cgroupOf.size(), "one row per thread");
            for (int tid : tids) assertEquals(tid == moved ? domain.path() + "/worker" : domain.path(), cgroupOf.get(tid), "thread " + tid);
            Object process = session.execute("SELECT cgroup FROM processes WHERE pid = " + python.pid()).rows().get(0)[0];
            assertEquals(domain.path(), process, "the process shows its leader's cgroup");
        }
    }

    private static void require(String backend) {
        Require.root();
        Require.cgroupV2();
        if (backend.equals("bpf")) Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
    }

    private static Session session(String backend) {
        return new Session(new SnapshotSource(Backends.open(backend, warning -> {}), Enrichers.defaults(), 0));
    }

    /** Python starts its threads after the exec Spawned waits for. */
    private static List<Integer> awaitThreads(int pid, int count) throws Exception {
        Path tasks = Path.of("/proc", Integer.toString(pid), "task");
        for (int i = 0; i < 500; i++) {
            List<Integer> tids;
            try (Stream<Path> s = Files.list(tasks)) {
                tids = s.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
            }
            if (tids.size() == count) return tids;
            Thread.sleep(10);
        }
        return fail("process " + pid + " never reached " + count + " threads");
    }

    private static void awaitFrozen(Path cgroup) throws Exception {
        for (int i = 0; i < 500 && !Files.readString(cgroup.resolve("cgroup.events")).contains("frozen 1"); i++) Thread.sleep(10);
        assertTrue(Files.readString(cgroup.resolve("cgroup.events")).contains("frozen 1"), "cgroup froze");
    }
}
