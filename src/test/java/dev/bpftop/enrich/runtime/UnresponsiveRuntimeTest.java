package dev.bpftop.enrich.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.CgroupEnricher;
import dev.bpftop.enrich.ContainerEnricher;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.testing.Require;
import dev.bpftop.testing.ScratchCgroup;
import dev.bpftop.testing.Spawned;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime that is absent, refuses, or accepts and never answers: names are NULL and queries still answer. */
class UnresponsiveRuntimeTest {
    @TempDir
    Path tmp;

    static final String ID = "0123456789abcdef".repeat(4);

    @Test
    void absentSocketAndMissingStoreGiveNoName() {
        ContainerNames names = new ContainerNames(List.of(new EngineApi("docker", tmp.resolve("none.sock")),
                new PodmanStore(tmp.resolve("containers.json"))), Duration.ofMillis(200));
        assertNull(names.lookup(ID, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));
        assertTrue(names.lastProblem().contains("none.sock"), names.lastProblem());
        assertTrue(names.lastProblem().contains("containers.json"), names.lastProblem());
    }

    @Test
    void refusingSocketGivesNoName() throws IOException {
        Path sock = tmp.resolve("refusing.sock");
        // bound then closed: the socket file stays, nobody listens, connect is refused
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(sock)).close();
        assertTrue(Files.exists(sock));
        EngineApi api = new EngineApi("docker", sock);
        assertThrows(IOException.class, () -> api.list(Duration.ofMillis(200)));
        assertNull(new ContainerNames(List.of(api), Duration.ofMillis(200)).lookup(ID, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));
    }

    @Test
    void slowSocketTimesOut() throws Exception {
        try (Silent server = new Silent(tmp.resolve("slow.sock"))) {
            IOException e = assertThrows(IOException.class, () -> new EngineApi("docker", server.path).list(Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("in time"), e.getMessage());
            assertTrue(server.accepted() >= 1, "the server did accept");
        }
    }

    /** End to end: a container cgroup with a process, a runtime that never answers; the query finishes, the name is NULL. */
    @Test
    void queryAnswersWhileTheRuntimeHangs() throws Exception {
        Require.root();
        Require.cgroupV2();
        try (Silent server = new Silent(tmp.resolve("docker.sock"));
             ScratchCgroup cg = ScratchCgroup.create(ScratchCgroup.uniqueName("bpftop-test") + "/docker/" + ID);
             Spawned p = Spawned.start("sleep", "307");
             Session s = new Session(new SnapshotSource(new ProcfsCollector(),
                     Enrichers.none().with(new CgroupEnricher()).with(new ContainerEnricher(List.of(new EngineApi("docker", server.path)))), 0))) {
            cg.add(p.pid());
            CompletableFuture<QueryResult> q = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.execute("SELECT container_id, container_runtime, container_name FROM processes WHERE pid = " + p.pid());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // generous: the point is that it finishes at all while the server holds the connection
            QueryResult r = q.get(30, TimeUnit.SECONDS);
            assertArrayEquals(new Object[] {ID, "docker", null}, r.rows().get(0));
            assertTrue(server.accepted() >= 1);
            assertNull(s.execute("SELECT name FROM containers WHERE id = '" + ID + "'").rows().get(0)[0]);
        }
    }

    /** A server that answers but ignores "Connection: close": the answer is complete at its Content-Length. */
    @Test
    void answerWithoutCloseIsComplete() throws Exception {
        Path sock = tmp.resolve("keepalive.sock");
        String json = "[{\"Id\":\"" + ID + "\",\"Names\":[\"/web\"],\"Image\":\"nginx\",\"State\":\"running\",\"Created\":1700000000}]";
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(sock))) {
            CompletableFuture<SocketChannel> held = CompletableFuture.supplyAsync(() -> {
                try {
                    SocketChannel c = server.accept();
                    c.read(java.nio.ByteBuffer.allocate(4096));
                    c.write(java.nio.ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + json.length() + "\r\n\r\n" + json).getBytes(StandardCharsets.US_ASCII)));
                    return c; // left open
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<ContainerInfo> list = new EngineApi("docker", sock).list(Duration.ofSeconds(10));
            assertEquals(List.of(new ContainerInfo(ID, "web", "nginx", "running", 1_700_000_000_000L)), list);
            held.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void endpointsFollowTheEnvironment() {
        List<ContainerSource> def = Endpoints.from(Map.of());
        assertEquals(Endpoints.DOCKER, ((EngineApi) def.get(0)).socket());
        assertEquals(Endpoints.PODMAN, ((EngineApi) def.get(1)).socket());
        assertInstanceOf(PodmanStore.class, def.get(2));
        List<ContainerSource> custom = Endpoints.from(Map.of("DOCKER_HOST", "unix:///tmp/d.sock", "CONTAINER_HOST", "unix:///tmp/p.sock"));
        assertEquals(Path.of("/tmp/d.sock"), ((EngineApi) custom.get(0)).socket());
        assertEquals(Path.of("/tmp/p.sock"), ((EngineApi) custom.get(1)).socket());
        List<ContainerSource> tcp = Endpoints.from(Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375"));
        assertEquals(2, tcp.size(), "a tcp:// DOCKER_HOST is not dialled");
        assertEquals(Endpoints.PODMAN, ((EngineApi) tcp.get(0)).socket());
    }

    @Test
    void chunkedAndFailedResponses() throws IOException {
        byte[] chunked = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n[{\"a\r\n3;x=y\r\n\":1\r\n2\r\n}]\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals("[{\"a\":1}]", new String(UnixHttp.body(chunked), StandardCharsets.US_ASCII));
        byte[] plain = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]".getBytes(StandardCharsets.US_ASCII);
        assertEquals("[]", new String(UnixHttp.body(plain), StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class,
                () -> UnixHttp.body("HTTP/1.1 404 Not Found\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("HTTP 404 Not Found", e.getMessage());
        assertThrows(IOException.class, () -> UnixHttp.body("garbage".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(UnixHttp.complete(chunked));
        assertFalse(UnixHttp.complete(Arrays.copyOf(chunked, chunked.length - 3)));
        assertTrue(UnixHttp.complete(plain));
        assertFalse(UnixHttp.complete(Arrays.copyOf(plain, plain.length - 1)));
    }

    /** A unix socket server that accepts connections and never writes a byte. */
    static final class Silent implements AutoCloseable {
        final Path path;
        private final ServerSocketChannel server;
        private final List<SocketChannel> held = new ArrayList<>();
        private final Thread acceptor;

        Silent(Path path) throws IOException {
            this.path = path;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(path));
            acceptor = Thread.ofPlatform().daemon().name("silent-" + UUID.randomUUID()).start(() -> {
                try {
                    while (true) {
                        SocketChannel c = server.accept();
                        synchronized (held) { held.add(c); }
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            });
        }

        int accepted() {
            synchronized (held) { return held.size(); }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5000);
            synchronized (held) {
                for (SocketChannel c : held) c.close();
            }
            Files.deleteIfExists(path);
        }
    }
}
