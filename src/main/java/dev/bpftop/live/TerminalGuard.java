package dev.bpftop.live;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * Puts the terminal in full-screen raw mode and always gives it back: on close, and from a
 * shutdown hook when the JVM ends another way (SIGTERM, an uncaught error).
 */
final class TerminalGuard implements AutoCloseable {
    private final Terminal terminal;
    private final Attributes saved;
    private final Thread hook;
    private boolean restored;

    TerminalGuard(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        this.hook = new Thread(this::restore, "bpftop-terminal-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
    }

    private synchronized void restore() {
        if (restored) return;
        restored = true;
        terminal.puts(Capability.cursor_visible);
        terminal.puts(Capability.keypad_local);
        terminal.puts(Capability.exit_ca_mode);
        terminal.flush();
        terminal.setAttributes(saved);
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or ran.
        }
    }
}
