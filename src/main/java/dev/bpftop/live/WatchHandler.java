package dev.bpftop.live;

import dev.bpftop.shell.TerminalStatement;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.StatementHandler;
import org.jline.terminal.Terminal;

/**
 * WATCH as a statement of the session. It has no rows to return: a front end with a terminal (the
 * REPL) calls {@link #run}, which owns the screen until the person quits; anywhere else it is a
 * one-line error.
 */
public final class WatchHandler implements StatementHandler, TerminalStatement {
    @Override
    public boolean accepts(String statement) { return WatchStatement.isWatch(statement); }

    @Override
    public QueryResult execute(String statement, Session session) throws SqlError {
        WatchStatement.parse(statement); // a malformed WATCH reports its own error first
        throw new SqlError("WATCH needs a terminal: run it in the shell or with -e on a terminal", 0, 0);
    }

    /** Runs the live view on {@code terminal} until q. */
    @Override
    public void run(String statement, Session session, Terminal terminal, Cancel cancel) throws SqlError {
        LiveView.run(session, terminal, WatchStatement.parse(statement).orElseThrow(), cancel);
    }
}
