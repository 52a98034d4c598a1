package dev.bpftop.agent;

import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Session;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Warm SQL sessions over the agent's one snapshot source. A Calcite connection takes tens of
 * milliseconds to set up; a request borrows one that is ready. A session whose statement was
 * stopped half-way is not given back (its abandoned statement thread may still hold it).
 */
final class SessionPool implements AutoCloseable {
    private final SnapshotSource source;
    private final int keep;
    private final Deque<Session> idle = new ArrayDeque<>();
    private boolean closed;

    SessionPool(SnapshotSource source, int keep) {
        this.source = source;
        this.keep = keep;
    }

    Session take() {
        synchronized (this) {
            Session s = idle.pollFirst();
            if (s != null) return s;
        }
        return Session.sharing(source);
    }

    void give(Session session) {
        synchronized (this) {
            if (!closed && idle.size() < keep) {
                idle.addFirst(session);
                return;
            }
        }
        discard(session);
    }

    static void discard(Session session) {
        try {
            session.close();
        } catch (Exception e) {
            // a connection that will not close is dropped all the same
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(SessionPool::discard);
        idle.clear();
    }
}
