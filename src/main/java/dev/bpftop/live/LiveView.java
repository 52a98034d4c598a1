package dev.bpftop.live;

import dev.bpftop.history.Replay;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import dev.bpftop.sql.Statement;
import java.io.IOError;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.keymap.BindingReader;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen live table: re-runs one prepared query every interval and lets a person sort,
 * filter, search, walk the tree, signal, freeze and thaw with htop's keys. One thread: a tick, a
 * redraw, then keys until the next tick is due. The parts: {@link LiveQuery} (the query and its
 * ticks), {@link Rows} (what is on screen and selected), {@link Controls} and {@link Modal} (the
 * keys, prompts and dialogs), {@link Screen} (the painting), {@link InputWait} (the sleep between
 * ticks, which keys, a resize and Ctrl-C end). A replay (--at) shows one recorded
 * snapshot at a time: nothing to re-run until a key steps to another.
 */
public final class LiveView {
    static {
        // Draw the tree with its UTF-8 glyphs rather than the VT100 line-drawing charset: they
        // survive copy and paste and tmux's capture-pane. Read once, when JLine's AttributedCharSequence loads.
        System.setProperty("org.jline.utils.disableAlternateCharset", "true");
    }

    private final Terminal terminal;
    private final Duration interval;
    private final boolean replaying;
    private final Palette palette = Palette.fromEnvironment();
    private final Header header = new Header(palette);
    private final FreezeActions freezing;
    private final Rows rows = new Rows();
    private final Modal modal = new Modal();
    private final LiveQuery query;
    private final AtomicBoolean quit = new AtomicBoolean();
    private final AtomicBoolean resized = new AtomicBoolean(true);
    /** The longest wait without a tick (a replay): a safety net should a wake-up be lost. */
    private static final long IDLE_WAKE_MS = 1000;

    private LiveView(Session session, Terminal terminal, Duration interval, String query, DefaultView defaults, Replay replay) {
        this.terminal = terminal;
        this.interval = interval;
        this.replaying = replay != null;
        this.freezing = new FreezeActions(session);
        this.query = new LiveQuery(session, query, defaults, rows, header, freezing, modal, replay);
    }

    /**
     * Runs a WATCH statement until the person quits; the entry point for the REPL and -e.
     * @param replay the recorded snapshot the session's tables show (--at), or null when they are live
     */
    public static void run(Session session, Terminal terminal, Statement.Watch watch, Cancel cancel, Replay replay) throws SqlError {
        new LiveView(session, terminal, watch.interval(), watch.query(), null, replay).loop(cancel);
    }

    /** The htop-like default view over processes: {@code -d}, {@code -t} and {@code -u} set it up. */
    public static void runDefault(Session session, Terminal terminal, Duration interval, boolean tree, String user, Replay replay) throws SqlError {
        DefaultView defaults = new DefaultView(user);
        LiveView view = new LiveView(session, terminal, interval, defaults.query(), defaults, replay);
        view.rows.state.tree = tree;
        view.loop(new Cancel());
    }

    /** @param cancel a Ctrl-C after Enter that came before this view took the terminal's Ctrl-C: leave at once */
    private void loop(Cancel cancel) throws SqlError {
        query.prepare();
        InputWait wait = InputWait.on(terminal);
        Terminal.SignalHandler oldWinch = terminal.handle(Terminal.Signal.WINCH, s -> {
            resized.set(true);
            if (wait != null) wait.wake();
        });
        Terminal.SignalHandler oldInt = terminal.handle(Terminal.Signal.INT, s -> {
            quit.set(true);
            if (wait != null) wait.wake();
        });
        if (cancel.requested()) quit.set(true);
        BindingReader reader = new BindingReader(terminal.reader());
        Keys keys = new Keys(terminal);
        try (TerminalGuard guard = quit.get() ? null : new TerminalGuard(terminal)) { // no screen to switch to when leaving at once
            Screen screen = new Screen(terminal, palette, header, resized);
            Controls controls = new Controls(query, rows, modal, freezing, screen);
            long next = System.nanoTime();
            // After a key JLine may hold more input than the terminal shows poll: ask JLine itself once.
            boolean afterKey = false;
            while (!quit.get() && !controls.quit()) {
                long now = System.nanoTime();
                if (now >= next) {
                    query.tick();
                    // A recorded snapshot never changes: it runs again only when a key asks (a step, an edit).
                    next = replaying ? Long.MAX_VALUE : Math.max(next + interval.toNanos(), System.nanoTime());
                    draw(screen);
                }
                long waitMs = replaying ? IDLE_WAKE_MS : Math.max(1, (next - System.nanoTime()) / 1_000_000);
                int c;
                if (wait == null) {
                    c = reader.peekCharacter(Math.min(waitMs, 250)); // wake now and then to notice a resize
                } else if (afterKey || wait.forInput(Math.min(waitMs, IDLE_WAKE_MS)) == InputWait.End.INPUT) {
                    c = reader.peekCharacter(1); // at once when poll saw input; up to JLine's 100 ms after a key
                } else {
                    c = NonBlockingReader.READ_EXPIRED;
                }
                if (c == NonBlockingReader.EOF) break;
                afterKey = c != NonBlockingReader.READ_EXPIRED;
                if (afterKey) {
                    Keys.Op op = reader.readBinding(modal.prompting() ? keys.input : keys.main, null, true);
                    if (op != null) controls.handle(op, reader.getLastBinding());
                    draw(screen);
                } else if (resized.get()) {
                    draw(screen);
                }
            }
        } catch (IOError | UncheckedIOException e) {
            // The terminal went away: nothing left to draw on.
        } finally {
            terminal.handle(Terminal.Signal.WINCH, oldWinch);
            terminal.handle(Terminal.Signal.INT, oldInt);
            if (wait != null) wait.close();
            query.close();
        }
    }

    private void draw(Screen screen) { screen.draw(query, rows, modal, freezing); }
}
