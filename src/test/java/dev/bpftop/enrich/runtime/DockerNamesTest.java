package dev.bpftop.enrich.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.CgroupEnricher;
import dev.bpftop.enrich.ContainerEnricher;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real Docker container, found the way bpftop finds Docker (DOCKER_HOST here, so the test's own
 * engine never stands in for a host's /var/run/docker.sock): its process's owner columns, its row in
 * {@code containers}, and that row gone once the container stops.
 */
class DockerNamesTest {

    @Test
    void containerOfAProcessAndItsRow() throws Exception {
        Require.root();
        Require.cgroupV2();
        Require.that(DockerEngine.available(), "dockerd and docker (package docker.io), busybox-static");
        String name = ScratchCgroup.uniqueName("bpftop-test");
        try (DockerEngine docker = DockerEngine.start()) {
            DockerEngine.Container c = docker.run(name, "/bin/sleep", "1000");
            // Where runc put it: /docker/ID with the cgroupfs driver (no systemd, as on a hybrid host
            // without it), /system.slice/docker-ID.scope with the systemd driver.
            String cgroup = v2Cgroup(c.pid());
            List<ContainerSource> sources = Endpoints.from(Map.of("DOCKER_HOST", "unix://" + docker.socket));
            try (Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none().with(new CgroupEnricher()).with(new ContainerEnricher(sources)), 0))) {
                assertArrayEquals(new Object[] {c.id(), "docker", name, cgroup},
                        s.execute("SELECT container_id, container_runtime, container_name, cgroup FROM processes WHERE pid = " + c.pid()).rows().get(0));
                assertArrayEquals(new Object[] {name, "docker", DockerEngine.IMAGE, "running", cgroup, 1},
                        s.execute("SELECT name, runtime, image, state, cgroup, processes FROM containers WHERE id = '" + c.id() + "'").rows().get(0));

                docker.docker("stop", "-t", "0", name);
                assertEquals(List.of(), s.execute("SELECT id FROM containers WHERE id = '" + c.id() + "'").rows());
                assertEquals(List.of(), s.execute("SELECT pid FROM processes WHERE pid = " + c.pid()).rows());
            }
        }
    }

    /** The process's cgroup v2 path, as the kernel reports it. */
    private static String v2Cgroup(int pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                .filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElseThrow();
    }
}
