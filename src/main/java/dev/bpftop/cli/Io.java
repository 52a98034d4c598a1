package dev.bpftop.cli;

import dev.bpftop.freeze.Authority;
import dev.bpftop.render.TerminalSize;
import dev.bpftop.sql.Session;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where a run's output goes and what it runs on: this process's own streams and terminal for a
 * standalone run, or an agent client's, with a warm session the agent lends.
 *
 * @param width    columns of the terminal when {@code terminal}; -1: ask this process's terminal
 * @param session  the agent's session; null for a standalone run, which opens its own
 */
record Io(OutputStream out, PrintStream err, boolean terminal, int width, Session session, Authority authority) {
    static Io standalone() {
        return new Io(System.out, System.err, System.console() != null && System.console().isTerminal(), -1, null, Authority.ANYONE);
    }

    boolean agent() { return session != null; }

    int columns() { return width >= 0 ? width : TerminalSize.columns(); }
}
