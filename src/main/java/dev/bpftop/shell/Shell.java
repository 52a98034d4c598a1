package dev.bpftop.shell;

import dev.bpftop.freeze.Confirmation;
import dev.bpftop.freeze.PlanRunner;
import dev.bpftop.render.Format;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Outcome;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import dev.bpftop.sql.StatementSplitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: `bpftop` with a terminal on standard input. It reads statements with
 * JLine (multi-line until `;`, history, completion, highlighting), runs each on a worker thread
 * that Ctrl-C cancels, and prints results fitted to the screen, through a pager when tall.
 */
public final class Shell implements Console, AutoCloseable {
    static final String PROMPT = "bpftop> ";

    /** Opens the live view for a WATCH on the shell's terminal until q (the live view sits above the shell). */
    @FunctionalInterface
    public interface LiveViewLauncher {
        void run(Statement.Watch watch, Terminal terminal, Cancel cancel) throws SqlError;
    }

    private final Session session;
    private final Terminal terminal;
    private final LineReader reader;
    private final Settings settings;
    private final DotCommands commands;
    private final Printer printer;
    private final QueryWorker worker;
    private final PlanRunner plans;
    private final LiveViewLauncher live;
    private boolean quit;

    private Shell(Session session, Terminal terminal, Format format, boolean headers, Map<String, String> env,
                  Function<Confirmation, PlanRunner> freeze, LiveViewLauncher live) throws IOException {
        this.session = session;
        this.terminal = terminal;
        boolean color = colors(terminal, env);
        settings = new Settings(format, headers);
        Catalog catalog = new Catalog(session);
        commands = new DotCommands(catalog);
        printer = new Printer(terminal, settings, new Pager(terminal, env), color);
        worker = new QueryWorker(terminal);
        this.live = live;
        LineReaderBuilder builder = LineReaderBuilder.builder();
        Path history = historyFile(env);
        try {
            Files.createDirectories(history.getParent());
            builder.variable(LineReader.HISTORY_FILE, history);
        } catch (IOException e) {
            // A read-only or missing home must not keep the shell from starting.
            printer.error("bpftop: history is not saved: cannot create " + history.getParent());
        }
        reader = builder
                .terminal(terminal)
                .appName("bpftop")
                .parser(new StatementParser())
                .completer(new SqlCompleter(catalog, commands, new ValueCompleter(session, catalog)))
                .highlighter(new SqlHighlighter(color))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P ...> ") // "%P " pads with spaces to the prompt's width
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // `!=` is SQL, not a history reference
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .build();
        // Ctrl-D on an empty line leaves, at the `...>` continuation prompt too, where JLine would
        // otherwise list completions because the buffer holds the lines before.
        org.jline.reader.Widget deleteOrList = reader.getWidgets().get(LineReader.DELETE_CHAR_OR_LIST);
        reader.getWidgets().put(LineReader.DELETE_CHAR_OR_LIST, () -> {
            org.jline.reader.Buffer buf = reader.getBuffer();
            String text = buf.toString();
            if (buf.cursor() == buf.length() && (text.isEmpty() || text.endsWith("\n"))) throw new EndOfFileException();
            return deleteOrList.apply();
        });
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            worker.prompt();
            return true;
        });
        plans = freeze.apply(Confirmation.asking(printer::message, this::ask));
    }

    /**
     * Runs the REPL until .quit or Ctrl-D; 0 always, since errors were shown and the shell went on.
     *
     * @param freeze makes what settles FREEZE/THAW plans, given the shell's way of asking "are you sure?"
     * @param live opens the live view for WATCH
     */
    public static int run(Session session, Format format, boolean headers, Function<Confirmation, PlanRunner> freeze, LiveViewLauncher live)
            throws IOException {
        Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .name("bpftop")
                .providers("ffm,exec")
                .jni(false).jansi(false).jna(false) // else loaded all the same (see LiveCommand)
                .nativeSignals(true)
                .build();
        try (Shell shell = new Shell(session, terminal, format, headers, System.getenv(), freeze, live)) {
            shell.loop();
        }
        return 0;
    }

    private void loop() {
        printer.message("bpftop: SQL over live processes. Statements end with ';'. Type .help for commands, Ctrl-D to leave.");
        while (!quit) {
            String input;
            try {
                input = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt drops the line being typed
            } catch (EndOfFileException e) {
                break;
            }
            if (worker.entered()) {
                // The interrupt can cost JLine's write of the line's newline: start the next output on a line of its own.
                terminal.writer().println();
            }
            handle(input);
        }
    }

    /** One accepted input: a dot-command, or one or more statements. */
    private void handle(String input) {
        if (isQuit(input.strip())) {
            quit();
            return;
        }
        if (input.strip().startsWith(".")) {
            commands.run(input.strip(), this);
            return;
        }
        for (String statement : StatementSplitter.split(input)) {
            if (!statement(statement)) return;
        }
    }

    /** @return false when the statement failed or was canceled, so the rest of the input is dropped */
    private boolean statement(String sql) {
        try {
            Statement statement = Grammar.parse(sql);
            switch (worker.run(cancel -> session.run(statement, cancel))) {
                case Outcome.Rows rows -> printer.result(rows.result());
                case Outcome.Streamed streamed -> throw new IllegalStateException("the shell holds its rows: it pages them");
                // Asked and applied on the worker too: Ctrl-C at the question says no, and stops a freeze that waits.
                case Outcome.Planned planned -> printer.result(worker.run(cancel -> plans.settle(planned.plan())));
                case Outcome.Live watch -> {
                    if (worker.line().requested()) throw new QueryWorker.Canceled();
                    live.run(watch.watch(), terminal, worker.line());
                    if (worker.line().requested()) throw new QueryWorker.Canceled();
                }
            }
            return true;
        } catch (SqlError e) {
            printer.error(sql, e);
        } catch (QueryWorker.Canceled e) {
            printer.error("canceled");
        } catch (IOException e) {
            printer.error("error: " + e.getMessage());
        }
        return false;
    }

    @Override
    public void result(QueryResult r) throws IOException { printer.result(r); }

    /** A yes/no question (FREEZE's plan), asked on the worker thread; null at Ctrl-C or Ctrl-D. */
    private String ask(String prompt) {
        LineReader plain = LineReaderBuilder.builder().terminal(terminal).variable(LineReader.DISABLE_HISTORY, true).build();
        try {
            return plain.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    /** `quit` or `exit` alone, without `;`: what people type first when they want out. */
    static boolean isQuit(String line) {
        return line.equalsIgnoreCase("quit") || line.equalsIgnoreCase("exit");
    }

    /** $XDG_STATE_HOME/bpftop/history, else ~/.local/state/bpftop/history. */
    static Path historyFile(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("bpftop").resolve("history");
    }

    /** Colors unless NO_COLOR is set (https://no-color.org) or the terminal cannot show them. */
    static boolean colors(Terminal terminal, Map<String, String> env) {
        String no = env.get("NO_COLOR");
        if (no != null && !no.isEmpty()) return false;
        return !Terminal.TYPE_DUMB.equals(terminal.getType());
    }

    @Override
    public Session session() { return session; }

    @Override
    public Settings settings() { return settings; }

    @Override
    public void message(String text) { printer.message(text); }

    @Override
    public void error(String text) { printer.error(text); }

    @Override
    public void sql(String text) { handle(text); }

    @Override
    public void quit() { quit = true; }

    @Override
    public boolean done() { return quit; }

    @Override
    public void close() throws IOException {
        worker.close();
        settings.close();
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }
}
