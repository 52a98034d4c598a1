package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.runtime.Hook;

/**
 * A session's statements, planned once per SQL text and run again on each new snapshot. Parsing,
 * validating and optimising are most of what a warm agent spends on a repeated one-liner; the
 * tables read the snapshot the session holds at each run, so a run never sees an older one. What
 * the plan reads (its details, its baseline) is kept with it, as it is known only while planning.
 * A statement is taken out while it runs, so a second caller plans its own; one that failed, was
 * stopped, or was cancelled even after it finished is closed, never reused.
 */
final class PlanCache implements AutoCloseable {
    private static final int MAX = 64;

    /** A planned statement and what its plan reads. */
    record Planned(PreparedStatement statement, Set<Detail> details, boolean wantsInterval, boolean readsLive) {
        void close() {
            try {
                statement.close();
            } catch (SQLException e) {
                // its connection is closing: nothing to keep
            }
        }

        /** Whether a cancel reached it (Calcite never lowers the flag again). */
        boolean cancelled() {
            try {
                AvaticaStatement s = statement.unwrap(AvaticaStatement.class);
                return s.getConnection().unwrap(AvaticaConnection.class).getCancelFlag(s.handle).get();
            } catch (SQLException | NoSuchStatementException e) {
                return true;
            }
        }
    }

    /** Plans {@code sql} on {@code connection}, noting what its plans read. */
    static Planned plan(Connection connection, String sql) throws SQLException {
        PlanReads reads = new PlanReads();
        try (Hook.Closeable readOnly = ReadOnly.watch();
             Hook.Closeable named = ColumnNames.watch();
             Hook.Closeable typed = TextNumberComparisons.watch();
             Hook.Closeable capture = reads.watch()) {
            PreparedStatement ps = connection.prepareStatement(ColumnNames.parsed(sql));
            return new Planned(ps, reads.details(), reads.wantsInterval(), reads.readsLive());
        }
    }

    private final Map<String, Planned> idle = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /** The statement planned for {@code sql}, taken out of the cache; null when there is none to reuse. */
    Planned take(String sql) {
        Planned p;
        synchronized (this) {
            p = idle.remove(sql);
        }
        if (p != null && p.cancelled()) {
            p.close();
            return null;
        }
        return p;
    }

    /** Puts back a statement that ran to its end; the least recently used goes beyond {@link #MAX}. */
    void give(String sql, Planned planned) {
        Planned dropped = null;
        synchronized (this) {
            if (closed) {
                dropped = planned;
            } else {
                Planned before = idle.put(sql, planned);
                if (before != null) {
                    dropped = before;
                } else if (idle.size() > MAX) {
                    var eldest = idle.entrySet().iterator();
                    dropped = eldest.next().getValue();
                    eldest.remove();
                }
            }
        }
        if (dropped != null) dropped.close();
    }

    /** Forgets every plan: the tables behind them changed. */
    synchronized void clear() {
        idle.values().forEach(Planned::close);
        idle.clear();
    }

    @Override
    public synchronized void close() {
        closed = true;
        clear();
    }
}
