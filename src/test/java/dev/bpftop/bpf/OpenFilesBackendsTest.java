package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.ProcfsFiles;
import dev.bpftop.collect.SocketEntry;
import dev.bpftop.testing.FileHolder;
import dev.bpftop.testing.Require;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real files and sockets (see {@link FileHolder}) as each backend reads them, whole-system and
 * for the one process: the right fd, type, path, state and addresses, and the two backends agree.
 */
class OpenFilesBackendsTest {
    private static FileHolder holder;
    private static BpfFiles bpf;

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        holder = FileHolder.start();
        bpf = BpfFiles.open();
    }

    @AfterAll
    static void stop() throws Exception {
        if (bpf != null) bpf.close();
        if (holder != null) holder.close();
    }

    @Test
    void bpfSeesEveryObject() {
        check(bpf.collect(null));
        check(bpf.collect(holder.pid()));
    }

    @Test
    void procfsSeesEveryObject() {
        ProcfsFiles procfs = new ProcfsFiles();
        check(procfs.collect(null));
        check(procfs.collect(holder.pid()));
    }

    @Test
    void onePidWalkHoldsThatProcessOnly() {
        FileList one = bpf.collect(holder.pid());
        assertFalse(one.files().isEmpty());
        assertTrue(one.files().stream().allMatch(f -> f.pid() == holder.pid()));
        assertTrue(one.unheldSockets().isEmpty());
    }

    /** Every field of every descriptor of the holder is the same from BPF and from /proc. */
    @Test
    void backendsAgree() {
        Map<Integer, OpenFile> fromBpf = byFd(bpf.collect(holder.pid()));
        Map<Integer, OpenFile> fromProc = byFd(new ProcfsFiles().collect(holder.pid()));
        assertEquals(fromProc.keySet(), fromBpf.keySet());
        for (int fd : fromProc.keySet()) {
            OpenFile b = fromBpf.get(fd), p = fromProc.get(fd);
            String at = "fd " + fd + ": " + p.path();
            assertEquals(p.type(), b.type(), at);
            assertEquals(p.path(), b.path(), at);
            assertEquals(p.inode(), b.inode(), at);
            // On overlayfs (the guests' /tmp, a container's root) stat shows overlay's own device for
            // a layer, the walk the real filesystem's: a documented difference; the inode agrees.
            if (!onOverlay(p.path())) assertEquals(p.device(), b.device(), at);
            assertEquals(p.flags() & ~0100000, b.flags() & ~0100000, at); // O_LARGEFILE: fdinfo shows it only where the kernel set it for the reader
            assertEquals(p.position(), b.position(), at);
            assertEquals(p.socket() == null, b.socket() == null, at);
            if (p.socket() != null) {
                SocketEntry ps = p.socket(), bs = b.socket();
                assertEquals(List.of(ps.familyName(), ps.protocolName(), ps.typeName(), ps.stateName()),
                        List.of(bs.familyName(), bs.protocolName(), bs.typeName(), bs.stateName()), at);
                assertEquals(ps.localAddress() + " " + ps.localPortOrNull() + " " + ps.remoteAddress() + " " + ps.remotePortOrNull(),
                        bs.localAddress() + " " + bs.localPortOrNull() + " " + bs.remoteAddress() + " " + bs.remotePortOrNull(), at);
                assertEquals(ps.unixPath(), bs.unixPath(), at);
                assertEquals(ps.netNs(), bs.netNs(), at);
                assertEquals(ps.uid(), bs.uid(), at);
                assertEquals(ps.recvQueue(), bs.recvQueue(), at);
            }
        }
    }

    private static Map<Integer, OpenFile> byFd(FileList list) {
        return list.files().stream().filter(f -> f.pid() == holder.pid()).collect(Collectors.toMap(OpenFile::fd, Function.identity()));
    }

    static void check(FileList list) {
        Map<Integer, OpenFile> fds = byFd(list);
        for (String v : List.of("tcp4", "tcp6")) {
            if (v.equals("tcp6") && !holder.has("tcp6_listen")) continue;
            String lo = v.equals("tcp4") ? "127.0.0.1" : "::1", any = v.equals("tcp4") ? "0.0.0.0" : "::";
            String family = v.equals("tcp4") ? "inet" : "inet6";
            int port = holder.port(v + "_listen"), client = holder.port(v + "_client");
            socket(fds, holder.fd(v + "_listen"), family, "tcp", "stream", "LISTEN", lo + ":" + port, any + ":0");
            socket(fds, holder.fd(v + "_client"), family, "tcp", "stream", "ESTABLISHED", lo + ":" + client, lo + ":" + port);
            SocketEntry accepted = socket(fds, holder.fd(v + "_accepted"), family, "tcp", "stream", "ESTABLISHED", lo + ":" + port, lo + ":" + client);
            assertEquals(5L, accepted.recvQueue(), "the 5 bytes the client sent and nobody read");
            socket(fds, holder.fd(v + "_udp"), family, "udp", "dgram", "UNCONN", lo + ":" + holder.port(v + "_udp"), any + ":0");
            String tw = lo + ":" + holder.port(v + "_time_wait");
            if (list.unheldSockets().isEmpty()) continue; // a one-process collection has no unheld sockets
            assertTrue(list.unheldSockets().stream().anyMatch(s -> s.stateName().equals("TIME_WAIT")
                    && (s.localAddress() + ":" + s.localPort()).equals(tw) && s.remoteAddress().equals(lo) && s.remotePort() == port),
                    "the closed connection's end in TIME_WAIT, with no process: " + tw);
        }
        for (String u : List.of("unix_path", "unix_abstract", "unix_hostile")) {
            SocketEntry s = socket(fds, holder.fd(u), "unix", "unix", "stream", "LISTEN", "null:null", "null:null");
            assertEquals(holder.path(u), s.unixPath(), u);
        }
        OpenFile deleted = fds.get(holder.fd("deleted"));
        assertEquals(List.of("file", holder.path("deleted"), true, 100L, "w"),
                List.of(deleted.type(), deleted.path(), deleted.deleted(), deleted.position(), deleted.access()));
        OpenFile hostile = fds.get(holder.fd("hostile_file"));
        assertEquals(List.of("file", holder.path("hostile_file"), false), List.of(hostile.type(), hostile.path(), hostile.deleted()));
        OpenFile in = fds.get(holder.fd("pipe_read")), out = fds.get(holder.fd("pipe_write"));
        assertEquals(List.of("pipe", "pipe:[" + in.inode() + "]", "r"), List.of(in.type(), in.path(), in.access()));
        assertEquals(List.of("pipe", in.path(), "w"), List.of(out.type(), out.path(), out.access()));
        OpenFile eventfd = fds.get(holder.fd("eventfd"));
        assertEquals(List.of("anon_inode", "anon_inode:[eventfd]"), List.of(eventfd.type(), eventfd.path()));
    }

    private static SocketEntry socket(Map<Integer, OpenFile> fds, int fd, String family, String protocol, String type,
                                      String state, String local, String remote) {
        OpenFile f = fds.get(fd);
        assertNotNull(f, "no fd " + fd + " of pid " + holder.pid());
        assertEquals("socket", f.type());
        assertEquals("socket:[" + f.inode() + "]", f.path());
        SocketEntry s = f.socket();
        assertNotNull(s, "fd " + fd + " has no socket details");
        assertEquals(List.of(family, protocol, type, state, local, remote),
                List.of(s.familyName(), s.protocolName(), s.typeName(), s.stateName(),
                        s.localAddress() + ":" + s.localPortOrNull(), s.remoteAddress() + ":" + s.remotePortOrNull()), "fd " + fd);
        assertEquals(f.inode(), s.inode());
        return s;
    }

    private static boolean onOverlay(String path) {
        if (path == null || !path.startsWith("/")) return false;
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(path).getParent();
            return dir != null && java.nio.file.Files.getFileStore(dir).type().equals("overlay");
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }
}
