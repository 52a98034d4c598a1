package dev.bpftop.shell;

import dev.bpftop.sql.Cancel;
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
 *
 * <p>A Ctrl-C belongs to the line the person last entered: from the moment JLine hands the signal
 * back (Enter) it stops that line's statement, whether the statement is running, still being
 * planned, or not started yet. Each line gets a fresh {@link Cancel} as its prompt appears, so a
 * Ctrl-C that comes after a statement ended never stops the next one.
 */
final class QueryWorker implements AutoCloseable {
    /** The person pressed Ctrl-C while the statement ran. */
    static final class Canceled extends Exception {
        Canceled() { super("canceled", null, false, false); }
    }

    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bpftop-query");
        t.setDaemon(true);
        return t;
    });
    private volatile Cancel line = new Cancel();
    private volatile Future<?> current;

    /** Work for the worker thread: a statement, or applying its plan. */
    @FunctionalInterface
    interface Work<T> {
        T run(Cancel cancel) throws SqlError;
    }

    QueryWorker(Terminal terminal) {
        terminal.handle(Terminal.Signal.INT, s -> cancel());
    }

    /**
     * A new line is being read. Called from JLine's callback-init, which runs once JLine has put its
     * own Ctrl-C handler in place (a Ctrl-C at the prompt drops the typed text instead); a Ctrl-C
     * that reached us before that was late for the previous line and is forgotten here.
     */
    void prompt() { line = new Cancel(); }

    /**
     * The line was entered. A Ctrl-C that JLine caught after Enter, just before it gave the signal
     * back, left only an interrupt on the reading thread: it counts for this line.
     *
     * @return whether that happened
     */
    boolean entered() {
        if (!Thread.interrupted()) return false;
        line.request();
        return true;
    }

    /** The entered line's cancel, for statements the shell runs itself (WATCH). */
    Cancel line() { return line; }

    /** Runs {@code work} with the entered line's cancel; a Ctrl-C, even one before it started, ends it with {@link Canceled}. */
    <T> T run(Work<T> work) throws SqlError, Canceled {
        Cancel cancel = line;
        if (cancel.requested()) throw new Canceled();
        Future<T> f = pool.submit(() -> work.run(cancel));
        current = f;
        if (cancel.requested()) f.cancel(true); // a Ctrl-C between the check above and now
        try {
            return f.get();
        } catch (CancellationException e) {
            throw new Canceled();
        } catch (ExecutionException e) {
            if (cancel.requested()) throw new Canceled();
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
        line.request();
        Future<?> f = current;
        if (f != null) f.cancel(true);
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
