package dev.bpftop.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A request to stop one statement (Ctrl-C in the shell). It may come at any moment: before the
 * statement's query exists (while it is parsed and planned) it is remembered, and the query stops
 * as soon as it exists. Each statement, or each line the shell reads, gets its own, so a request
 * that comes too late for one statement can never stop the next.
 */
public final class Cancel {
    // Both volatile: request() writes requested then reads query, attach() writes query then reads
    // requested, so at least one of them sees the other and the query is stopped either way.
    private volatile boolean requested;
    private volatile PreparedStatement query;

    public void request() {
        requested = true;
        stop(query);
    }

    public boolean requested() { return requested; }

    /** The statement's query now exists: it stops at once if a request came already. */
    void attach(PreparedStatement ps) {
        query = ps;
        if (requested) stop(ps);
    }

    /** Calcite raises its cancel flag, which the table scans check, so even a huge join ends promptly. */
    private static void stop(PreparedStatement ps) {
        if (ps == null) return;
        try {
            ps.cancel();
        } catch (SQLException e) {
            // Already closed: the query finished on its own.
        }
    }
}
