package dev.bpftop.enrich.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.bpf.BpfCollector;
import dev.bpftop.collect.Collector;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.CgroupEnricher;
import dev.bpftop.enrich.ContainerEnricher;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A listener inside a real Podman container: its socket, its process and its container's name, on both backends. */
class ContainerSocketTest {

    @Test
    void aContainersListenerShowsWithItsContainer() throws Exception {
        Require.root();
        Require.cgroupV2();
        Require.that(TinyContainer.available(), "podman and busybox-static");
        String name = ScratchCgroup.uniqueName("bpftop-test");
        try (TinyContainer c = TinyContainer.start(name, "/bin/busybox", "nc", "-l", "-p", "8080")) {
            for (Supplier<Collector> backend : List.<Supplier<Collector>>of(BpfCollector::open, ProcfsCollector::new)) {
                try (Session s = new Session(new SnapshotSource(backend.get(), Enrichers.none().with(new CgroupEnricher())
                        .with(new ContainerEnricher(List.of(new PodmanStore(PodmanStore.DEFAULT)))), 0))) {
                    String sql = "SELECT s.pid, s.state, s.local_port, p.container_name, s.net_ns <> (SELECT net_ns FROM processes WHERE pid = " + ProcessHandle.current().pid() + ") "
                            + "FROM sockets s JOIN processes p ON p.pid = s.pid WHERE s.pid = " + c.pid + " AND s.protocol = 'tcp'";
                    List<Object[]> rows = s.execute(sql).rows();
                    // nc binds after podman returns: wait for its socket (no timing is asserted)
                    for (int i = 0; i < 100 && rows.isEmpty(); i++) {
                        Thread.sleep(50);
                        rows = s.execute(sql).rows();
                    }
                    assertEquals(1, rows.size(), "the container's listener");
                    assertArrayEquals(new Object[] {c.pid, "LISTEN", 8080, name, true}, rows.get(0));
                }
            }
        }
    }
}
