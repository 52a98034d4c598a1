package dev.bpftop.agent;

import dev.bpftop.agent.metrics.Exporter;
import dev.bpftop.agent.metrics.MetricsConfig;
import dev.bpftop.agent.remote.RemoteServer;
import dev.bpftop.agent.tls.ServerTls;
import dev.bpftop.collect.Detail;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.freeze.Authority;
import dev.bpftop.sql.Limits;
import dev.bpftop.sql.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * `bpftop agent`: one long-running process that keeps the collector (the BPF object) loaded and
 * SQL sessions warm, and answers one-liners over a unix socket. Requests that come within the
 * sharing window of one another read one snapshot. A background walk every tick keeps cpu_pct's
 * baseline at most a tick old. Read-only unless started with --allow-control.
 */
public final class Agent implements AutoCloseable {
    /**
     * @param socket       where to listen
     * @param allowControl whether FREEZE/THAW may act (for root, or a cgroup's owner)
     * @param window       how long one snapshot serves other requests
     * @param tick         how often a walk refreshes cpu_pct's baseline; zero for never
     * @param listen       HOST:PORT for remote JDBC (Avatica) and /metrics; null for none
     * @param tokenFile    the bearer token remote clients must give; null for none
     * @param tls          the remote listener's TLS (mutual, with client CAs); null for plain HTTP
     * @param limits       the bounds of a remote client's statement
     * @param metrics      the /metrics series; null for the shipped default
     */
    public record Settings(Path socket, boolean allowControl, Duration window, Duration tick, String listen, Path tokenFile,
                           ServerTls tls, Limits limits, Path metrics) {
        public static final Path DEFAULT_SOCKET = AgentSocket.DEFAULT;
    }

    /** What warms the JVM before the socket opens: each format, a join, a view, an error. */
    private static final List<List<String>> WARM_UP = List.of(
            List.of("-e", "SELECT count(*) FROM processes"),
            List.of("-e", "SELECT pid, username, cpu_pct, mem_pct, comm FROM top LIMIT 10"),
            List.of("--format", "csv", "-e", "SELECT pid, ppid, state, rss, cmdline, exe FROM processes"),
            List.of("--format", "tsv", "-e", "SELECT tid, pid, comm FROM threads LIMIT 5"),
            List.of("--format", "json", "-e", "SELECT * FROM system"),
            List.of("--format", "jsonl", "-e", "SELECT * FROM users"),
            List.of("--format", "line", "-e", "SELECT pid, comm, start_time FROM processes LIMIT 3"),
            List.of("-e", "DESCRIBE processes", "-e", "SHOW TABLES"),
            List.of("-e", "SELECT state, count(*) AS n FROM threads GROUP BY state ORDER BY n DESC"),
            List.of("-e", "SELECT nosuchcolumn FROM processes"));
    private static final int MAX_CLIENTS = 64;

    private final SnapshotSource source;
    private final Settings settings;
    private final Handler handler;
    private final SessionPool sessions;
    private final Semaphore clients = new Semaphore(MAX_CLIENTS);
    private ServerSocketChannel server;
    private RemoteServer remote;
    private Exporter exporter;

    public Agent(SnapshotSource source, Settings settings, Handler handler) {
        this.source = source;
        this.settings = settings;
        this.handler = handler;
        this.sessions = new SessionPool(source, 8);
        source.shareWithin(settings.window());
    }

    /** Runs the warm-up queries, so the first client does not pay for class loading and planning. */
    public void warmUp() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        for (int round = 0; round < 3; round++) {
            for (List<String> args : WARM_UP) {
                Session s = sessions.take();
                handler.handle(new Request(args, false, 0), s, Authority.ANYONE, sink, sink);
                sessions.give(s);
            }
        }
    }

    /**
     * Starts the remote listener, if any: a client with the token or a client certificate sees what
     * root sees; otherwise (loopback only) what a user with no processes of its own would.
     * @return its port (0 given: the one the system chose); -1 when there is none
     */
    public int listen() throws IOException {
        if (settings.listen() == null) return -1;
        // /metrics are sums over units, containers and cgroups, never a process's own columns: taken as root.
        exporter = new Exporter(Session.sharing(source), settings.metrics() == null ? MetricsConfig.shipped() : MetricsConfig.read(settings.metrics()));
        exporter.scrape(null); // plans and compiles every query before the first scraper comes
        remote = RemoteServer.start(settings.listen(), settings.tokenFile(), settings.tls(), source, PeerView.of(Peer.ROOT),
                PeerView.of(Peer.ANONYMOUS), settings.limits(), exporter);
        return remote.port();
    }

    /** Opens the socket and answers clients until closed. */
    public void serve() throws IOException {
        server = AgentSocket.bind(settings.socket());
        if (!settings.tick().isZero()) Thread.ofPlatform().daemon().name("bpftop-agent-tick").start(this::tick);
        try {
            while (true) {
                SocketChannel client = server.accept();
                clients.acquireUninterruptibly();
                Thread.ofPlatform().daemon().name("bpftop-agent-client").start(() -> {
                    try {
                        new Connection(client, sessions, handler, settings.allowControl()).run();
                    } finally {
                        clients.release();
                    }
                });
            }
        } catch (ClosedChannelException e) {
            // closed: the agent is stopping
        }
    }

    private void tick() {
        long period = settings.tick().toMillis();
        while (true) {
            try {
                Thread.sleep(period);
                source.refresh(Detail.all(), true);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a failed walk leaves the previous baseline; the next tick tries again
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (remote != null) remote.close();
        if (exporter != null) {
            try {
                exporter.close();
            } catch (Exception e) {
                // its session is closing with the agent anyway
            }
        }
        if (server != null) {
            server.close();
            Files.deleteIfExists(settings.socket());
        }
        sessions.close();
    }
}
