package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import dev.bpftop.sql.kept.KeptPlans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
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
        /** What the plan reads, as a kept plan holds it (see {@link KeptPlans}). */
        List<String> kept() {
            List<String> out = new ArrayList<>();
            if (wantsInterval) out.add(INTERVAL);
            if (readsLive) out.add(LIVE);
            for (Detail d : details) out.add(DETAIL + d.name());
            return out;
        }

        /** {@code statement}, reading what a kept plan said it reads. */
        static Planned fromKept(PreparedStatement statement, List<String> reads) {
            Set<Detail> details = EnumSet.noneOf(Detail.class);
            for (String r : reads) if (r.startsWith(DETAIL)) details.add(Detail.valueOf(r.substring(DETAIL.length())));
            return new Planned(statement, details, reads.contains(INTERVAL), reads.contains(LIVE));
        }

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

    private static final String INTERVAL = "interval", LIVE = "live", DETAIL = "detail ";

    /**
     * Plans {@code sql} on {@code connection}, noting what its plans read; with {@code kept} (not
     * null), the plan of an earlier process is taken from there, or this one goes there, when it
     * reads the live tables alone (a recording's tables are not the same from one run to the next).
     */
    static Planned plan(Connection connection, String sql, KeptPlans kept) throws SQLException {
        PlanReads reads = new PlanReads();
        try (Hook.Closeable readOnly = ReadOnly.watch();
             Hook.Closeable named = ColumnNames.watch();
             Hook.Closeable typed = TextNumberComparisons.watch();
             Hook.Closeable capture = reads.watch();
             KeptPlans.Use use = kept == null ? null : kept.use()) {
            PreparedStatement ps = connection.prepareStatement(ColumnNames.parsed(sql));
            List<String> earlier = use == null ? null : use.hit();
            if (earlier != null) return Planned.fromKept(ps, earlier);
            Planned planned = new Planned(ps, reads.details(), reads.wantsInterval(), reads.readsLive());
            if (use != null && reads.liveTablesAlone()) use.keep(planned.kept());
            else if (use != null) use.refuse("it reads more than the live tables");
            return planned;
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
