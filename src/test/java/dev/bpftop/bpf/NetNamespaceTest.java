package dev.bpftop.bpf;

import dev.bpftop.testing.NetPair;
import dev.bpftop.testing.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A receiver in a network namespace of the test's own, reached through a veth pair: the hooks
 * count per process whatever namespace its sockets live in.
 */
class NetNamespaceTest {
    private static final String NS = "bpftop-net-" + ProcessHandle.current().pid();
    private static final String HOST_END = "vbt" + ProcessHandle.current().pid() % 100000 + "a";
    private static final String NS_END = "vbt" + ProcessHandle.current().pid() % 100000 + "b";
    private static final String HOST_IP = "10.231.77.1", NS_IP = "10.231.77.2";
    static BpfCollector walker;

    @BeforeAll
    static void open() throws Exception {
        Require.root();
        Require.that(Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
        Require.that(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "iproute2's ip");
        walker = BpfCollector.open();
        ip("netns", "add", NS);
        ip("link", "add", HOST_END, "type", "veth", "peer", "name", NS_END);
        ip("link", "set", NS_END, "netns", NS);
        ip("addr", "add", HOST_IP + "/30", "dev", HOST_END);
        ip("link", "set", HOST_END, "up");
        ip("-n", NS, "addr", "add", NS_IP + "/30", "dev", NS_END);
        ip("-n", NS, "link", "set", NS_END, "up");
        ip("-n", NS, "link", "set", "lo", "up");
    }

    @AfterAll
    static void close() throws Exception {
        // Deleting the namespace destroys its end of the pair, and with it the other.
        quietly("netns", "del", NS);
        quietly("link", "del", HOST_END);
        if (walker != null) walker.close();
    }

    @Test
    void aReceiverInAnotherNamespaceIsCounted() throws Exception {
        try (NetPair pair = NetPair.start(List.of("ip", "netns", "exec", NS), NS_IP, NS_IP, NetTraffic.TCP_BYTES,
                NetTraffic.DATAGRAMS, NetTraffic.DATAGRAM_SIZE, NetTraffic.ipv4Only())) {
            new NetTraffic(walker, NetHooks::attach).check(pair);
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        if (run(args) != 0) throw new IOException("ip " + String.join(" ", args) + " failed");
    }

    private static void quietly(String... args) throws IOException, InterruptedException { run(args); }

    private static int run(String... args) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
