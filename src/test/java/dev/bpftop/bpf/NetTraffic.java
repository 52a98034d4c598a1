package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.Collector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.NetPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured transfer between two {@link NetPair} processes, judged through SQL on a session
 * that keeps its network hooks attached across statements, as the live view and the agent do.
 */
final class NetTraffic {
    /** At least 50 MB over TCP, and datagrams of a size that fits any MTU. */
    static final long TCP_BYTES = 64L << 20;
    static final int DATAGRAMS = 100, DATAGRAM_SIZE = 1200;
    static final long PAYLOAD = TCP_BYTES + (long) DATAGRAMS * DATAGRAM_SIZE;

    private final BpfCollector walker;
    private final java.util.function.Supplier<NetHooks> attach;
    private NetHooks hooks;

    /** @param attach the hooks under test: one kind, or the loader's choice */
    NetTraffic(BpfCollector walker, java.util.function.Supplier<NetHooks> attach) {
        this.walker = walker;
        this.attach = attach;
    }

    /**
     * Runs the transfer and checks each process's counters (within 1 % of the payload), its rates
     * (within 10 % of the bytes over the snapshot's own interval) and that both are gone from the
     * counts once they exit.
     */
    void check(NetPair pair) throws Exception {
        try (Session s = new Session(new SnapshotSource(counting(), Enrichers.none(), 0))) {
            Object[] system = s.execute("SELECT net_hooks, net_since FROM system").rows().getFirst();
            assertNotNull(hooks, "the first statement that reads a network column attaches the hooks");
            assertEquals(hooks.kind().toString(), system[0], "the hooks that count");
            assertNotNull(system[1], "net_since once attached");
            assertTrue(s.source().notes().stream().anyMatch(n -> n.startsWith("network: " + hooks.kind() + " hooks")), s.source().notes().toString());

            String where = " WHERE p.pid IN (" + pair.receiverPid() + ", " + pair.senderPid() + ")";
            Map<Integer, Object[]> before = byPid(s.execute("SELECT p.pid, p.net_rx_bytes, p.net_tx_bytes FROM processes p" + where));
            NetPair.Got got = pair.transfer();
            assertEquals(TCP_BYTES, got.tcp(), "the receiver read the whole stream");
            assertEquals(DATAGRAMS, got.datagrams(), "no datagram was lost (the sender paces them)");
            QueryResult after = s.execute("SELECT p.pid, p.net_rx_bytes, p.net_tx_bytes, p.net_rx_rate, p.net_tx_rate, y.cpu_interval"
                    + " FROM processes p, system y" + where);
            Map<Integer, Object[]> rows = byPid(after);
            assertEquals(2, rows.size(), "both peers are in the snapshot");
            double interval = (Double) rows.values().iterator().next()[5];
            judge("receiver", before.get(pair.receiverPid()), rows.get(pair.receiverPid()), 1, 3, interval);
            judge("sender", before.get(pair.senderPid()), rows.get(pair.senderPid()), 2, 4, interval);

            pair.release();
            assertEquals(0L, s.execute("SELECT count(*) FROM processes p" + where).rows().getFirst()[0], "exited peers are gone");
            Map<Integer, NetHooks.Bytes> left = hooks.read();
            assertFalse(left.containsKey(pair.receiverPid()), "the receiver's counters were removed at its exit");
            assertFalse(left.containsKey(pair.senderPid()), "the sender's counters were removed at its exit");
        }
    }

    /** The side that moved the payload counts it within 1 %; the other side counts almost nothing. */
    private static void judge(String who, Object[] before, Object[] after, int moved, int movedRate, double interval) {
        assertNotNull(before, who + " in the first snapshot");
        long total = (Long) after[moved];
        long delta = total - (Long) before[moved];
        assertEquals(PAYLOAD, total, PAYLOAD * 0.01, who + " total");
        assertEquals(PAYLOAD, delta, PAYLOAD * 0.01, who + " bytes between the snapshots");
        int idle = moved == 1 ? 2 : 1;
        assertTrue((Long) after[idle] < PAYLOAD * 0.01, who + " moved nothing the other way: " + after[idle]);
        double rate = (Double) after[movedRate];
        assertEquals(delta / interval, rate, delta / interval * 0.10, who + " rate over the snapshot's " + interval + " s");
        assertEquals(PAYLOAD / interval, rate, PAYLOAD / interval * 0.10, who + " rate against the payload");
    }

    private static Map<Integer, Object[]> byPid(QueryResult r) {
        Map<Integer, Object[]> m = new HashMap<>();
        for (Object[] row : r.rows()) m.put((Integer) row[0], row);
        return m;
    }

    /** The walk under test, shared by the tests of a class, left open; the hooks are the session's own. */
    Collector counting() {
        Collector shared = new Collector() {
            @Override public String name() { return walker.name(); }
            @Override public TaskList collect() { return walker.collect(); }
        };
        return new NetCountingCollector(shared, () -> hooks = attach.get());
    }

    static List<String> ipv4Only() { return List.of("-Djava.net.preferIPv4Stack=true"); }
}
