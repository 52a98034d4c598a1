package dev.bpftop.enrich;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.collect.Task;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real scratch cgroups named the way systemd and the container runtimes name theirs, real processes
 * moved into them, and the owner columns read back through SQL.
 */
class RealCgroupsTest {

    @BeforeEach
    void needCgroups() {
        Require.root();
        Require.cgroupV2();
    }

    static Session session() {
        return new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none().with(new CgroupEnricher()).with(new ContainerEnricher(List.of())), 0));
    }

    static String hex64() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    @Test
    void ownersOfProcessesInUnitAndContainerCgroups() throws Exception {
        String n = Long.toString(System.nanoTime() % 100000);
        String podmanId = hex64(), containerdId = hex64(), dockerId = hex64();
        String uid = UUID.randomUUID().toString();
        try (ScratchCgroup service = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-test") + "/system.slice/test-" + n + ".service");
             ScratchCgroup podman = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-test") + "/machine.slice/libpod-" + podmanId + ".scope");
             ScratchCgroup kube = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-test") + "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                     + uid.replace('-', '_') + ".slice/cri-containerd-" + containerdId + ".scope");
             ScratchCgroup docker = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-test") + "/docker/" + dockerId);
             Spawned p1 = Spawned.start("sleep", "301");
             Spawned p2 = Spawned.start("sleep", "302");
             Spawned p3 = Spawned.start("sleep", "303");
             Spawned p4 = Spawned.start("sleep", "304");
             Spawned p5 = Spawned.start("sleep", "305");
             Session s = session()) {
            service.add(p1.pid());
            podman.add(p2.pid());
            kube.add(p3.pid());
            docker.add(p4.pid());
            // a cgroup the container made inside itself still belongs to the container
            var inner = Files.createDirectory(podman.dir().resolve("inner"));
            Files.writeString(inner.resolve("cgroup.procs"), Integer.toString(p5.pid()));

            Map<Integer, Object[]> rows = byPid(s.execute("SELECT pid, cgroup, unit, slice, container_id, container_runtime, pod, frozen, cgroup_id FROM processes WHERE pid IN ("
                    + p1.pid() + "," + p2.pid() + "," + p3.pid() + "," + p4.pid() + "," + p5.pid() + ")"));

            assertArrayEquals(new Object[] {service.path(), "test-" + n + ".service", "system.slice", null, null, null, false, service.id()}, rest(rows.get(p1.pid())));
            assertArrayEquals(new Object[] {podman.path(), "libpod-" + podmanId + ".scope", "machine.slice", podmanId, "podman", null, false, podman.id()}, rest(rows.get(p2.pid())));
            assertArrayEquals(new Object[] {kube.path(), "cri-containerd-" + containerdId + ".scope", "kubepods-burstable-pod" + uid.replace('-', '_') + ".slice",
                    containerdId, "containerd", uid, false, kube.id()}, rest(rows.get(p3.pid())));
            assertArrayEquals(new Object[] {docker.path(), null, null, dockerId, "docker", null, false, docker.id()}, rest(rows.get(p4.pid())));
            assertArrayEquals(new Object[] {podman.path() + "/inner", "libpod-" + podmanId + ".scope", "machine.slice", podmanId, "podman", null, false},
                    Arrays.copyOf(rest(rows.get(p5.pid())), 7));

            assertArrayEquals(new Object[] {"system.slice", 1L},
                    s.execute("SELECT slice, processes FROM units WHERE unit = 'test-" + n + ".service'").rows().get(0));

            // the containers table lists each container once, at its own cgroup, with its processes counted
            QueryResult containers = s.execute("SELECT id, runtime, cgroup, processes, pod, qos, name FROM containers WHERE id IN ('"
                    + podmanId + "','" + containerdId + "','" + dockerId + "') ORDER BY runtime");
            assertEquals(3, containers.rows().size());
            assertArrayEquals(new Object[] {containerdId, "containerd", kube.path(), 1, uid, "burstable", null}, containers.rows().get(0));
            assertArrayEquals(new Object[] {dockerId, "docker", docker.path(), 1, null, null, null}, containers.rows().get(1));
            assertArrayEquals(new Object[] {podmanId, "podman", podman.path(), 2, null, null, null}, containers.rows().get(2));
        }
    }

    @Test
    void cgroupsTableAndFrozenFollowTheKernel() throws Exception {
        String top = ScratchCgroup.uniqueName("bpftop-test");
        try (ScratchCgroup cg = ScratchCgroup.create(top + "/system.slice/test-frozen.service");
             Spawned p = Spawned.start("sleep", "306");
             Session s = session()) {
            cg.add(p.pid());
            String where = " FROM cgroups WHERE path = '" + cg.path() + "'";
            Object[] row = s.execute("SELECT id, parent, depth, unit, slice, processes, threads, frozen, populated" + where).rows().get(0);
            assertArrayEquals(new Object[] {cg.id(), "/" + top + "/system.slice", 3, "test-frozen.service", "system.slice", 1, 1, false, true}, row);
            assertEquals(2L, s.execute("SELECT count(*) FROM cgroups WHERE path LIKE '/" + top + "%' AND processes = 0").rows().get(0)[0]);

            Files.writeString(cg.dir().resolve("cgroup.freeze"), "1");
            awaitFrozen(cg, "1");
            assertEquals(true, s.execute("SELECT frozen" + where).rows().get(0)[0]);
            assertEquals(true, s.execute("SELECT frozen FROM processes WHERE pid = " + p.pid()).rows().get(0)[0]);
            Files.writeString(cg.dir().resolve("cgroup.freeze"), "0");
            awaitFrozen(cg, "0");
            assertEquals(false, s.execute("SELECT frozen FROM processes WHERE pid = " + p.pid()).rows().get(0)[0]);
        }
    }

    /** The BPF collector reports only the cgroup id: the path is found by walking the tree. */
    @Test
    void pathFromIdAndIdFromPath() throws Exception {
        try (ScratchCgroup cg = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-test") + "/docker/" + hex64())) {
            Task byId = new Task();
            byId.cgroupId = cg.id();
            Task byPath = new Task();
            byPath.cgroupPath = cg.path();
            Task gone = new Task();
            gone.cgroupId = Long.MAX_VALUE; // a cgroup removed since: no path, no error
            Task zombie = new Task();
            zombie.cgroupPath = cg.path() + " (deleted)";
            Ownership found = new CgroupEnricher().enrich(new Collector.TaskList(List.of(byId, byPath, gone, zombie), List.of()));
            assertEquals(cg.path(), found.path(byId));
            assertEquals(cg.id(), found.id(byPath));
            assertNull(found.path(gone));
            assertEquals(cg.path(), found.path(zombie));
            assertEquals("docker", found.owner(found.path(byId)).container().runtime());
            assertNull(byId.cgroupPath, "the task stays as collected");
        }
    }

    @Test
    void withoutCgroupV2TheTableIsEmptyAndDerivedColumnsNull() throws Exception {
        try (Session s = new Session(new SnapshotSource(new ProcfsCollector(),
                Enrichers.none().with(new CgroupEnricher(Optional.empty())).with(new ContainerEnricher(List.of())), 0))) {
            assertEquals(0L, s.execute("SELECT count(*) FROM cgroups").rows().get(0)[0]);
            assertEquals(0L, s.execute("SELECT count(*) FROM containers").rows().get(0)[0]);
            assertEquals(0L, s.execute("SELECT count(*) FROM processes WHERE unit IS NOT NULL OR slice IS NOT NULL"
                    + " OR container_id IS NOT NULL OR frozen IS NOT NULL").rows().get(0)[0]);
        }
    }

    private static void awaitFrozen(ScratchCgroup cg, String want) throws Exception {
        for (int i = 0; i < 250; i++) {
            if (Files.readString(cg.dir().resolve("cgroup.events")).contains("frozen " + want)) return;
            Thread.sleep(20);
        }
        fail("cgroup never reached frozen " + want);
    }

    private static Map<Integer, Object[]> byPid(QueryResult r) {
        Map<Integer, Object[]> m = new HashMap<>();
        for (Object[] row : r.rows()) m.put((Integer) row[0], row);
        return m;
    }

    private static Object[] rest(Object[] row) {
        assertNotNull(row, "process missing from the snapshot");
        return Arrays.copyOfRange(row, 1, row.length);
    }
}
