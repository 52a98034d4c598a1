package dev.bpftop.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A veth pair whose other end is in a network namespace of its own: {@link #host} is an address
 * of this machine that is not loopback, and a command run {@link #inside} the namespace is a real
 * peer from another address. Removed at close.
 */
final class Veth implements AutoCloseable {
    final String ns, host, peer;
    private final String mine;

    private Veth(String ns, String mine, String host, String peer) {
        this.ns = ns;
        this.mine = mine;
        this.host = host;
        this.peer = peer;
    }

    /** @param subnet the second octet of its 10.x.y.0/30, so test classes do not collide */
    static Veth create(int subnet) throws Exception {
        long pid = ProcessHandle.current().pid() % 100000;
        String ns = "bpftop-agent-" + subnet + "-" + pid, mine = "bt" + subnet + "x" + pid + "a", theirs = "bt" + subnet + "x" + pid + "b";
        String host = "10." + subnet + "." + (pid % 200) + ".1", peer = "10." + subnet + "." + (pid % 200) + ".2";
        Veth v = new Veth(ns, mine, host, peer);
        try {
            sh("ip netns add " + ns + " && ip link add " + mine + " type veth peer name " + theirs + " && ip link set " + theirs + " netns " + ns
                    + " && ip addr add " + host + "/30 dev " + mine + " && ip link set " + mine + " up"
                    + " && ip -n " + ns + " addr add " + peer + "/30 dev " + theirs + " && ip -n " + ns + " link set " + theirs + " up"
                    + " && ip -n " + ns + " link set lo up");
        } catch (Exception | AssertionError e) {
            v.close();
            throw e;
        }
        return v;
    }

    /** {@code command} run inside the namespace. */
    List<String> inside(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return cmd;
    }

    @Override
    public void close() throws Exception {
        sh("ip link del " + mine + " 2>/dev/null; ip netns del " + ns + " 2>/dev/null; true");
    }

    private static void sh(String script) throws Exception {
        AgentProcess.Run r = AgentProcess.run(List.of("sh", "-c", script), Map.of());
        assertEquals(0, r.exit(), script + ": " + r.err());
    }
}
