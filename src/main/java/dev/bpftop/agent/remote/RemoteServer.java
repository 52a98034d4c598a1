package dev.bpftop.agent.remote;

import dev.bpftop.agent.tls.ServerTls;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Limits;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.OptionalSslConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The agent's TCP listener (--listen HOST:PORT): Calcite's Avatica server, so any JDBC client
 * (Avatica's remote driver, sqlline, DBeaver) queries the same tables and views, and /metrics on
 * the same port, over TLS when given a certificate. Listening beyond loopback needs a way to tell
 * clients apart: a token file, client certificates (mutual TLS), or both; without either the agent
 * refuses to start. JSON serialization, Avatica's driver default:
 * `jdbc:avatica:remote:url=http://HOST:PORT` (https with TLS).
 */
public final class RemoteServer implements AutoCloseable {
    private final HttpServer server;

    private RemoteServer(HttpServer server) { this.server = server; }

    /**
     * @param tokenFile     a file holding the bearer token; null for none
     * @param tls           the listener's TLS; null for plain HTTP. Without a token or client certificates: loopback only
     * @param fullView      what a client of this listener sees of each snapshot
     * @param anonymousView what it sees when no token is asked (loopback): no user's private columns
     * @param metrics       what /metrics answers; null for no /metrics
     */
    public static RemoteServer start(String listen, Path tokenFile, ServerTls tls, SnapshotSource source, UnaryOperator<Snapshot> fullView,
                                     UnaryOperator<Snapshot> anonymousView, Limits limits, Scrape metrics) throws IOException {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("--listen: expected HOST:PORT, got '" + listen + "'");
        String host = listen.substring(0, colon).replaceAll("^\\[|\\]$", "");
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen: bad port in '" + listen + "'");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--listen: port " + port + " is out of range (0 to 65535)");
        InetAddress address = InetAddress.getByName(host);
        byte[] token = tokenFile == null ? null : token(tokenFile);
        boolean authenticated = token != null || (tls != null && tls.authenticatesClients());
        if (!authenticated && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("--listen " + listen + " is not a loopback address: give --token-file, --tls-client-ca"
                    + " (mutual TLS) or both, or listen on 127.0.0.1");
        }
        SessionMeta meta;
        try {
            meta = new SessionMeta(source, authenticated ? fullView : anonymousView, limits);
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
        ServerCustomizer<Server> bind = server -> {
            for (var c : server.getConnectors()) {
                if (!(c instanceof ServerConnector sc)) continue;
                sc.setHost(address.getHostAddress());
                if (tls == null) continue;
                SslConnectionFactory ssl = new SslConnectionFactory(sslFactory(tls), sc.getConnectionFactory(HttpConnectionFactory.class).getProtocol());
                sc.addFirstConnectionFactory(ssl);
                // Plain HTTP to this port gets "400 HTTP request to HTTPS port" and is closed: TLS bytes
                // instead would make Avatica's driver retry its request forever.
                sc.addFirstConnectionFactory(new OptionalSslConnectionFactory(ssl, null));
            }
            server.setHandler(wrap(new Gate(token, metrics), server.getHandler()));
        };
        HttpServer http = new HttpServer.Builder<Server>()
                .withHandler(new LocalService(meta), Driver.Serialization.JSON)
                .withPort(port)
                .withServerCustomizers(List.of(bind), Server.class)
                .build();
        http.start();
        return new RemoteServer(http);
    }

    /** Jetty's TLS over the in-memory stores; with client CAs, a client without a certificate they signed fails the handshake. */
    private static SslContextFactory.Server sslFactory(ServerTls tls) {
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setKeyStore(tls.identity());
        f.setKeyStorePassword(new String(tls.password()));
        if (tls.authenticatesClients()) {
            f.setTrustStore(tls.clientCa());
            f.setNeedClientAuth(true);
        }
        return f;
    }

    private static Gate wrap(Gate gate, org.eclipse.jetty.server.Handler inner) {
        gate.setHandler(inner);
        return gate;
    }

    private static byte[] token(Path file) throws IOException {
        String t = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (t.length() < 16) throw new IllegalArgumentException("--token-file " + file + ": the token must be at least 16 characters");
        return t.getBytes(StandardCharsets.UTF_8);
    }

    public int port() { return server.getPort(); }

    @Override
    public void close() { server.stop(); }
}
