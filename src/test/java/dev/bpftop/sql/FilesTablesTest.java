package dev.bpftop.sql;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.bpf.BpfCollector;
import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.FileScope;
import dev.bpftop.collect.FileSource;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.testing.Cli;
import dev.bpftop.testing.FileHolder;
import dev.bpftop.testing.Require;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The open_files and sockets tables and their views over real objects, on both backends. */
class FilesTablesTest {
    private static FileHolder holder;
    private static final List<Supplier<Collector>> BACKENDS = List.of(BpfCollector::open, ProcfsCollector::new);

    @BeforeAll
    static void start() throws Exception {
        Require.root();
        holder = FileHolder.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (holder != null) holder.close();
    }

    private static List<Object[]> query(Supplier<Collector> backend, String sql) throws Exception {
        try (Session s = new Session(new SnapshotSource(backend.get(), Enrichers.none(), 0))) {
            return s.execute(sql).rows();
        }
    }

    @Test
    void listeningPortsNamesTheListener() throws Exception {
        int port = holder.port("tcp4_listen");
        for (Supplier<Collector> backend : BACKENDS) {
            List<Object[]> rows = query(backend, "SELECT pid, comm, protocol, family, address, fd FROM listening_ports WHERE port = " + port);
            assertEquals(1, rows.size(), "one listener on " + port);
            Object[] r = rows.get(0);
            assertEquals(List.of(holder.pid(), "tcp", "inet", "127.0.0.1", holder.fd("tcp4_listen")),
                    List.of(r[0], r[2], r[3], r[4], r[5]));
            assertTrue(((String) r[1]).startsWith("python"), "the holder's comm: " + r[1]);
        }
    }

    @Test
    void onePidScanMatchesTheWholeWalk() throws Exception {
        for (Supplier<Collector> backend : BACKENDS) {
            String cols = "fd, type, path, inode, device, access";
            List<String> one = text(query(backend, "SELECT " + cols + " FROM open_files WHERE pid = " + holder.pid() + " ORDER BY fd"));
            // pid + 0 fixes no pid for the table to see: the whole walk, filtered by Calcite
            List<String> all = text(query(backend, "SELECT " + cols + " FROM open_files WHERE pid + 0 = " + holder.pid() + " ORDER BY fd"));
            assertEquals(all, one);
            assertTrue(one.size() >= 15, "the holder's descriptors: " + one);
        }
    }

    @Test
    void timeWaitBelongsToNoProcess() throws Exception {
        int port = holder.port("tcp4_time_wait");
        for (Supplier<Collector> backend : BACKENDS) {
            // The whole 4-tuple: the ephemeral port alone may also be another connection's, to another peer.
            List<Object[]> rows = query(backend, "SELECT pid, fd, state, remote_port FROM sockets WHERE protocol = 'tcp' AND local_port = " + port
                    + " AND remote_port = " + holder.port("tcp4_listen") + " AND local_address = '127.0.0.1' AND remote_address = '127.0.0.1'");
            assertEquals(1, rows.size());
            assertArrayEquals(new Object[] {null, null, "TIME_WAIT", holder.port("tcp4_listen")}, rows.get(0));
        }
    }

    @Test
    void connectionsShowBothEndsWithTheirProcess() throws Exception {
        // Both ports of the pair: another process's connection may share the ephemeral port number with another peer.
        int port = holder.port("tcp4_listen"), client = holder.port("tcp4_client");
        for (Supplier<Collector> backend : BACKENDS) {
            List<String> rows = text(query(backend, "SELECT pid, local_port, remote_port FROM connections WHERE protocol = 'tcp' "
                    + "AND ((local_port = " + client + " AND remote_port = " + port + ") OR (local_port = " + port + " AND remote_port = " + client
                    + ")) ORDER BY local_port"));
            List<String> expected = new ArrayList<>(List.of(
                    List.of(holder.pid(), client, port).toString(), List.of(holder.pid(), port, client).toString()));
            expected.sort(null);
            List<String> sorted = new ArrayList<>(rows);
            sorted.sort(null);
            assertEquals(expected, sorted);
        }
    }

    /** A path with a newline and escape sequences: escaped in the format for people, byte for byte in CSV through a pipe. */
    @Test
    void hostilePathsAreEscapedForPeopleAndFaithfulInPipes() {
        String sql = "SELECT path FROM open_files WHERE pid = " + holder.pid() + " AND fd = " + holder.fd("hostile_file");
        for (String backend : List.of("bpf", "procfs")) {
            Cli.RawResult csv = Cli.runRaw("", "--backend", backend, "--format", "csv", "--no-header", "-e", sql);
            assertEquals(0, csv.exit(), csv.err());
            String out = new String(csv.out(), StandardCharsets.UTF_8);
            // the value holds a newline, so CSV quotes it
            assertEquals("\"" + holder.path("hostile_file") + "\"\n", out);
            Cli.RawResult table = Cli.runRaw("", "--backend", backend, "--format", "table", "--no-header", "-e", sql);
            String shown = new String(table.out(), StandardCharsets.UTF_8);
            for (byte b : table.out()) assertFalse(b == 0x1b || b == 0x07, "a raw control byte reached the table: " + shown);
            assertTrue(shown.contains("a\\nb\\x1b]0;owned\\x07.txt"), shown);
        }
        String unix = "SELECT path FROM sockets WHERE pid = " + holder.pid() + " AND fd = " + holder.fd("unix_hostile");
        Cli.RawResult table = Cli.runRaw("", "--backend", "bpf", "--format", "table", "--no-header", "-e", unix);
        assertTrue(new String(table.out(), StandardCharsets.UTF_8).contains("evil\\n\\x1b[31mred.sock"), new String(table.out(), StandardCharsets.UTF_8));
        Cli.RawResult csv = Cli.runRaw("", "--backend", "procfs", "--format", "csv", "--no-header", "-e", unix);
        assertEquals("\"" + holder.path("unix_hostile") + "\"\n", new String(csv.out(), StandardCharsets.UTF_8));
    }

    /**
     * A statement collects the narrowest file walk that gives what it reads (sockets only, every
     * descriptor without paths, or with them), and whatever it reads still comes right: paths where
     * read, through a join too, and the same counts as the full walk.
     */
    @Test
    void eachStatementWalksWhatItReads() throws Exception {
        List<FileScope> asked = new ArrayList<>();
        Collector bpf = BpfCollector.open();
        Collector recording = new Collector() {
            @Override public String name() { return bpf.name(); }
            @Override public TaskList collect() { return bpf.collect(); }
            @Override public TaskList collect(Set<Detail> details) { return bpf.collect(details); }
            @Override public FileSource files() {
                FileSource files = bpf.files();
                return (pid, scope) -> {
                    asked.add(scope);
                    return files.collect(pid, scope);
                };
            }
            @Override public void close() { bpf.close(); }
        };
        int pid = holder.pid(), port = holder.port("tcp4_listen");
        String deleted = "SELECT path, type, deleted FROM open_files WHERE pid = " + pid + " AND fd = " + holder.fd("deleted");
        String viaJoin = "SELECT o.path FROM sockets s JOIN open_files o ON o.inode = s.inode AND o.pid = s.pid "
                + "WHERE s.state = 'LISTEN' AND s.local_port = " + port;
        try (Session s = new Session(new SnapshotSource(recording, Enrichers.none(), 0))) {
            List<Object[]> socketRows = s.execute("SELECT pid, fd, state FROM sockets WHERE local_port = " + port + " AND state = 'LISTEN'").rows();
            assertEquals(List.of(List.of(pid, holder.fd("tcp4_listen"), "LISTEN").toString()), text(socketRows));
            assertEquals(FileScope.SOCKETS, asked.getLast());
            long narrow = (Long) s.execute("SELECT count(*) FROM open_files WHERE pid = " + pid).rows().get(0)[0];
            assertEquals(FileScope.BARE_NUMBERS, asked.getLast());
            long withPaths = s.execute("SELECT path FROM open_files WHERE pid = " + pid).rows().size();
            assertEquals(FileScope.BARE_PATHS, asked.getLast());
            assertEquals(withPaths, narrow, "count(*) without paths counts the same descriptors");
            assertEquals(List.of(List.of(holder.path("deleted"), "file", true).toString()), text(s.execute(deleted).rows()));
            assertEquals(FileScope.BARE_PATHS, asked.getLast());
            List<Object[]> joined = s.execute(viaJoin).rows();
            assertEquals(1, joined.size());
            assertTrue(((String) joined.get(0)[0]).startsWith("socket:["), "a path read through a join: " + joined.get(0)[0]);
            assertEquals(FileScope.PATHS, asked.getLast());
        }
    }

    private static List<String> text(List<Object[]> rows) {
        return rows.stream().map(r -> Arrays.asList(r).toString()).toList();
    }
}
