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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Container names resolved against a real Podman container, through its Engine API and through its store. */
class PodmanNamesTest {

    @Test
    void nameFromTheEngineApiAndFromTheStore() throws Exception {
        Require.root();
        Require.cgroupV2();
        Require.that(TinyContainer.available(), "podman and busybox-static");
        String name = ScratchCgroup.uniqueName("bpftop-test");
        Path socket = Path.of("/tmp", name + ".sock");
        try (TinyContainer c = TinyContainer.start(name)) {
            c.serveApi(socket);
            EngineApi api = new EngineApi("podman", socket);
            ContainerInfo viaApi = api.list(Duration.ofSeconds(10)).stream().filter(i -> i.id().equals(c.id)).findFirst().orElseThrow();
            assertEquals(name, viaApi.name());
            assertEquals("running", viaApi.state());
            assertEquals(TinyContainer.IMAGE + ":latest", viaApi.image());
            assertNotNull(viaApi.createdEpochMillis());

            ContainerInfo viaStore = new PodmanStore(PodmanStore.DEFAULT).list(Duration.ofSeconds(1)).stream()
                    .filter(i -> i.id().equals(c.id)).findFirst().orElseThrow();
            assertEquals(name, viaStore.name());
            assertEquals(TinyContainer.IMAGE + ":latest", viaStore.image());

            for (ContainerSource source : List.of(api, new PodmanStore(PodmanStore.DEFAULT))) {
                try (Session s = new Session(new SnapshotSource(new ProcfsCollector(),
                        Enrichers.none().with(new CgroupEnricher()).with(new ContainerEnricher(List.of(source))), 0))) {
                    assertArrayEquals(new Object[] {c.id, "podman", name},
                            s.execute("SELECT container_id, container_runtime, container_name FROM processes WHERE pid = " + c.pid).rows().get(0),
                            source.describe());
                    assertArrayEquals(new Object[] {name, "podman", 1},
                            s.execute("SELECT name, runtime, processes FROM containers WHERE id = '" + c.id + "'").rows().get(0),
                            source.describe());
                }
            }
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
