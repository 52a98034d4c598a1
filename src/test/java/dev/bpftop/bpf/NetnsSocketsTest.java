package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileScope;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.ProcfsFiles;
import dev.bpftop.testing.FileHolder;
import dev.bpftop.testing.Require;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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

    /**
     * A process in our namespace holding a socket of another (made in a namespace it left) and a
     * netlink socket: no socket iterator gives either, so the whole-system walk's references to them
     * join nothing, and the process is read again alone, its sockets decoded where they are found.
     */
    @Test
    void socketsNoIteratorGivesShowWithTheirHolder() throws Exception {
        Require.root();
        String script = String.join("\n",
                "import ctypes, os, socket, sys",
                "libc = ctypes.CDLL(None, use_errno=True)",
                "ours = os.open('/proc/self/ns/net', os.O_RDONLY)",
                "nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)",
                "os.dup2(nl.fileno(), 100)",
                "assert libc.unshare(0x40000000) == 0",  // CLONE_NEWNET
                "ls = socket.socket()",
                "ls.bind(('0.0.0.0', 0))",
                "ls.listen()",
                "theirs = os.stat('/proc/self/ns/net').st_ino",
                "os.dup2(ls.fileno(), 101)",
                "assert libc.setns(ours, 0x40000000) == 0",
                "print(ls.getsockname()[1], theirs, flush=True)",
                "sys.stdin.read()");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        try (BpfFiles bpf = BpfFiles.open()) {
            String[] ready = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine().split(" ");
            int pid = (int) p.pid(), port = Integer.parseInt(ready[0]);
            long theirs = Long.parseLong(ready[1]);
            assertEquals(netNs((int) ProcessHandle.current().pid()), netNs(pid), "the holder is back in our namespace");
            for (FileScope scope : List.of(FileScope.SOCKETS, FileScope.NUMBERS)) {
                FileList list = bpf.collect(null, scope);
                assertTrue(bpf.lastWalk().counts().get("processes_read_again") >= 1, scope + ": the holder was read again");
                OpenFile foreign = list.files().stream().filter(f -> f.pid() == pid && f.fd() == 101).findFirst().orElseThrow();
                assertNotNull(foreign.socket(), scope + ": the other namespace's socket, decoded by the fd walk");
                assertEquals(List.of("LISTEN", port, theirs, socketInode(pid, 101)),
                        List.of(foreign.socket().stateName(), foreign.socket().localPort(), foreign.socket().netNs(), foreign.inode()), scope.toString());
                if (scope == FileScope.NUMBERS) {
                    OpenFile netlink = list.files().stream().filter(f -> f.pid() == pid && f.fd() == 100).findFirst().orElseThrow();
                    assertEquals(List.of("socket", socketInode(pid, 100)), List.of(netlink.type(), netlink.inode()), "netlink, which no table decodes");
                    assertNull(netlink.socket());
                }
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private static long socketInode(int pid, int fd) throws Exception {
        String link = Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "fd", Integer.toString(fd))).toString();
        assertTrue(link.startsWith("socket:["), link);
        return Long.parseLong(link.substring(8, link.length() - 1));
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
