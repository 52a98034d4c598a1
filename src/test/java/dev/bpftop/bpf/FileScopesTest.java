package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.FileList;
import dev.bpftop.collect.FileScope;
import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.SocketEntry;
import dev.bpftop.testing.FileHolder;
import dev.bpftop.testing.Require;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The narrower BPF walks (see {@link FileScope}) against the full one over the same real objects
 * ({@link FileHolder}): the sockets walk gives every socket descriptor and nothing else, the
 * numbers walk every descriptor without its path, each with the same pid, fd, inode, addresses and
 * state; and a socket an fd holds is never also given as one no process holds, nor read twice.
 */
class FileScopesTest {
    private static final int S_IFMT = 0170000, S_IFSOCK = 0140000;
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
    void socketsWalkGivesTheSocketDescriptorsOnly() {
        for (Integer pid : new Integer[] {null, holder.pid()}) {
            Map<Integer, OpenFile> full = byFd(bpf.collect(pid, FileScope.PATHS));
            FileList list = bpf.collect(pid, FileScope.SOCKETS);
            assertTrue(list.files().stream().allMatch(f -> (f.mode() & S_IFMT) == S_IFSOCK && f.socket() != null && f.path() == null),
                    "only sockets, without paths");
            Map<Integer, OpenFile> sockets = byFd(list);
            Set<Integer> expected = full.values().stream().filter(f -> f.socket() != null).map(OpenFile::fd).collect(Collectors.toSet());
            assertEquals(expected, sockets.keySet(), "the holder's socket fds");
            for (String o : List.of("tcp4_listen", "tcp4_client", "tcp4_accepted", "tcp4_udp", "unix_path", "unix_abstract", "unix_hostile")) {
                assertSame(full.get(holder.fd(o)), sockets.get(holder.fd(o)), o);
            }
            for (String o : List.of("deleted", "hostile_file", "pipe_read", "eventfd")) assertNull(sockets.get(holder.fd(o)), o);
        }
    }

    @Test
    void numbersWalkGivesEveryDescriptorWithoutItsPath() {
        Map<Integer, OpenFile> full = byFd(bpf.collect(holder.pid(), FileScope.PATHS));
        Map<Integer, OpenFile> numbers = byFd(bpf.collect(null, FileScope.NUMBERS));
        assertEquals(full.keySet(), numbers.keySet());
        for (OpenFile f : full.values()) {
            OpenFile n = numbers.get(f.fd());
            assertNull(n.path(), "fd " + f.fd());
            assertSame(f.withoutPath(), n, "fd " + f.fd() + ": " + f.path());
        }
    }

    /** open_files alone: every descriptor as the scope with socket state gives it, but no socket's state, and no socket iterator ran. */
    @Test
    void bareWalksReadNoSocketState() {
        for (FileScope bare : List.of(FileScope.BARE_NUMBERS, FileScope.BARE_PATHS)) {
            for (Integer pid : new Integer[] {null, holder.pid()}) {
                Map<Integer, OpenFile> withState = byFd(bpf.collect(pid, bare.paths() ? FileScope.PATHS : FileScope.NUMBERS));
                FileList list = bpf.collect(pid, bare);
                assertEquals(0L, bpf.lastWalk().counts().get("socket_record_bytes"), bare + ": no socket iterator ran");
                assertEquals(List.of(), list.unheldSockets(), bare + ": no socket's state, so none unheld");
                assertTrue(list.files().stream().allMatch(f -> f.socket() == null), bare + ": no descriptor carries a socket's state");
                Map<Integer, OpenFile> files = byFd(list);
                assertEquals(withState.keySet(), files.keySet(), bare + ": the same descriptors");
                for (OpenFile f : withState.values()) {
                    OpenFile b = files.get(f.fd());
                    assertEquals(f.path(), b.path(), bare + " fd " + f.fd());
                    assertEquals(List.of(f.mode(), f.flags(), f.position(), f.inode(), f.device()),
                            List.of(b.mode(), b.flags(), b.position(), b.inode(), b.device()), bare + " fd " + f.fd());
                }
            }
        }
    }

    /**
     * Unheld sockets are the socket iterators' that no fd walk reference claims; a held one is read
     * by the iterators only, and a one-process walk before (which reads its sockets itself) changes
     * nothing for the whole one after.
     */
    @Test
    void aHeldSocketIsNeverUnheld() {
        bpf.collect(holder.pid(), FileScope.SOCKETS); // the fd walk reads the sockets itself: no socket iterator follows
        for (FileScope scope : FileScope.values()) {
            if (!scope.socketState()) continue; // bareWalksReadNoSocketState
            for (int round = 0; round < 2; round++) {
                FileList list = bpf.collect(null, scope);
                Set<Long> held = new HashSet<>();
                for (OpenFile f : list.files()) if (f.socket() != null) held.add(f.inode());
                List<SocketEntry> twice = list.unheldSockets().stream().filter(s -> s.inode() != 0 && held.contains(s.inode())).toList();
                assertEquals(List.of(), twice.stream().map(SocketEntry::inode).toList(), scope + ": held sockets given as unheld too");
                // each socket of this namespace read once: by a socket iterator, the fd walk giving a reference
                assertEquals(0L, bpf.lastWalk().counts().get("sockets_read_twice"), scope + ": the fd walk left the socket iterators their sockets");
                int port = holder.port("tcp4_time_wait");
                assertTrue(list.unheldSockets().stream().anyMatch(s -> s.stateName().equals("TIME_WAIT") && s.localPort() == port),
                        scope + ": the TIME_WAIT end, which no fd holds");
                OpenFile listener = byFd(list).get(holder.fd("tcp4_listen"));
                assertEquals("LISTEN", listener.socket().stateName(), scope + ": the listener, from the fd walk");
            }
        }
    }

    /** Same fields but the path; SocketEntry's arrays compare by content through the names built from them. */
    private static void assertSame(OpenFile full, OpenFile narrow, String what) {
        assertNotNull(narrow, what);
        assertEquals(List.of(full.pid(), full.fd(), full.mode(), full.flags(), full.position(), full.inode(), full.device()),
                List.of(narrow.pid(), narrow.fd(), narrow.mode(), narrow.flags(), narrow.position(), narrow.inode(), narrow.device()), what);
        assertEquals(full.socket() == null, narrow.socket() == null, what);
        if (full.socket() == null) return;
        assertEquals(describe(full.socket()), describe(narrow.socket()), what);
    }

    private static String describe(SocketEntry s) {
        return String.join(" ", s.familyName(), s.protocolName(), s.typeName(), s.stateName(), s.localAddress() + ":" + s.localPortOrNull(),
                s.remoteAddress() + ":" + s.remotePortOrNull(), String.valueOf(s.unixPath()), Long.toString(s.inode()), Long.toString(s.netNs()),
                String.valueOf(s.uid()));
    }

    private static Map<Integer, OpenFile> byFd(FileList list) {
        return list.files().stream().filter(f -> f.pid() == holder.pid()).collect(Collectors.toMap(OpenFile::fd, Function.identity()));
    }
}
