package dev.bpftop.shell;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.enrich.Enrichers;
import dev.bpftop.enrich.SnapshotSource;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C between Enter and the statement's start, made exact: the terminal raises SIGINT (to the
 * shell's handler, as the pseudo-terminal would) at a chosen point instead of at a lucky instant.
 */
class QueryWorkerTest {
    private Session session;
    private Terminal terminal;
    private QueryWorker worker;

    @BeforeEach
    void open() throws Exception {
        session = new Session(new SnapshotSource(new ProcfsCollector(), Enrichers.none(), 0));
        terminal = TerminalBuilder.builder().dumb(true).streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build();
        worker = new QueryWorker(terminal);
    }

    @AfterEach
    void close() throws Exception {
        worker.close();
        terminal.close();
        session.close();
    }

    @Test
    void aCtrlCAfterEnterBeforeTheStatementStartsCancelsItAndOnlyIt() throws Exception {
        worker.prompt();
        worker.entered();
        terminal.raise(Terminal.Signal.INT);
        assertThrows(QueryWorker.Canceled.class, () -> worker.run(c -> session.execute("SELECT count(*) FROM processes", c)));
        worker.prompt(); // the next line
        worker.entered();
        assertEquals(7, single(worker.run(c -> session.execute("SELECT 7", c))));
    }

    @Test
    void aCtrlCThatJLineCaughtJustAfterEnterCancelsTheLinesStatement() throws Exception {
        worker.prompt();
        Thread.currentThread().interrupt(); // what JLine's own Ctrl-C handler leaves when readLine is returning
        worker.entered();
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was turned into the line's cancel");
        assertThrows(QueryWorker.Canceled.class, () -> worker.run(c -> session.execute("SELECT 1", c)));
    }

    @Test
    void aLateCtrlCNeverCancelsTheNextLine() throws Exception {
        worker.prompt();
        worker.entered();
        assertEquals(1, single(worker.run(c -> session.execute("SELECT 1", c))));
        terminal.raise(Terminal.Signal.INT); // after the statement ended, before the next prompt
        worker.prompt();
        worker.entered();
        assertEquals(2, single(worker.run(c -> session.execute("SELECT 2", c))));
    }

    /** The request comes before the statement's query exists (it is not even parsed yet): it stops once it does. */
    @Test
    void aSessionHonoursACancelAskedBeforeTheQueryExists() throws Exception {
        Cancel cancel = new Cancel();
        cancel.request();
        SqlError e = assertThrows(SqlError.class,
                () -> session.execute("SELECT count(*) FROM threads a, threads b, threads c, threads d, threads e", cancel));
        assertEquals("error: query canceled", e.oneLine());
        assertEquals(3, single(session.execute("SELECT 3", new Cancel())));
    }

    private static Object single(QueryResult r) {
        assertEquals(1, r.rows().size());
        return r.rows().get(0)[0];
    }
}
