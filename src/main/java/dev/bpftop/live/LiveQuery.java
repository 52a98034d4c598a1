package dev.bpftop.live;

import dev.bpftop.enrich.Snapshot;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;

/**
 * The query a live view re-runs: prepared once, run on a fresh snapshot each tick, replaced when
 * the person edits it or H/K change the default view. A tick's result goes to the rows; its
 * snapshot to the header's meters.
 */
final class LiveQuery implements AutoCloseable {
    private final Session session;
    /** Null for a WATCH query: H and K change only the default view. */
    private final DefaultView defaults;
    private final Rows rows;
    private final Header header;
    private final FreezeActions freezing;
    private final Modal modal;
    private String text;
    private Session.Prepared prepared;
    private Snapshot snapshot;
    private QueryResult.Timings timings = new QueryResult.Timings(0, 0);
    private long ticks;

    LiveQuery(Session session, String text, DefaultView defaults, Rows rows, Header header, FreezeActions freezing, Modal modal) {
        this.session = session;
        this.text = text;
        this.defaults = defaults;
        this.rows = rows;
        this.header = header;
        this.freezing = freezing;
        this.modal = modal;
    }

    /** Plans the query: a bad one fails here, before the screen changes. */
    void prepare() throws SqlError { prepared = session.prepare(text); }

    String text() { return text; }

    Snapshot snapshot() { return snapshot; }

    long ticks() { return ticks; }

    QueryResult.Timings timings() { return timings; }

    /** Whether the default view is what runs (not a WATCH query, nor an edited one). */
    boolean isDefault() { return defaults != null && text.equals(defaults.query()); }

    /** Runs the query on a fresh snapshot; an error is the footer's message and the last rows stay. */
    void tick() {
        QueryResult r;
        try {
            r = prepared.run();
        } catch (SqlError e) {
            modal.flash(e.oneLine(), true);
            return;
        }
        snapshot = session.snapshot();
        header.update(snapshot);
        freezing.newTick();
        rows.take(r, isDefault() ? defaults.columns() : Columns.of(prepared));
        timings = r.timings();
        ticks++;
    }

    /** Replaces the query with an edited one and runs it; a bad one throws and the old one stays. */
    void edit(String sql) throws SqlError {
        replace(sql);
        if (defaults != null && !sql.equals(defaults.query())) modal.flash("edited query: H and K now leave it as it is", false);
        rows.newQuery();
        tick();
    }

    /** H (threads) or K (kernel threads) in the default view. @return false for any other query */
    boolean toggle(boolean threads) {
        if (!isDefault()) return false;
        if (threads) defaults.threads = !defaults.threads;
        else defaults.kernelThreads = !defaults.kernelThreads;
        try {
            replace(defaults.query());
            tick();
        } catch (SqlError e) {
            modal.flash(e.oneLine(), true);
        }
        return true;
    }

    private void replace(String sql) throws SqlError {
        Session.Prepared p = session.prepare(sql);
        close();
        prepared = p;
        text = sql;
    }

    @Override
    public void close() {
        if (prepared == null) return;
        try {
            prepared.close();
        } catch (Exception e) {
            // the statement is replaced or left behind either way
        }
    }
}
