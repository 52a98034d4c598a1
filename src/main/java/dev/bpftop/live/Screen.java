package dev.bpftop.live;

import dev.bpftop.render.HtopFormat;
import dev.bpftop.render.Sanitizer;
import dev.bpftop.sql.Display;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp.Capability;

/**
 * Paints one frame: the meters, the column header, the visible rows, an open dialog and the footer
 * (keys, a message, or the prompt with its cursor). Every line is cut to the terminal's width, so
 * nothing wraps.
 */
final class Screen {
    private final Terminal terminal;
    private final Palette palette;
    private final Header header;
    private final DialogBox dialogs;
    private final org.jline.utils.Display display;
    /** Set by SIGWINCH: the next frame starts from a cleared screen. */
    private final AtomicBoolean resized;
    private int headerHeight;
    private int lastRows, lastCols;
    private long renderNs;

    Screen(Terminal terminal, Palette palette, Header header, AtomicBoolean resized) {
        this.resized = resized;
        this.terminal = terminal;
        this.palette = palette;
        this.header = header;
        this.dialogs = new DialogBox(palette);
        this.display = new org.jline.utils.Display(terminal, true);
    }

    /** Rows of the table body, for PgUp and PgDn. */
    int bodyHeight() {
        return Math.max(1, terminal.getSize().getRows() - headerHeight - 2);
    }

    void draw(LiveQuery query, Rows rows, Modal modal, FreezeActions freezing) {
        long t0 = System.nanoTime();
        Size size = terminal.getSize();
        int height = Math.max(3, size.getRows()), cols = Math.max(20, size.getColumns());
        // SIGWINCH may arrive after the size changed: a size unlike the last frame's is a resize too.
        if (resized.getAndSet(false) || height != lastRows || cols != lastCols) {
            lastRows = height;
            lastCols = cols;
            display.clear();
            display.resize(height, cols);
        }
        List<AttributedString> screen = new ArrayList<>(height);
        if (query.frame() != null) screen.addAll(header.lines(query.frame(),
                new Header.Tick(query.ticks(), query.timings().collectNs(), query.timings().queryNs(), renderNs), cols));
        headerHeight = Math.min(screen.size(), height - 3);
        while (screen.size() > headerHeight) screen.remove(screen.size() - 1);
        int body = height - headerHeight - 2;
        ViewState state = rows.state;
        List<Grid.Line> lines = rows.lines();
        if (state.selected < state.top) state.top = state.selected;
        if (state.selected >= state.top + body) state.top = state.selected - body + 1;
        state.top = Math.max(0, Math.min(state.top, Math.max(0, lines.size() - body)));
        List<Grid.Line> visible = lines.subList(Math.min(state.top, lines.size()), Math.min(lines.size(), state.top + body));
        Grid grid = rows.grid();
        if (grid != null) {
            Layout layout = Layout.fit(grid, visible, cols);
            screen.add(columnHeader(grid, state, layout, cols));
            for (int k = 0; k < visible.size(); k++) {
                screen.add(row(grid, layout, visible.get(k), state.top + k == state.selected, query.replaying() ? null : freezing, cols));
            }
        }
        while (screen.size() < height - 1) screen.add(AttributedString.EMPTY);
        if (modal.dialogOpen()) {
            int room = Math.max(1, terminal.getSize().getRows() - headerHeight - 6);
            DialogBox.overlay(screen, dialogs.lines(modal, rows, room), cols, headerHeight + 1);
        }
        int cursor = -1;
        AttributedString footer;
        if (modal.prompting()) {
            LineInput input = modal.input();
            String text = input.label + input.text();
            int at = input.label.length() + input.cursor();
            int from = Math.max(0, at - cols + 1);
            footer = new AttributedString(text.substring(Math.min(from, text.length())), palette.footer());
            cursor = size.cursorPos(height - 1, at - from);
            if (modal.message() != null && modal.messageIsError()) screen.set(height - 2, new AttributedString(clip(modal.message(), cols), palette.error()));
        } else {
            footer = footer(modal, state, cols, query.replaying());
        }
        screen.add(footer.columnSubSequence(0, Math.min(footer.columnLength(), cols - 1)));
        // A line wider than the terminal would wrap and shift every line below it.
        for (int i = 0; i < screen.size(); i++) {
            if (screen.get(i).columnLength() > cols) screen.set(i, screen.get(i).columnSubSequence(0, cols));
        }
        terminal.puts(cursor >= 0 ? Capability.cursor_visible : Capability.cursor_invisible);
        display.update(screen, cursor >= 0 ? cursor : size.cursorPos(height - 1, 0));
        terminal.flush();
        renderNs = System.nanoTime() - t0;
    }

    private AttributedString columnHeader(Grid grid, ViewState state, Layout layout, int cols) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        for (int k = 0; k < layout.columns().length; k++) {
            int i = layout.columns()[k];
            if (k > 0) sb.style(palette.columnHeader()).append(" ");
            Display d = grid.displays[i];
            String h = d.header();
            if (i == state.sortColumn) h = state.descending ? h + "▼" : h + "▲";
            sb.style(i == state.sortColumn ? palette.sortedHeader() : palette.columnHeader());
            sb.append(pad(h, layout.widths()[k], d.kind().rightAligned() && i != layout.flexible()));
        }
        sb.style(palette.columnHeader());
        while (sb.columnLength() < cols) sb.append(" ");
        return sb.toAttributedString().columnSubSequence(0, cols);
    }

    private AttributedString row(Grid grid, Layout layout, Grid.Line line, boolean selected, FreezeActions freezing, int cols) {
        Object[] r = line.row();
        AttributedStyle base = selected ? palette.selected() : isFrozen(grid, r, freezing) ? palette.frozen() : palette.row();
        AttributedStringBuilder sb = new AttributedStringBuilder();
        sb.style(base);
        for (int k = 0; k < layout.columns().length; k++) {
            int i = layout.columns()[k];
            if (k > 0) sb.append(" ");
            Display d = grid.displays[i];
            int w = layout.widths()[k];
            if (i == layout.flexible()) {
                String text = d.kind() == Display.Kind.COMMAND ? Sanitizer.forTerminal(grid.commandOf(r)) : HtopFormat.cell(d.kind(), r[i]);
                if (!line.branch().isEmpty()) {
                    sb.style(selected ? base : palette.tree()).append(clip(line.branch(), w)).style(base);
                    w = Math.max(0, w - line.branch().length());
                }
                sb.append(clip(text, w));
            } else {
                sb.append(pad(HtopFormat.cell(d.kind(), r[i]), w, d.kind().rightAligned()));
            }
        }
        if (selected) while (sb.columnLength() < cols) sb.append(" ");
        AttributedString s = sb.toAttributedString();
        return s.columnLength() > cols ? s.columnSubSequence(0, cols) : s;
    }

    /**
     * By the frozen column when the query has one; else asked of the cgroup, for the rows on screen
     * only, and never in a replay ({@code freezing} null), whose pids are not the live ones.
     */
    private static boolean isFrozen(Grid grid, Object[] r, FreezeActions freezing) {
        if (grid.frozen >= 0) return Boolean.TRUE.equals(r[grid.frozen]);
        if (freezing == null) return false;
        Integer pid = grid.pidOf(r);
        return pid != null && freezing.frozen(pid);
    }

    private static final String[][] LIVE_KEYS = {{"?", "Help"}, {"/", "Search"}, {"\\", "Filter"}, {"t", "Tree"}, {"P/M/T", "Sort"},
            {"<>", "Column"}, {"x", "Kill"}, {"f", "Freeze"}, {"u", "Thaw"}, {"e", "Edit"}, {"q", "Quit"}};
    /** A replay's processes are not live: no kill, freeze or thaw, and the keys that step in time instead. */
    private static final String[][] REPLAY_KEYS = {{"?", "Help"}, {"←[", "Earlier"}, {"→]", "Later"}, {"/", "Search"}, {"\\", "Filter"},
            {"t", "Tree"}, {"P/M/T", "Sort"}, {"<>", "Column"}, {"e", "Edit"}, {"q", "Quit"}};

    private AttributedString footer(Modal modal, ViewState state, int cols, boolean replaying) {
        if (modal.message() != null) {
            return new AttributedString(clip(modal.message(), cols - 1), modal.messageIsError() ? palette.error() : palette.footer());
        }
        AttributedStringBuilder sb = new AttributedStringBuilder();
        String[][] keys = replaying ? REPLAY_KEYS : LIVE_KEYS;
        for (String[] k : keys) sb.styled(palette.footerKey(), k[0]).styled(palette.footer(), k[1] + " ");
        if (!state.filter.isEmpty()) sb.styled(palette.footerKey(), "filter").append(" " + Sanitizer.forTerminal(state.filter));
        return sb.toAttributedString();
    }

    private static String pad(String s, int width, boolean right) {
        s = clip(s, width);
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    static String clip(String s, int width) {
        if (s == null) return "";
        if (s.length() <= width) return s;
        return width <= 0 ? "" : s.substring(0, width);
    }
}
