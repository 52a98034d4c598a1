package dev.bpftop.live;

import dev.bpftop.enrich.Snapshot;
import dev.bpftop.history.Replay;
import dev.bpftop.sql.PreparedQuery;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The query a live view re-runs: prepared once, run on a fresh snapshot each tick, replaced when
 * the person edits it or H/K change the default view. A tick's result goes to the rows; its
 * snapshot to the header's meters. In a replay the tables are a recorded snapshot: a tick reads
 * it, and a step moves to the one recorded before or after; nothing live is walked.
 */
final class LiveQuery implements AutoCloseable {
    private final Session session;
    /** Null for a WATCH query: H and K change only the default view. */
    private final DefaultView defaults;
    private final Rows rows;
    private final Header header;
    private final FreezeActions freezing;
    private final Modal modal;
    /** Null when the tables are live. */
    private final Replay replay;
    /** A replay's lines about skipped files, for the message line; where they went before the view. */
    private final Queue<String> skipped = new ConcurrentLinkedQueue<>();
    private final Consumer<String> skippedBefore;
    private String text;
    private PreparedQuery prepared;
    private Header.Frame frame;
    private QueryResult.Timings timings = new QueryResult.Timings(0, 0);
    private long ticks;

    LiveQuery(Session session, String text, DefaultView defaults, Rows rows, Header header, FreezeActions freezing, Modal modal, Replay replay) {
        this.session = session;
        this.text = text;
        this.defaults = defaults;
        this.rows = rows;
        this.header = header;
        this.freezing = freezing;
        this.modal = modal;
        this.replay = replay;
        this.skippedBefore = replay != null ? replay.logTo(skipped::add) : null;
    }

    /** Plans the query: a bad one fails here, before the screen changes. */
    void prepare() throws SqlError { prepared = session.prepare(text); }

    String text() { return text; }

    /** What the meters show; null before the first tick. */
    Header.Frame frame() { return frame; }

    /** Whether the tables are a recorded snapshot (--at), not the live system. */
    boolean replaying() { return replay != null; }

    long ticks() { return ticks; }

    QueryResult.Timings timings() { return timings; }

    /** Whether the default view is what runs (not a WATCH query, nor an edited one). */
    boolean isDefault() { return defaults != null && text.equals(defaults.query()); }

    /** Runs the query on a fresh snapshot (a replay's: the recorded one); an error is the footer's message and the last rows stay. */
    void tick() {
        QueryResult r;
        try {
            r = prepared.run(new SteadyRows(rows.result() != null ? rows.result().rows() : List.of(), rows.grid() != null ? rows.grid().pid : -1));
        } catch (SqlError e) {
            modal.flash(e.oneLine(), true);
            return;
        }
        if (replay != null) {
            frame = Header.Frame.recorded(replay);
        } else {
            Snapshot snapshot = session.snapshot();
            frame = Header.Frame.live(snapshot);
        }
        header.update(frame.system());
        for (String line = skipped.poll(); line != null; line = skipped.poll()) modal.flash(line, true);
        freezing.newTick();
        rows.take(r, isDefault() ? defaults.columns() : Columns.of(prepared));
        timings = r.timings();
        ticks++;
    }

    /** ← or → in a replay: the snapshot recorded one interval before or after; at either end it stays, with a message. */
    void step(boolean later) {
        if (replay == null) {
            modal.flash("←/→ and [/] step through a recording: open one with --at TIME", true);
            return;
        }
        boolean moved;
        try {
            moved = replay.step(later);
        } catch (RuntimeException e) {
            modal.flash(e.getMessage(), true);
            return;
        }
        if (!moved) {
            modal.flash((later ? "no later snapshot in " : "no earlier snapshot in ") + replay.dir() + ": staying at " + replay.text(), true);
            return;
        }
        tick();
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
        PreparedQuery p = session.prepare(sql);
        close();
        prepared = p;
        text = sql;
    }

    @Override
    public void close() {
        if (replay != null) replay.logTo(skippedBefore);
        if (prepared == null) return;
        try {
            prepared.close();
        } catch (Exception e) {
            // the statement is replaced or left behind either way
        }
    }
}
