package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.ProcfsFiles;
import dev.bpftop.collect.SocketEntry;
import dev.bpftop.testing.FileHolder;
import dev.bpftop.testing.Require;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both backends against the tools people check with: every socket the holder has (bar the
 * hostile-named one, which ss prints raw across two lines) as {@code ss -H -tuanxp} shows it, and
 * every descriptor as {@code lsof -nP -F} shows it.
 */
class SsLsofDifferentialTest {
    private static final Map<String, String> SS_STATES = Map.of("ESTAB", "ESTABLISHED", "LISTEN", "LISTEN", "UNCONN", "UNCONN");
    private static final Map<String, String> LSOF_TYPES = Map.of("REG", "file", "DIR", "dir", "FIFO", "pipe", "CHR", "char",
            "IPv4", "socket", "IPv6", "socket", "unix", "socket", "sock", "socket", "a_inode", "anon_inode");

    @Test
    void backendsMatchSsAndLsof() throws Exception {
        Require.root();
        Require.that(exists("ss") && exists("lsof"), "ss (iproute2) and lsof");
        try (FileHolder holder = FileHolder.start(); BpfFiles bpf = BpfFiles.open()) {
            String ss = run("ss", "-H", "-tuanxp");
            Map<Integer, Map<Character, String>> lsof = lsof(holder.pid());
            for (FileSource source : List.of(bpf, new ProcfsFiles())) {
                FileList files = source.collect(holder.pid());
                int sockets = 0;
                for (OpenFile f : files.files()) {
                    String at = source.getClass().getSimpleName() + " fd " + f.fd() + " " + f.path();
                    compareWithLsof(f, lsof.get(f.fd()), at);
                    if (f.socket() == null || f.fd() == holder.fd("unix_hostile")) continue;
                    compareWithSs(f, ss, holder.pid(), at);
                    sockets++;
                }
                assertTrue(sockets >= 7, "the holder's sockets: " + sockets);
            }
        }
    }

    private static void compareWithSs(OpenFile f, String ss, int pid, String at) {
        String users = "pid=" + pid + ",fd=" + f.fd() + ")";
        String line = ss.lines().filter(l -> l.contains(users)).findFirst().orElse(null);
        assertNotNull(line, "ss has no line for " + at);
        String[] t = line.trim().split("\\s+");
        SocketEntry s = f.socket();
        assertEquals(s.stateName(), SS_STATES.get(t[1]), at + ": " + line);
        if (s.family() == SocketEntry.AF_UNIX) {
            assertEquals("u_str", t[0], line);
            assertEquals(s.unixPath() == null ? "*" : s.unixPath(), t[4], at + ": " + line);
            assertEquals(Long.toString(s.inode()), t[5], at + ": " + line);
        } else {
            assertEquals(s.protocolName(), t[0], line);
            assertEquals(Long.toString(s.recvQueue()), t[2], at + ": Recv-Q " + line);
            assertEquals(ssAddress(s.localAddress(), s.localPort(), s.family()), t[4], at + ": " + line);
            assertEquals(ssAddress(s.remoteAddress(), s.remotePort(), s.family()), t[5], at + ": " + line);
        }
    }

    private static String ssAddress(String address, int port, int family) {
        return (family == SocketEntry.AF_INET6 ? "[" + address + "]" : address) + ":" + (port == 0 ? "*" : Integer.toString(port));
    }

    private static void compareWithLsof(OpenFile f, Map<Character, String> l, String at) {
        assertNotNull(l, "lsof has no fd for " + at);
        assertEquals(f.type(), LSOF_TYPES.get(l.get('t')), at + ": lsof type " + l.get('t'));
        assertEquals(f.access(), l.get('a').equals("u") ? "rw" : l.get('a'), at);
        if (l.containsKey('i')) assertEquals(Long.toString(f.inode()), l.get('i'), at);
        String name = l.get('n');
        SocketEntry s = f.socket();
        if (f.type().equals("file") && !f.path().contains("\n")) {
            assertEquals(f.path(), name, at);
        } else if (s != null && s.family() != SocketEntry.AF_UNIX) {
            String local = lsofAddress(s.localAddress(), s.localPort(), s.family());
            String expected = s.remotePort() == 0 ? local : local + "->" + lsofAddress(s.remoteAddress(), s.remotePort(), s.family());
            assertEquals(expected, name, at);
        } else if (s != null && s.unixPath() != null && !s.unixPath().contains("\n")) {
            assertTrue(name.startsWith(s.unixPath() + " type=STREAM"), at + ": lsof name " + name);
        }
    }

    private static String lsofAddress(String address, int port, int family) {
        return (family == SocketEntry.AF_INET6 ? "[" + address + "]" : address) + ":" + port;
    }

    /** lsof's field output: per numeric fd, its fields by letter (a access, t type, i inode, n name). */
    private static Map<Integer, Map<Character, String>> lsof(int pid) throws IOException, InterruptedException {
        Map<Integer, Map<Character, String>> out = new HashMap<>();
        Map<Character, String> current = null;
        for (String line : run("lsof", "-nP", "-p", Integer.toString(pid), "-F", "fatin").split("\n")) {
            if (line.isEmpty()) continue;
            char field = line.charAt(0);
            String value = line.substring(1);
            if (field == 'f') {
                current = value.chars().allMatch(Character::isDigit) ? new HashMap<>() : null;
                if (current != null) out.put(Integer.parseInt(value), current);
            } else if (current != null) {
                current.put(field, value.strip());
            }
        }
        return out;
    }

    private static boolean exists(String tool) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) if (new java.io.File(dir, tool).canExecute()) return true;
        return false;
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 && out.isEmpty()) throw new IOException(String.join(" ", argv) + " failed");
        return out;
    }
}
