package dev.bpftop.shell;

import dev.bpftop.render.Format;
import dev.bpftop.render.Renderer;
import dev.bpftop.render.TableRenderer;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;

/** Runs statements one after another and renders each result; stops at the first error. */
public final class StatementRunner {
    private final Session session;
    private final Writer out;
    private final PrintStream err;
    private Format format;
    private int width = Integer.MAX_VALUE;
    private boolean header;
    private final boolean toTerminal;

    public StatementRunner(Session session, Writer out, PrintStream err, Format format, boolean header, boolean toTerminal) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.format = format;
        this.header = header;
        this.toTerminal = toTerminal;
    }

    public void format(Format f) { format = f; }

    public void header(boolean on) { header = on; }

    /** Terminal width the table format fits rows into; unlimited by default. */
    public void width(int columns) { width = columns > 0 ? columns : Integer.MAX_VALUE; }

    /** @return true when it ran; false after printing the one-line error. */
    public boolean run(String statement) throws IOException {
        try {
            QueryResult r = session.execute(statement);
            Renderer renderer = format == Format.TABLE ? new TableRenderer(width) : format.renderer();
            renderer.render(r, out, header, toTerminal);
            return true;
        } catch (SqlError e) {
            err.println(e.oneLine());
            return false;
        }
    }
}
