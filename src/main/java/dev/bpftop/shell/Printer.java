package dev.bpftop.shell;

import dev.bpftop.render.Renderer;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.render.TableRenderer;
import dev.bpftop.render.Format;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.SqlError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Locale;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/** Writes results, timings, messages and errors (with a caret under the position) for the REPL. */
final class Printer {
    private static final AttributedStyle ERROR = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    private static final AttributedStyle FAINT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT | AttributedStyle.BLACK);

    private final Terminal terminal;
    private final Settings settings;
    private final Pager pager;
    private final boolean color;

    Printer(Terminal terminal, Settings settings, Pager pager, boolean color) {
        this.terminal = terminal;
        this.settings = settings;
        this.pager = pager;
        this.color = color;
    }

    /** A result in the current format: to the `.output` file, or fitted to the screen and paged. */
    void result(QueryResult r) throws IOException {
        Writer file = settings.output();
        if (file != null) {
            renderer(Integer.MAX_VALUE).render(r, file, settings.headers, false);
            file.flush();
        } else {
            StringWriter sw = new StringWriter();
            renderer(terminal.getWidth()).render(r, sw, settings.headers, true);
            String text = sw.toString();
            if (!pager.needed(text.lines().count()) || !pager.page(text)) {
                terminal.writer().print(text);
            }
        }
        if (settings.timer) timings(r.timings());
        terminal.flush();
    }

    private Renderer renderer(int width) {
        return settings.format == Format.TABLE ? new TableRenderer(width > 0 ? width : Integer.MAX_VALUE) : settings.format.renderer();
    }

    /** Collection (the snapshot) and query (plan, run, fetch) apart, as `.timer on` promises. */
    private void timings(QueryResult.Timings t) {
        line(timing(t), FAINT);
    }

    static String timing(QueryResult.Timings t) {
        return String.format(Locale.ROOT, "Run Time: collect %.1f ms, query %.1f ms", t.collectNs() / 1e6, t.queryNs() / 1e6);
    }

    void message(String text) {
        line(text, AttributedStyle.DEFAULT);
        terminal.flush();
    }

    /** A mistake; its text may name processes and paths as they are, so it is made safe here, once. */
    void error(String text) {
        line(Sanitizer.forTerminal(text), ERROR);
        terminal.flush();
    }

    /** The error, then the statement's offending line with a caret under the column. */
    void error(String statement, SqlError e) {
        line(Sanitizer.forTerminal(e.oneLine()), ERROR);
        String[] lines = statement.split("\n", -1);
        if (e.line() >= 1 && e.line() <= lines.length) {
            String source = Sanitizer.forTerminal(lines[e.line() - 1].replace('\t', ' '));
            int col = Math.max(0, Math.min(e.column() - 1, source.length()));
            line("  " + source, AttributedStyle.DEFAULT);
            line("  " + " ".repeat(col) + "^", ERROR);
        }
        terminal.flush();
    }

    private void line(String text, AttributedStyle style) {
        PrintWriter w = terminal.writer();
        w.println(color ? new AttributedString(text, style).toAnsi(terminal) : text);
    }
}
