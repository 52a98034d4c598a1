package dev.bpftop.agent;

import dev.bpftop.freeze.Authority;
import dev.bpftop.sql.Session;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Runs one client's command line on a warm session, exactly as a standalone run would, writing
 * to the client's streams. The command-line front end provides it, so both share one code path.
 */
@FunctionalInterface
public interface Handler {
    /** Returned when the request needs what only a standalone run does (a terminal UI, a file, stdin). */
    int FALLBACK = -1;

    /**
     * @return the exit status, or {@link #FALLBACK} before anything was written
     */
    int handle(Request request, Session session, Authority authority, OutputStream out, PrintStream err);
}
