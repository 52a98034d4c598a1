package dev.bpftop.live;

import dev.bpftop.collect.Task;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import java.io.IOError;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.keymap.BindingReader;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen live table: re-runs one prepared query every interval and lets a person sort,
 * filter, search, walk the tree, signal, freeze and thaw with htop's keys. One thread: a tick, a
 * redraw, then keys until the next tick is due.
 */
public final class LiveView {
    static {
        // Draw the tree with its UTF-8 glyphs rather than the VT100 line-drawing charset: they
        // survive copy and paste and tmux's capture-pane. Read once, when JLine's AttributedCharSequence loads.
        System.setProperty("org.jline.utils.disableAlternateCharset", "true");
    }

    private enum Mode { NORMAL, SEARCH, FILTER, EDIT, SIGNAL, FREEZE, HELP }

    private final Session session;
    private final Terminal terminal;
    private final Duration interval;
    private final Palette palette = Palette.fromEnvironment();
    private final Header header = new Header(palette);
    private final FreezeActions freezing;
    private final ViewState state = new ViewState();
    private final DefaultView defaults;
    private final AtomicBoolean resized = new AtomicBoolean(true);
    private final AtomicBoolean quit = new AtomicBoolean();

    private String query;
    private Session.Prepared prepared;
    private Grid grid;
    private QueryResult result;
    private Snapshot snapshot;
    private List<Grid.Line> lines = List.of();
    private long tickNumber;
    private long renderNs;
    private Display display;
    private Mode mode = Mode.NORMAL;
    private LineInput input;
    private int dialogChoice;
    private FreezeActions.Proposal proposal;
    private String message;
    private boolean messageIsError;

    private LiveView(Session session, Terminal terminal, Duration interval, String query, DefaultView defaults) {
        this.session = session;
        this.terminal = terminal;
        this.interval = interval;
        this.query = query;
        this.defaults = defaults;
        this.freezing = new FreezeActions(session);
    }

    /** Runs a WATCH statement until the person quits; the entry point for the REPL and -e. */
    public static void run(Session session, Terminal terminal, Statement.Watch watch, Cancel cancel) throws SqlError {
        new LiveView(session, terminal, watch.interval(), watch.query(), null).loop(cancel);
    }

    /** The htop-like default view over processes: {@code -d}, {@code -t} and {@code -u} set it up. */
    public static void runDefault(Session session, Terminal terminal, Duration interval, boolean tree, String user) throws SqlError {
        DefaultView defaults = new DefaultView(session, user);
        LiveView view = new LiveView(session, terminal, interval, defaults.query(), defaults);
        view.state.tree = tree;
        view.loop(new Cancel());
    }

    /** @param cancel a Ctrl-C after Enter that came before this view took the terminal's Ctrl-C: leave at once */
    private void loop(Cancel cancel) throws SqlError {
        prepared = session.prepare(query); // a bad query fails here, before the screen changes
        Terminal.SignalHandler oldWinch = terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
        Terminal.SignalHandler oldInt = terminal.handle(Terminal.Signal.INT, s -> quit.set(true));
        if (cancel.requested()) quit.set(true);
        BindingReader reader = new BindingReader(terminal.reader());
        Keys keys = new Keys(terminal);
        try (TerminalGuard guard = quit.get() ? null : new TerminalGuard(terminal)) { // no screen to switch to when leaving at once
            display = new Display(terminal, true);
            long next = System.nanoTime();
            while (!quit.get()) {
                long now = System.nanoTime();
                if (now >= next) {
                    tick();
                    next = Math.max(next + interval.toNanos(), System.nanoTime());
                    draw();
                }
                long waitMs = Math.max(1, (next - System.nanoTime()) / 1_000_000);
                int c = reader.peekCharacter(Math.min(waitMs, 250)); // wake now and then to notice a resize
                if (c == NonBlockingReader.EOF) break;
                if (c != NonBlockingReader.READ_EXPIRED) {
                    Keys.Op op = reader.readBinding(prompting() ? keys.input : keys.main, null, true);
                    if (op != null) handle(op, reader.getLastBinding());
                    draw();
                } else if (resized.get()) {
                    draw();
                }
            }
        } catch (IOError | UncheckedIOException e) {
            // The terminal went away: nothing left to draw on.
        } finally {
            terminal.handle(Terminal.Signal.WINCH, oldWinch);
            terminal.handle(Terminal.Signal.INT, oldInt);
            try {
                prepared.close();
            } catch (Exception e) {
                // closing a statement on the way out cannot be helped
            }
        }
    }

    /** The search, filter and edit prompts read text, not commands. */
    private boolean prompting() { return mode == Mode.SEARCH || mode == Mode.FILTER || mode == Mode.EDIT; }

    private void tick() {
        QueryResult r;
        try {
            r = prepared.run();
        } catch (SqlError e) {
            flash(e.oneLine(), true);
            return;
        }
        snapshot = session.snapshot();
        header.update(snapshot);
        freezing.newTick();
        if (grid == null || !grid.sameColumns(r.columns())) {
            boolean defaultView = defaults != null && query.equals(defaults.query());
            grid = new Grid(r.columns(), r.jdbcTypes(), defaultView);
            state.sortColumn = defaultView ? grid.index("cpu_pct") : -1;
            state.descending = true;
        }
        result = r;
        tickNumber++;
        arrange();
    }

    /** Rebuilds the visible order from the last result and keeps the selected pid selected. */
    private void arrange() {
        if (result == null) return;
        lines = grid.arrange(result, state);
        if (state.selectedPid != null) {
            for (int i = 0; i < lines.size(); i++) {
                if (state.selectedPid.equals(grid.pidOf(lines.get(i).row()))) {
                    state.selected = i;
                    return;
                }
            }
        }
        select(state.selected);
    }

    private void select(int index) {
        state.selected = Math.max(0, Math.min(index, lines.size() - 1));
        state.selectedPid = lines.isEmpty() ? null : grid.pidOf(lines.get(state.selected).row());
    }

    // ---------------------------------------------------------------- keys

    private void handle(Keys.Op op, String typed) {
        switch (mode) {
            case SEARCH, FILTER, EDIT -> handleInput(op, typed);
            case SIGNAL -> handleDialog(op, Signals.ALL.size(), () -> {
                Integer pid = selectedPid();
                if (pid == null) return;
                Signals.Sig sig = Signals.ALL.get(dialogChoice);
                String err = Signals.send(pid, sig);
                flash(err != null ? err : "sent " + sig.name() + " to " + pid, err != null);
            });
            case FREEZE -> handleDialog(op, 1, () -> apply(() -> freezing.apply(proposal)));
            case HELP -> mode = Mode.NORMAL;
            case NORMAL -> handleNormal(op);
        }
    }

    private void handleNormal(Keys.Op op) {
        message = null;
        int page = Math.max(1, bodyHeight() - 1);
        switch (op) {
            case UP -> select(state.selected - 1);
            case DOWN -> select(state.selected + 1);
            case PAGE_UP -> select(state.selected - page);
            case PAGE_DOWN -> select(state.selected + page);
            case HOME -> select(0);
            case END -> select(lines.size() - 1);
            case SORT_CPU -> sortBy("cpu_pct");
            case SORT_MEM -> sortBy(grid != null && grid.index("mem_pct") >= 0 ? "mem_pct" : "rss");
            case SORT_TIME -> sortBy("cpu_time");
            case SORT_PREVIOUS -> moveSort(-1);
            case SORT_NEXT -> moveSort(1);
            case INVERT -> { state.descending = !state.descending; arrange(); }
            case TREE -> toggleTree();
            case SEARCH -> { mode = Mode.SEARCH; input = new LineInput("Search: ", ""); }
            case NEXT_MATCH -> searchFrom(state.selected + 1);
            case FILTER -> { mode = Mode.FILTER; input = new LineInput("Filter: ", state.filter); }
            case EDIT -> { mode = Mode.EDIT; input = new LineInput("SQL: ", query); }
            case THREADS -> toggleDefault(true);
            case KERNEL -> toggleDefault(false);
            case SIGNAL -> { if (selectedPid() != null) { mode = Mode.SIGNAL; dialogChoice = 0; } }
            case FREEZE -> propose(true);
            case THAW -> propose(false);
            case THAW_NOW -> {
                Integer pid = selectedPid();
                if (pid != null) apply(() -> freezing.thawNow(pid));
            }
            case HELP -> mode = Mode.HELP;
            case QUIT -> quit.set(true);
            case ESCAPE -> { if (!state.filter.isEmpty()) { state.filter = ""; arrange(); } }
            default -> { }
        }
    }

    private void handleInput(Keys.Op op, String typed) {
        switch (op) {
            case ENTER -> { finishInput(); return; }
            case ESCAPE -> {
                if (mode == Mode.FILTER) { state.filter = ""; arrange(); }
                mode = Mode.NORMAL;
                return;
            }
            case BACKSPACE -> input.backspace();
            case LEFT -> input.left();
            case RIGHT -> input.right();
            case HOME -> input.home();
            case END -> input.end();
            case KILL_LINE -> input.clear();
            case TEXT -> input.insert(typed);
            default -> { }
        }
        // Search and filter follow each keystroke, as in htop.
        if (mode == Mode.SEARCH) { state.search = input.text(); searchFrom(state.selected); }
        if (mode == Mode.FILTER) { state.filter = input.text(); arrange(); }
    }

    private void finishInput() {
        if (mode == Mode.EDIT) {
            String sql = input.text().strip();
            try {
                Session.Prepared p = session.prepare(sql);
                closeQuietly(prepared);
                prepared = p;
                query = sql;
                if (defaults != null && !sql.equals(defaults.query())) {
                    flash("edited query: H and K now leave it as it is", false);
                }
                grid = null;
                tick();
            } catch (SqlError e) {
                flash(e.oneLine(), true); // stay in the editor with the text, so it can be fixed
                return;
            }
        }
        mode = Mode.NORMAL;
    }

    private void handleDialog(Keys.Op op, int choices, Runnable confirm) {
        switch (op) {
            case UP -> dialogChoice = Math.max(0, dialogChoice - 1);
            case DOWN -> dialogChoice = Math.min(choices - 1, dialogChoice + 1);
            case ENTER -> { mode = Mode.NORMAL; confirm.run(); }
            case ESCAPE, QUIT -> mode = Mode.NORMAL;
            default -> { }
        }
    }

    private void sortBy(String column) {
        int i = grid == null ? -1 : grid.index(column);
        if (i < 0) { flash("no " + column + " column in this query", true); return; }
        state.sortColumn = i;
        state.descending = true; // busiest first, as in htop; I inverts

        arrange();
    }

    private void moveSort(int step) {
        if (grid == null) return;
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) if (!grid.specs[i].hidden()) shown.add(i);
        int at = shown.indexOf(state.sortColumn);
        int next = at < 0 ? (step > 0 ? 0 : shown.size() - 1) : Math.floorMod(at + step, shown.size());
        state.sortColumn = shown.get(next);
        state.descending = grid.numeric[state.sortColumn];
        arrange();
    }

    private void toggleTree() {
        if (grid == null || grid.pid < 0 || grid.ppid < 0) { flash("the tree needs pid and ppid columns", true); return; }
        state.tree = !state.tree;
        arrange();
    }

    private void toggleDefault(boolean threads) {
        if (defaults == null || !query.equals(defaults.query())) {
            flash((threads ? "H" : "K") + " changes the default view; edit this query (e) instead", true);
            return;
        }
        if (threads) defaults.threads = !defaults.threads;
        else defaults.kernelThreads = !defaults.kernelThreads;
        try {
            Session.Prepared p = session.prepare(defaults.query());
            closeQuietly(prepared);
            prepared = p;
            query = defaults.query();
            tick();
        } catch (SqlError e) {
            flash(e.oneLine(), true);
        }
    }

    private void searchFrom(int start) {
        if (state.search.isEmpty() || lines.isEmpty()) return;
        String needle = state.search.toLowerCase(java.util.Locale.ROOT);
        for (int k = 0; k < lines.size(); k++) {
            int i = (start + k) % lines.size();
            if (grid.matches(lines.get(i).row(), needle)) { select(i); return; }
        }
    }

    private Integer selectedPid() {
        if (lines.isEmpty() || grid == null) return null;
        Integer pid = grid.pidOf(lines.get(state.selected).row());
        if (pid == null) flash("this query has no pid column", true);
        return pid;
    }

    /** The dialog shows the FREEZE/THAW plan; a refusal (bpftop's own cgroup, pid 1, not frozen…) is the message instead. */
    private void propose(boolean freeze) {
        Integer pid = selectedPid();
        if (pid == null) return;
        try {
            proposal = freezing.propose(freeze, pid);
            mode = Mode.FREEZE;
            dialogChoice = 0;
        } catch (SqlError e) {
            flash(e.getMessage(), true);
        }
    }

    private void apply(FreezeActions.Act act) {
        try {
            flash(act.run(), false);
        } catch (SqlError e) {
            flash(e.getMessage(), true);
        }
    }

    private void flash(String text, boolean error) {
        message = sanitized(text); // names processes and paths as they are
        messageIsError = error;
    }

    // ---------------------------------------------------------------- drawing

    private int headerHeight;
    private int lastRows, lastCols;

    private int bodyHeight() {
        return Math.max(1, terminal.getSize().getRows() - headerHeight - 2);
    }

    private void draw() {
        long t0 = System.nanoTime();
        Size size = terminal.getSize();
        int rows = Math.max(3, size.getRows()), cols = Math.max(20, size.getColumns());
        // SIGWINCH may arrive after the size changed: a size unlike the last frame's is a resize too.
        if (resized.getAndSet(false) || rows != lastRows || cols != lastCols) {
            lastRows = rows;
            lastCols = cols;
            display.clear();
            display.resize(rows, cols);
        }
        List<AttributedString> screen = new ArrayList<>(rows);
        if (snapshot != null) {
            int kthreads = 0, threads = 0;
            for (Task t : snapshot.processes()) {
                if (t.kernelThread) kthreads++;
                else threads += t.threads; // from stat, so the count holds when the query skips the threads walk
            }
            screen.addAll(header.lines(snapshot, snapshot.processes().size() - kthreads, threads, kthreads,
                    new Header.Tick(tickNumber, result == null ? 0 : result.timings().collectNs(),
                            result == null ? 0 : result.timings().queryNs(), renderNs), cols));
        }
        headerHeight = Math.min(screen.size(), rows - 3);
        while (screen.size() > headerHeight) screen.remove(screen.size() - 1);
        int body = rows - headerHeight - 2;
        if (state.selected < state.top) state.top = state.selected;
        if (state.selected >= state.top + body) state.top = state.selected - body + 1;
        state.top = Math.max(0, Math.min(state.top, Math.max(0, lines.size() - body)));
        List<Grid.Line> visible = lines.subList(Math.min(state.top, lines.size()), Math.min(lines.size(), state.top + body));
        if (grid != null) {
            Layout layout = Layout.fit(grid, visible, cols);
            screen.add(columnHeader(layout, cols));
            for (int k = 0; k < visible.size(); k++) screen.add(row(layout, visible.get(k), state.top + k == state.selected, cols));
        }
        while (screen.size() < rows - 1) screen.add(AttributedString.EMPTY);
        if (mode == Mode.SIGNAL || mode == Mode.FREEZE || mode == Mode.HELP) overlay(screen, dialog(), cols, headerHeight + 1);
        int cursor = -1;
        AttributedString footer;
        if (prompting()) {
            String text = input.label + input.text();
            int at = input.label.length() + input.cursor();
            int from = Math.max(0, at - cols + 1);
            footer = new AttributedString(text.substring(Math.min(from, text.length())), palette.footer());
            cursor = size.cursorPos(rows - 1, at - from);
            if (message != null && messageIsError) screen.set(rows - 2, new AttributedString(clip(message, cols), palette.error()));
        } else {
            footer = footer(cols);
        }
        screen.add(footer.columnSubSequence(0, Math.min(footer.columnLength(), cols - 1)));
        // A line wider than the terminal would wrap and shift every line below it.
        for (int i = 0; i < screen.size(); i++) {
            if (screen.get(i).columnLength() > cols) screen.set(i, screen.get(i).columnSubSequence(0, cols));
        }
        terminal.puts(cursor >= 0 ? org.jline.utils.InfoCmp.Capability.cursor_visible : org.jline.utils.InfoCmp.Capability.cursor_invisible);
        display.update(screen, cursor >= 0 ? cursor : size.cursorPos(rows - 1, 0));
        terminal.flush();
        renderNs = System.nanoTime() - t0;
    }

    private AttributedString columnHeader(Layout layout, int cols) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        for (int k = 0; k < layout.columns().length; k++) {
            int i = layout.columns()[k];
            if (k > 0) sb.style(palette.columnHeader()).append(" ");
            ColumnSpec spec = grid.specs[i];
            String h = spec.header();
            if (i == state.sortColumn) h = state.descending ? h + "▼" : h + "▲";
            sb.style(i == state.sortColumn ? palette.sortedHeader() : palette.columnHeader());
            sb.append(pad(h, layout.widths()[k], spec.rightAligned(grid.numeric[i]) && i != layout.flexible()));
        }
        sb.style(palette.columnHeader());
        while (sb.columnLength() < cols) sb.append(" ");
        return sb.toAttributedString().columnSubSequence(0, cols);
    }

    private AttributedString row(Layout layout, Grid.Line line, boolean selected, int cols) {
        Object[] r = line.row();
        AttributedStyle base = selected ? palette.selected() : isFrozen(r) ? palette.frozen() : palette.row();
        AttributedStringBuilder sb = new AttributedStringBuilder();
        sb.style(base);
        for (int k = 0; k < layout.columns().length; k++) {
            int i = layout.columns()[k];
            if (k > 0) sb.append(" ");
            ColumnSpec spec = grid.specs[i];
            int w = layout.widths()[k];
            if (i == layout.flexible()) {
                String text = spec.kind() == ColumnSpec.Kind.COMMAND ? Objects.toString(sanitized(grid.commandOf(r)), "") : spec.format(r[i]);
                if (!line.branch().isEmpty()) {
                    sb.style(selected ? base : palette.tree()).append(clip(line.branch(), w)).style(base);
                    w = Math.max(0, w - line.branch().length());
                }
                sb.append(clip(text, w));
            } else {
                sb.append(pad(spec.format(r[i]), w, spec.rightAligned(grid.numeric[i])));
            }
        }
        if (selected) while (sb.columnLength() < cols) sb.append(" ");
        AttributedString s = sb.toAttributedString();
        return s.columnLength() > cols ? s.columnSubSequence(0, cols) : s;
    }

    private boolean isFrozen(Object[] r) {
        if (grid.frozen >= 0) return Boolean.TRUE.equals(r[grid.frozen]);
        Integer pid = grid.pidOf(r);
        return pid != null && freezing.frozen(pid);
    }

    private AttributedString footer(int cols) {
        if (message != null) return new AttributedString(clip(message, cols - 1), messageIsError ? palette.error() : palette.footer());
        AttributedStringBuilder sb = new AttributedStringBuilder();
        String[][] keys = {{"?", "Help"}, {"/", "Search"}, {"\\", "Filter"}, {"t", "Tree"}, {"P/M/T", "Sort"}, {"<>", "Column"},
                {"x", "Kill"}, {"f", "Freeze"}, {"u", "Thaw"}, {"e", "Edit"}, {"q", "Quit"}};
        for (String[] k : keys) sb.styled(palette.footerKey(), k[0]).styled(palette.footer(), k[1] + " ");
        if (!state.filter.isEmpty()) sb.styled(palette.footerKey(), "filter").append(" " + sanitized(state.filter));
        return sb.toAttributedString();
    }

    private List<AttributedString> dialog() {
        List<AttributedString> box = new ArrayList<>();
        switch (mode) {
            case SIGNAL -> {
                box.add(new AttributedString(" Send signal to " + selectedPidText() + " ", palette.dialog()));
                for (int i = 0; i < Signals.ALL.size(); i++) {
                    box.add(new AttributedString(" " + Signals.ALL.get(i).label() + " ", i == dialogChoice ? palette.dialogSelected() : palette.dialog()));
                }
                box.add(new AttributedString(" Enter: send  Esc: cancel ", palette.dialog()));
            }
            case FREEZE -> {
                box.add(new AttributedString(" " + proposal.title() + " ", palette.dialog()));
                int room = Math.max(1, terminal.getSize().getRows() - headerHeight - 6);
                List<String> plan = proposal.lines();
                for (int i = 0; i < plan.size() && i < room; i++) box.add(new AttributedString(" " + clip(plan.get(i), 100) + " ", palette.dialog()));
                if (plan.size() > room) box.add(new AttributedString("  … and " + (plan.size() - room) + " more lines ", palette.dialog()));
                box.add(new AttributedString(" Enter: " + proposal.verb() + "  Esc: cancel ", palette.dialogSelected()));
            }
            default -> {
                for (String line : HELP) box.add(new AttributedString(" " + line + " ", palette.dialog()));
            }
        }
        int width = 0;
        for (AttributedString s : box) width = Math.max(width, s.columnLength());
        List<AttributedString> padded = new ArrayList<>();
        for (AttributedString s : box) {
            AttributedStringBuilder sb = new AttributedStringBuilder().append(s);
            sb.style(palette.dialog());
            while (sb.columnLength() < width) sb.append(" ");
            padded.add(sb.toAttributedString());
        }
        return padded;
    }

    private String selectedPidText() {
        Integer pid = lines.isEmpty() ? null : grid.pidOf(lines.get(state.selected).row());
        return pid == null ? "?" : pid + " " + clip(sanitized(grid.commandOf(lines.get(state.selected).row())), 30);
    }

    private static final String[] HELP = {
            "bpftop live view keys",
            "",
            "Up/Down j/k PgUp/PgDn Home/End   move",
            "P M T        sort by CPU%, MEM%, TIME+ (largest first)",
            "< >          sort by the previous / next column",
            "I            invert the sort order",
            "t            tree view (by pid / ppid)",
            "/  n         search, next match      \\  filter rows",
            "H            threads                 K  kernel threads",
            "x F9         send a signal to the selected process",
            "f            freeze the selected process (FREEZE PID)",
            "u  U         thaw (asks first) / thaw at once",
            "e            edit the query",
            "q F10        quit",
            "",
            "any key closes this help"};

    private static void overlay(List<AttributedString> screen, List<AttributedString> box, int cols, int top) {
        if (box.isEmpty()) return;
        int width = Math.min(cols, box.get(0).columnLength());
        int left = Math.max(0, (cols - width) / 2);
        for (int i = 0; i < box.size() && top + i < screen.size(); i++) {
            AttributedStringBuilder sb = new AttributedStringBuilder();
            AttributedString under = screen.get(top + i);
            sb.append(under.columnSubSequence(0, Math.min(left, under.columnLength())));
            while (sb.columnLength() < left) sb.append(" ");
            sb.append(box.get(i).columnSubSequence(0, Math.min(width, box.get(i).columnLength())));
            if (under.columnLength() > left + width) sb.append(under.columnSubSequence(left + width, under.columnLength()));
            screen.set(top + i, sb.toAttributedString());
        }
    }

    private static String sanitized(String s) { return dev.bpftop.render.Sanitizer.forTerminal(s); }

    private static String pad(String s, int width, boolean right) {
        s = clip(s, width);
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String clip(String s, int width) {
        if (s == null) return "";
        if (s.length() <= width) return s;
        return width <= 0 ? "" : s.substring(0, width);
    }

    private static void closeQuietly(Session.Prepared p) {
        try {
            p.close();
        } catch (Exception e) {
            // the old statement is replaced either way
        }
    }
}
