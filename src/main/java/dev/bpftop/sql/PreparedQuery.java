package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A query planned once by {@link Session#prepare} and run again on each new snapshot (WATCH, the
 * live view, /metrics). Its first run collects every detail and notes which ones its scans read;
 * the plan never changes, so later runs collect only those (a WATCH of pid and cpu_pct does not read
 * every process's namespaces and I/O each tick).
 */
public final class PreparedQuery implements AutoCloseable {
    private final Session session;
    private final PreparedStatement statement;
    private final List<Optional<Column<?>>> declared;
    private Set<Detail> details;
    /** False when the plan reads no live table (a replayed recording): its runs walk nothing. */
    private final boolean live;
    /** The plan when it is a plain scan of one table, read straight from it; else null. */
    private final ScanPlan scan;

    /** @param details what the first run collects: every detail, and the network's when the plan reads it */
    PreparedQuery(Session session, PreparedStatement statement, List<Optional<Column<?>>> declared, Set<Detail> details, boolean live, ScanPlan scan) {
        this.session = session;
        this.statement = statement;
        this.declared = declared;
        this.details = details;
        this.live = live;
        this.scan = scan;
    }

    /** The declared column behind each result column, by position (see {@link DeclaredColumns}). */
    public List<Optional<Column<?>>> declared() { return declared; }

    /** Whether its rows come straight from one table's scan (see {@link ScanPlan}). */
    boolean readsStraight() { return scan != null; }

    public QueryResult run() throws SqlError { return run(true, UnaryOperator.identity()); }

    /**
     * On a fresh snapshot, each row passed through {@code keep} before it is collected: a monitor
     * hands back the equal row it already holds, so an unchanged row stays one long-lived array.
     */
    public QueryResult run(UnaryOperator<Object[]> keep) throws SqlError { return run(true, keep); }

    /**
     * On the snapshot the session's previous statement read ({@link Session#refresh()} takes one):
     * the agent's /metrics reads one snapshot for all of its queries.
     */
    public QueryResult runOnCurrent() throws SqlError { return run(false, UnaryOperator.identity()); }

    private QueryResult run(boolean fresh, UnaryOperator<Object[]> keep) throws SqlError {
        Cancel cancel = new Cancel();
        Limits bounds = session.limits();
        return Bounded.run(() -> {
            cancel.attach(statement);
            return unbounded(bounds.maxBytes(), fresh, keep);
        }, cancel, bounds.timeout());
    }

    private QueryResult unbounded(long maxBytes, boolean fresh, UnaryOperator<Object[]> keep) throws SqlError {
        long t0 = System.nanoTime();
        if (live && (fresh || !session.hasSnapshot())) session.refresh(details);
        long t1 = System.nanoTime();
        try {
            session.clearDetailsRead();
            CollectedRows rows = new CollectedRows(keep);
            Session.rows(statement, scan, RowBudget.over(rows, maxBytes));
            QueryResult r = rows.result(new QueryResult.Timings(t1 - t0, System.nanoTime() - t1));
            details = session.detailsRead();
            return r;
        } catch (SQLException | RuntimeException e) {
            throw SqlError.from(e);
        }
    }

    /** The details later runs collect; all of them until the first run. */
    public Set<Detail> details() { return Set.copyOf(details); }

    @Override
    public void close() throws SQLException { statement.close(); }
}
