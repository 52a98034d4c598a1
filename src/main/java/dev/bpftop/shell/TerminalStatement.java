package dev.bpftop.shell;

import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.io.IOException;
import org.jline.terminal.Terminal;

/**
 * A statement handler that takes over the terminal instead of returning rows (WATCH's live view).
 * A {@link dev.bpftop.sql.StatementHandler} that also implements this is launched by the REPL with
 * the terminal; it returns when the person leaves the view, or at once when {@code cancel} was
 * requested (a Ctrl-C after Enter, before the view took over the terminal's Ctrl-C).
 */
public interface TerminalStatement {
    void run(String statement, Session session, Terminal terminal, Cancel cancel) throws SqlError, IOException;
}
