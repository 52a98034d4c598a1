package dev.bpftop.shell;

import dev.bpftop.freeze.PlanRunner;
import dev.bpftop.render.Format;
import dev.bpftop.render.Renderer;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.render.StreamingRenderer;
import dev.bpftop.render.TableRenderer;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Outcome;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import dev.bpftop.sql.StatementSplitter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;

/**
 * The non-interactive front end (-e, -f, piped input): runs statements and, in scripts, the
 * shell's dot-commands; no prompt, color or pager. It stops at the first error, shown in one line.
 */
public final class StatementRunner implements Console, AutoCloseable {
    /** Opens the live view for a WATCH on the system terminal. @return its exit status */
    @FunctionalInterface
    public interface Takeover {
        int run(Statement.Watch watch);
    }

    private final Session session;
    private final Writer out;
    private final PrintStream err;
    private final Settings settings;
    private final boolean toTerminal;
    private final Takeover takeover;
    private final PlanRunner plans;
    private final DotCommands commands;
    private int width = Integer.MAX_VALUE;
    private boolean quit;
    private int status;

    public StatementRunner(Session session, Writer out, PrintStream err, Format format, boolean header, boolean toTerminal,
                           PlanRunner plans, Takeover takeover) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.settings = new Settings(format, header);
        this.toTerminal = toTerminal;
        this.takeover = takeover;
        this.plans = plans;
        this.commands = new DotCommands(new Catalog(session));
    }

    /** Terminal width the table format fits rows into; unlimited by default. */
    public void width(int columns) { width = columns > 0 ? columns : Integer.MAX_VALUE; }

    /** One statement (-e); nothing after a failure. */
    public void run(String statement) {
        if (status == 0) statement(statement);
    }

    /** A script (-f, piped input): dot-commands on their own lines, statements ending with ';'. */
    public void script(String text) {
        if (status == 0) Script.run(text, commands, this);
    }

    /** 0, or the exit status of the first failure. */
    public int status() { return status; }

    private void statement(String sql) {
        Cancel cancel = new Cancel();
        RowStream stream = stream(cancel);
        try {
            switch (session.run(Grammar.parse(sql), cancel, stream)) {
                case Outcome.Rows rows -> result(rows.result());
                case Outcome.Streamed streamed -> {
                    stream.end();
                    done(streamed.timings());
                }
                case Outcome.Planned planned -> result(plans.settle(planned.plan()));
                case Outcome.Live live -> {
                    out.flush();
                    int code = takeover.run(live.watch());
                    if (code != 0) status = code;
                }
            }
        } catch (SqlError e) {
            IOException failure = stopped(stream);
            error(failure != null ? "bpftop: " + failure.getMessage() : e.oneLine());
        } catch (IOException e) {
            stopped(stream);
            error("bpftop: " + e.getMessage());
        }
    }

    /**
     * Where a query's rows go as they come, in a format that needs no later row to write one (all
     * but the table); null for the table, whose widths need every row first.
     */
    private RowStream stream(Cancel cancel) {
        if (!(renderer() instanceof StreamingRenderer format)) return null;
        Writer file = settings.output();
        return new RowStream(format, file != null ? file : out, settings.headers, file == null && toTerminal, cancel);
    }

    /** Stops a failed statement's rows before its error line is written; why writing failed, if it did. */
    private static IOException stopped(RowStream stream) {
        if (stream == null) return null;
        try {
            stream.stop();
        } catch (IOException e) {
            // the error line says what the statement did; stdout is gone either way
        }
        return stream.failure();
    }

    @Override
    public void result(QueryResult r) throws IOException {
        Writer file = settings.output();
        renderer().render(r, file != null ? file : out, settings.headers, file == null && toTerminal);
        done(r.timings());
    }

    private Renderer renderer() {
        Writer file = settings.output();
        return settings.format == Format.TABLE ? new TableRenderer(file != null ? Integer.MAX_VALUE : width) : settings.format.renderer();
    }

    /** After a result: its timings when `.timer` is on (on the screen, not in the file, as the shell), and the file flushed. */
    private void done(QueryResult.Timings timings) throws IOException {
        if (settings.timer) out.write(Printer.timing(timings) + System.lineSeparator());
        Writer file = settings.output();
        if (file != null) file.flush();
    }

    @Override
    public Session session() { return session; }

    @Override
    public Settings settings() { return settings; }

    @Override
    public void message(String text) {
        try {
            out.write(text + System.lineSeparator());
        } catch (IOException e) {
            error("bpftop: " + e.getMessage());
        }
    }

    /**
     * One line on stderr, after what came before it on stdout; the run then stops with status 1. The
     * text may name processes and paths as they are: it is made safe here, once.
     */
    @Override
    public void error(String text) {
        try {
            out.flush();
        } catch (IOException ignored) {
            // stdout is gone; the error still belongs on stderr
        }
        err.println(Sanitizer.forTerminal(text));
        status = 1;
    }

    @Override
    public void sql(String text) {
        for (String statement : StatementSplitter.split(text)) {
            statement(statement);
            if (status != 0) return;
        }
    }

    @Override
    public void quit() { quit = true; }

    @Override
    public boolean done() { return quit || status != 0; }

    /** Closes a `.output` file. */
    @Override
    public void close() throws IOException {
        settings.close();
    }
}
