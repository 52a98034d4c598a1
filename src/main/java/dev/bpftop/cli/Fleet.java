package dev.bpftop.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.calcite.avatica.ConnectStringParser;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.ViewTable;

/**
 * `bpftop --hosts a:PORT,b:PORT`: every agent (its --listen address) is a sub-schema through
 * Calcite's own JDBC adapter over Avatica's remote driver, and `fleet.<table>` views union them
 * with a `host` column; Calcite plans the query and pushes what it can to each agent. A host that
 * does not answer a probe within {@link #PROBE_SECONDS} is left out with one line naming it.
 */
final class Fleet {
    /** Generous: the first request of a fresh client JVM loads Avatica's HTTP and JSON stacks. */
    static final long PROBE_SECONDS = 15;
    static final List<String> TABLES = List.of("processes", "threads", "cgroups", "containers", "system");
    private static final String AVATICA = "org.apache.calcite.avatica.remote.Driver";

    private Fleet() {}

    /** A Calcite connection with a schema per answering host and the fleet views; down hosts reported on stderr. */
    static Connection connect(List<String> hosts, ClientTls tls, Properties auth) throws SQLException {
        Map<String, String> up = answering(hosts, tls, auth);
        if (up.isEmpty()) throw new SQLException("no host answered");
        Connection connection = new org.apache.calcite.jdbc.Driver().connect("jdbc:calcite:", dev.bpftop.sql.Session.dialect());
        SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
        for (Map.Entry<String, String> h : up.entrySet()) {
            // The token as URL properties: JdbcSchema's pool passes a user and password alone, which Avatica's driver ignores.
            String url = auth.isEmpty() ? h.getValue() : h.getValue() + ";" + ConnectStringParser.getParamString(auth);
            DataSource ds = JdbcSchema.dataSource(url, AVATICA, null, null);
            root.add(h.getKey(), JdbcSchema.create(root, h.getKey(), ds, null, "bpftop"));
        }
        SchemaPlus fleet = root.add("fleet", new AbstractSchema());
        if (!up.isEmpty()) {
            for (String table : TABLES) {
                String union = up.keySet().stream()
                        .map(h -> "SELECT CAST('" + h.replace("'", "''") + "' AS VARCHAR) AS host, t.* FROM \"" + h + "\".\"" + table + "\" AS t")
                        .collect(Collectors.joining(" UNION ALL "));
                fleet.add(table, ViewTable.viewMacro(fleet, union, List.of(), List.of("fleet", table), false));
            }
        }
        return connection;
    }

    /** Each host that answers SELECT 1 within the probe time, with its JDBC URL; the others named on stderr. */
    private static Map<String, String> answering(List<String> hosts, ClientTls tls, Properties auth) {
        Map<String, String> up = new LinkedHashMap<>();
        ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Map<String, Future<?>> pending = new LinkedHashMap<>();
            for (String h : hosts) {
                String url = tls.url(RemoteShell.jdbcUrl(tls.scheme() + "://" + h));
                pending.put(h, probes.submit(() -> {
                    try (Connection c = new org.apache.calcite.avatica.remote.Driver().connect(url, auth); Statement s = c.createStatement()) {
                        s.executeQuery("SELECT 1").close();
                    }
                    return url;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROBE_SECONDS);
            for (Map.Entry<String, Future<?>> p : pending.entrySet()) {
                try {
                    up.put(p.getKey(), (String) p.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (java.util.concurrent.TimeoutException e) {
                    System.err.println("bpftop: host " + p.getKey() + " did not answer within " + PROBE_SECONDS + " s: left out");
                } catch (Exception e) {
                    String what = RemoteShell.why(e.getCause() != null ? e.getCause() : e, tls.scheme().equals("https"));
                    System.err.println("bpftop: host " + p.getKey() + " is down (" + what + "): left out");
                }
            }
        } finally {
            probes.shutdownNow();
        }
        return up;
    }

    static List<String> parse(String hosts) {
        List<String> out = new ArrayList<>();
        for (String h : hosts.split(",")) {
            String t = h.strip();
            if (!t.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) throw new IllegalArgumentException("--hosts: '" + t + "' is not HOST:PORT");
            if (out.contains(t)) throw new IllegalArgumentException("--hosts: " + t + " is named twice");
            out.add(t);
        }
        return out;
    }
}
