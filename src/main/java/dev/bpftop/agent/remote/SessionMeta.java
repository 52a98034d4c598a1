package dev.bpftop.agent.remote;

import dev.bpftop.enrich.Snapshot;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Limits;
import dev.bpftop.sql.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.calcite.avatica.jdbc.JdbcMeta;

/**
 * Avatica's JDBC-backed Meta, over the agent's sessions instead of a JDBC URL: each remote
 * connection is a session of its own over the agent's one snapshot source, so remote clients see
 * the same tables and views, one fresh snapshot per statement, shared within the agent's window.
 */
final class SessionMeta extends JdbcMeta {
    private final SnapshotSource source;
    private final UnaryOperator<Snapshot> view;
    private final Limits limits;

    SessionMeta(SnapshotSource source, UnaryOperator<Snapshot> view, Limits limits) throws SQLException {
        super("jdbc:bpftop:agent", new Properties());
        this.source = source;
        this.view = view;
        this.limits = limits;
    }

    @Override
    protected Connection createConnection(String url, Properties info) {
        Session session = Session.sharing(source);
        session.view(view);
        session.limits(limits);
        return session.jdbc();
    }
}
