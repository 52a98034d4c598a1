package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.ProcfsFiles;
import dev.bpftop.testing.FileHolder;
import dev.bpftop.testing.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sockets of a process in a network namespace the test creates (ip netns): /proc/net and the
 * socket iterators list only the reader's namespace, so each backend must find them through the
 * process (the BPF fd walk decodes them where it finds them; procfs reads /proc/PID/net).
 */
class NetnsSocketsTest {

    @Test
    void socketsInAnotherNamespaceShowWithTheirHolder() throws Exception {
        Require.root();
        Require.that(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "ip (iproute2)");
        String ns = "bpftop-test-" + ProcessHandle.current().pid();
        run("ip", "netns", "add", ns);
        try {
            run("ip", "-n", ns, "link", "set", "lo", "up");
            try (FileHolder holder = FileHolder.start("ip", "netns", "exec", ns); BpfFiles bpf = BpfFiles.open()) {
                long theirs = netNs(holder.pid()), ours = netNs((int) ProcessHandle.current().pid());
                assertNotEquals(ours, theirs);
                for (FileSource source : List.<FileSource>of(bpf, new ProcfsFiles())) {
                    for (FileList list : List.of(source.collect(null), source.collect(holder.pid()))) {
                        OpenFile listener = list.files().stream()
                                .filter(f -> f.pid() == holder.pid() && f.fd() == holder.fd("tcp4_listen")).findFirst().orElseThrow();
                        String at = source.getClass().getSimpleName();
                        assertNotNull(listener.socket(), at);
                        assertEquals(List.of("LISTEN", "127.0.0.1", holder.port("tcp4_listen"), theirs),
                                List.of(listener.socket().stateName(), listener.socket().localAddress(), listener.socket().localPort(),
                                        listener.socket().netNs()), at);
                        OpenFile accepted = list.files().stream()
                                .filter(f -> f.pid() == holder.pid() && f.fd() == holder.fd("tcp4_accepted")).findFirst().orElseThrow();
                        assertEquals("ESTABLISHED", accepted.socket().stateName(), at);
                        // the holder's TIME_WAIT lives in its namespace: not among ours
                        int tw = holder.port("tcp4_time_wait");
                        assertTrue(list.unheldSockets().stream().noneMatch(s -> s.localPort() == tw && s.netNs() == theirs), at);
                    }
                }
            }
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    private static long netNs(int pid) throws Exception {
        String link = Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "ns", "net")).toString();
        return Long.parseLong(link.substring(5, link.length() - 1));
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }
}
