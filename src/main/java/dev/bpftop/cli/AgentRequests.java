package dev.bpftop.cli;

import dev.bpftop.agent.Handler;
import dev.bpftop.agent.Request;
import dev.bpftop.freeze.Authority;
import dev.bpftop.render.Format;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import dev.bpftop.sql.StatementSplitter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * An agent client's command line, run by the same {@link Main} as a standalone run, on the agent's
 * session and the client's streams: output, error lines and exit status come out the same. What
 * needs this machine's terminal or files as the client (the shell, live views, WATCH, -f, piped
 * input), another backend, or a subcommand is handed back to the client to run standalone.
 */
final class AgentRequests implements Handler {
    private final CommandLines commandLines = new CommandLines();

    @Override
    public int handle(Request request, Session session, Authority authority, OutputStream out, PrintStream err) {
        String[] args = request.args().toArray(String[]::new);
        CommandLine cl = commandLines.take();
        if (!plain(cl, args)) {
            commandLines.give(cl);
            return FALLBACK;
        }
        int exit = Main.run(cl, new Io(out, err, request.terminal(), request.width(), session, authority), args);
        if (exit == 0 && !Thread.currentThread().isInterrupted()) commandLines.give(cl);
        return exit;
    }

    /** Arguments that are not a subcommand, --help or --version (a malformed line is plain: its error is the same here). */
    private static boolean plain(CommandLine cl, String[] args) {
        try {
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            return !parsed.hasSubcommand() && !parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested();
        } catch (CommandLine.ParameterException e) {
            return true;
        }
    }

    /** Main's one-liner for a client whose options checked out; {@link #FALLBACK} before anything is written. */
    static int oneLiner(Main m, Format fmt) throws IOException {
        if (m.file != null || m.watch != null || m.delay != null || m.tree || m.user != null || m.statements.isEmpty()
                || !m.backend.equals("auto") || m.noAgent || m.connect != null || m.hosts != null) {
            return FALLBACK;
        }
        List<String> todo = new ArrayList<>();
        for (String s : m.statements) todo.addAll(StatementSplitter.split(s));
        for (String s : todo) {
            try {
                if (Grammar.parse(s) instanceof Statement.Watch) return FALLBACK; // the live view takes the client's terminal
            } catch (SqlError e) {
                break; // the run stops at this error, as a standalone one does
            }
        }
        return m.runStatements(m.io().session(), fmt, todo, null);
    }
}
