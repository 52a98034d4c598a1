package dev.bpftop.shell;

import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jline.terminal.Terminal;

/**
 * Runs each statement on a worker thread so that Ctrl-C (SIGINT, delivered through the terminal)
 * can cancel it: Calcite's cancel flag stops the scan, an interrupt stops a wait, and the shell
 * goes back to its prompt either way. One worker, so statements never overlap.
 */
final class QueryWorker implements AutoCloseable {
    /** The person pressed Ctrl-C while the statement ran. */
    static final class Canceled extends Exception {
        Canceled() { super("canceled", null, false, false); }
    }

    private final Session session;
    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bpftop-query");
        t.setDaemon(true);
        return t;
    });
    private volatile Future<QueryResult> current;
    private volatile boolean canceled;

    QueryWorker(Session session, Terminal terminal) {
        this.session = session;
        terminal.handle(Terminal.Signal.INT, s -> cancel());
    }

    QueryResult run(String statement) throws SqlError, Canceled {
        canceled = false;
        Future<QueryResult> f = pool.submit(() -> session.execute(statement));
        current = f;
        try {
            return f.get();
        } catch (CancellationException e) {
            throw new Canceled();
        } catch (ExecutionException e) {
            if (canceled) throw new Canceled();
            if (e.getCause() instanceof SqlError se) throw se;
            throw SqlError.from(e.getCause());
        } catch (InterruptedException e) {
            cancel();
            throw new Canceled();
        } finally {
            current = null;
        }
    }

    private void cancel() {
        Future<QueryResult> f = current;
        if (f == null) return;
        canceled = true;
        session.cancel();
        f.cancel(true);
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
