package dev.bpftop.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jline.terminal.Terminal;

/**
 * Shows results taller than the screen through $PAGER, or `less -FRX` (quit at the end, keep
 * escapes, leave the text on screen) as psql does; PAGER set to empty turns paging off.
 */
final class Pager {
    private static final String DEFAULT = "less -FRX";
    private final Terminal terminal;
    private final String command;

    Pager(Terminal terminal, Map<String, String> env) {
        this.terminal = terminal;
        String p = env.get("PAGER");
        this.command = p == null ? DEFAULT : p.isBlank() ? null : p;
    }

    /** Whether text of this many lines needs the pager on this terminal. */
    boolean needed(long lines) {
        return command != null && terminal.getHeight() > 0 && lines > terminal.getHeight() - 1;
    }

    /** @return false when the pager could not run, so the caller prints the text itself */
    boolean page(String text) {
        try {
            // JLine must stop reading the keyboard while the pager owns it.
            terminal.pause(true);
            Process p = new ProcessBuilder("sh", "-c", command)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The person quit the pager before reading everything.
            }
            int rc = p.waitFor();
            return rc != 126 && rc != 127;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            terminal.resume();
        }
    }
}
