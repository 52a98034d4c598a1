package dev.bpftop.sql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import org.apache.calcite.runtime.Hook;

/**
 * A session's Calcite connection as remote JDBC clients get it (the agent's Avatica server): every
 * execution reads a fresh snapshot, as every statement of a front end does; changes are refused as
 * in {@link Session}; FREEZE and THAW are not SQL and are refused in one line; each statement is
 * bounded by the session's timeout. Closing the connection closes the session.
 */
final class SnapshotPerStatement {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch", "addBatch");

    private final Session session;
    private final Object target;
    private final Connection proxy;

    private SnapshotPerStatement(Session session, Connection target) {
        this.session = session;
        this.target = target;
        this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, a) -> onConnection(m, a));
    }

    static Connection wrap(Session session, Connection connection) {
        return new SnapshotPerStatement(session, connection).proxy;
    }

    private Object onConnection(Method m, Object[] args) throws Throwable {
        switch (m.getName()) {
            case "createStatement" -> {
                return statement(Statement.class, bounded((Statement) call(m, args)));
            }
            case "prepareStatement" -> {
                String sql = refusingControl((String) args[0]);
                args[0] = sql;
                try (Hook.Closeable readOnly = ReadOnly.watch()) {
                    return statement(PreparedStatement.class, bounded((Statement) call(m, args)));
                } catch (SQLException | RuntimeException e) {
                    throw oneLine(e);
                }
            }
            case "prepareCall" -> throw new SQLFeatureNotSupportedException("bpftop has no stored procedures");
            case "getMetaData" -> {
                return metaData((DatabaseMetaData) call(m, args));
            }
            case "commit", "rollback" -> {
                return null; // read-only: nothing to keep or undo (connection pools roll back on return)
            }
            case "close" -> {
                call(m, args);
                session.close();
                return null;
            }
            default -> {
                return call(m, args);
            }
        }
    }

    /**
     * Calcite's getColumns for an exact table name also lists the columns of the shipped views
     * (their macros match any name): a client such as Calcite's own JDBC adapter would then see
     * every column twice. Rows of other tables are skipped when the name has no wildcard.
     */
    private static DatabaseMetaData metaData(DatabaseMetaData md) {
        return (DatabaseMetaData) Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class},
                (p, m, a) -> {
                    Object r = call(md, m, a);
                    if (m.getName().equals("getColumns") && a[2] instanceof String table && !table.contains("%") && !table.contains("_")) {
                        return onlyTable((ResultSet) r, table);
                    }
                    return r;
                });
    }

    private static ResultSet onlyTable(ResultSet rs, String table) {
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (p, m, a) -> {
            if (!m.getName().equals("next")) return call(rs, m, a);
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) return true;
            }
            return false;
        });
    }

    private <T extends Statement> T statement(Class<T> type, Statement statement) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> onStatement(statement, m, a)));
    }

    private Object onStatement(Statement statement, Method m, Object[] args) throws Throwable {
        if (m.getName().equals("getConnection")) return proxy;
        if (!EXECUTIONS.contains(m.getName())) return call(statement, m, args);
        if (args != null && args.length > 0 && args[0] instanceof String sql) args[0] = refusingControl(sql);
        if (!m.getName().equals("addBatch")) session.refresh();
        try (Hook.Closeable readOnly = ReadOnly.watch()) {
            return call(statement, m, args);
        } catch (SQLException | RuntimeException e) {
            throw oneLine(e);
        }
    }

    /** The line a front end would print, for the client's SQLException. */
    private static SQLException oneLine(Exception e) {
        return new SQLException(SqlError.from(e).oneLine(), e);
    }

    private Statement bounded(Statement s) throws SQLException {
        long seconds = session.limits().timeout().toSeconds();
        if (seconds > 0) s.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds)));
        return s;
    }

    /** The statement as Calcite takes it; FREEZE and THAW are bpftop's own and not for JDBC clients. */
    private static String refusingControl(String sql) throws SQLException {
        dev.bpftop.sql.Statement parsed;
        try {
            parsed = Grammar.parse(sql);
        } catch (SqlError e) {
            throw new SQLException(e.oneLine(), e);
        }
        if (parsed instanceof dev.bpftop.sql.Statement.Freezing f) {
            throw new SQLException((f instanceof dev.bpftop.sql.Statement.Freeze ? "FREEZE" : "THAW")
                    + " refused over JDBC: use the agent's unix socket (bpftop -e) with --allow-control");
        }
        return Grammar.calcite(sql);
    }

    private Object call(Method m, Object[] args) throws Throwable { return call(target, m, args); }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
