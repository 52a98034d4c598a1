package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.NetPair;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Per-process network bytes over loopback, IPv4 and IPv6, through each kind of hook: a sender
 * process sends 64 MiB over TCP and 100 datagrams over UDP to a receiver process, each judged
 * through SQL (see {@link NetTraffic}). Runs in bin/vmtest's guests too.
 */
class NetHooksTest {
    static BpfCollector walker;

    @BeforeAll
    static void open() throws Exception {
        Require.root();
        Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
        walker = BpfCollector.open();
        // A guest may boot with loopback down.
        new ProcessBuilder("ip", "link", "set", "lo", "up").inheritIO().start().waitFor();
    }

    @AfterAll
    static void close() {
        if (walker != null) walker.close();
    }

    /** Each kind the kernel has counts IPv4 over loopback; a kind it lacks must be refused for that reason. */
    @ParameterizedTest
    @EnumSource(NetHooks.Kind.class)
    void eachKindTheKernelHasCounts(NetHooks.Kind kind) throws Exception {
        try (NetHooks probe = NetHooks.attach(kind)) {
            assertEquals(kind, probe.kind());
        } catch (BpfUnavailableException e) {
            String why = e.getMessage().lines().findFirst().orElse("");
            switch (kind) {
                // Trampolines: x86-64 has them; a kernel may still refuse them to tracing programs (this
                // build host's Firecracker kernel answers EPERM), which is what the tracepoints are for.
                case FEXIT -> assertTrue(why.contains("EPERM") || why.contains("ENOTSUP") || why.contains("errno 524"), why);
                case TRACEPOINT -> assertTrue(kernelBefore(6, 3), "sock_send_length exists from 6.3 on: " + why);
                case KPROBE -> assertFalse(Files.exists(Path.of("/sys/bus/event_source/devices/kprobe")), "the kernel has kprobes: " + why);
            }
            System.out.println(kind + " refused here: " + why);
            return;
        }
        try (NetPair pair = NetPair.start(List.of(), "127.0.0.1", "127.0.0.1", NetTraffic.TCP_BYTES, NetTraffic.DATAGRAMS,
                NetTraffic.DATAGRAM_SIZE, NetTraffic.ipv4Only())) {
            new NetTraffic(walker, () -> NetHooks.attach(kind)).check(pair);
        }
    }

    @Test
    void theLoadersChoiceCountsIpv6Loopback() throws Exception {
        try (NetPair pair = NetPair.start(List.of(), "::1", "::1", NetTraffic.TCP_BYTES, NetTraffic.DATAGRAMS,
                NetTraffic.DATAGRAM_SIZE, List.of())) {
            new NetTraffic(walker, NetHooks::attach).check(pair);
        }
    }

    /** A cgroup's network columns sum its processes', and a process that exited no longer counts. */
    @Test
    void aCgroupSumsItsProcesses() throws Exception {
        Require.cgroupV2();
        try (ScratchCgroup cgroup = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-net"));
             NetPair pair = NetPair.start(List.of(), "127.0.0.1", "127.0.0.1", NetTraffic.TCP_BYTES, NetTraffic.DATAGRAMS,
                     NetTraffic.DATAGRAM_SIZE, NetTraffic.ipv4Only());
             Session s = new Session(new SnapshotSource(new NetTraffic(walker, NetHooks::attach).counting(), Enrichers.defaults(), 0))) {
            cgroup.add(pair.receiverPid());
            String of = "FROM cgroups c WHERE c.path = '" + cgroup.path() + "'";
            s.execute("SELECT c.net_rx_bytes " + of);
            pair.transfer();
            Object[] r = s.execute("SELECT c.net_rx_bytes, c.net_rx_rate, p.net_rx_bytes, p.net_rx_rate, c.net_tx_bytes, p.net_tx_bytes"
                    + " FROM cgroups c, processes p WHERE c.path = '" + cgroup.path() + "' AND p.pid = " + pair.receiverPid()).rows().getFirst();
            assertEquals(NetTraffic.PAYLOAD, (Long) r[0], NetTraffic.PAYLOAD * 0.01, "the cgroup's bytes received");
            assertEquals(r[2], r[0], "its one process's");
            assertEquals(r[3], r[1], "and its rate");
            assertEquals(r[5], r[4], "sent alike");
            pair.release();
            assertNull(s.execute("SELECT c.net_rx_bytes " + of).rows().getFirst()[0], "no process left in it");
        }
    }

    private static boolean kernelBefore(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(v[0]), mi = Integer.parseInt(v[1]);
        return ma < major || (ma == major && mi < minor);
    }

    @Test
    void procfsHasNoNetworkCountersAndSaysSo() throws Exception {
        try (Session s = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0))) {
            s.execute("SELECT net_rx_bytes FROM processes");
            List<Object[]> rows = s.execute("SELECT net_rx_bytes, net_tx_bytes, net_rx_rate, net_tx_rate, net_rate FROM processes").rows();
            assertFalse(rows.isEmpty());
            for (Object[] r : rows) assertArrayEquals(new Object[5], r, "every network column is NULL on procfs");
            Object[] system = s.execute("SELECT net_hooks, net_since FROM system").rows().getFirst();
            assertArrayEquals(new Object[2], system);
            assertTrue(s.source().notes().stream().anyMatch(n -> n.startsWith("network: no per-process counters in /proc")), s.source().notes().toString());
            String described = s.execute("DESCRIBE processes").rows().stream()
                    .filter(r -> r[0].equals("net_rx_bytes")).map(r -> r[r.length - 1].toString()).findFirst().orElseThrow();
            assertTrue(described.contains("NULL on the procfs backend"), described);
        }
    }
}
