package dev.bpftop.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A command running in a real pty: a tmux server on its own socket (so parallel tests never meet),
 * read back with capture-pane. Closing kills the server and everything in it.
 */
public final class TmuxPane implements AutoCloseable {
    private final String socket = "bpftop-test-" + UUID.randomUUID().toString().substring(0, 8);
    private Path socketPath;

    private TmuxPane() {}

    /** Starts {@code shellCommand} in a detached width x height pane, in the repository root. */
    public static TmuxPane start(int width, int height, String shellCommand, String... env) throws IOException {
        TmuxPane p = new TmuxPane();
        List<String> argv = new ArrayList<>(List.of("new-session", "-d", "-x", Integer.toString(width), "-y", Integer.toString(height),
                "-c", Path.of("").toAbsolutePath().toString()));
        for (String e : env) argv.addAll(List.of("-e", e));
        argv.add(shellCommand);
        p.tmux(argv.toArray(new String[0]));
        p.socketPath = Path.of(p.tmux("display-message", "-p", "#{socket_path}").strip());
        return p;
    }

    /** The visible screen as text, one line per row. */
    public String screen() throws IOException { return tmux("capture-pane", "-p"); }

    /** The visible screen with color and attribute escapes, as capture-pane -e gives them. */
    public String screenWithEscapes() throws IOException { return tmux("capture-pane", "-p", "-e"); }

    /** True while the program has the alternate screen (full-screen mode). */
    public boolean alternateScreen() throws IOException {
        return tmux("display-message", "-p", "#{alternate_on}").strip().equals("1");
    }

    /** The pid of the pane's first process (the shell command it was started with). */
    public long panePid() throws IOException {
        return Long.parseLong(tmux("display-message", "-p", "#{pane_pid}").strip());
    }

    /** Types text literally. */
    public void type(String text) throws IOException {
        // tmux reads a semicolon ending an argument as its command separator unless escaped.
        tmux("send-keys", "-l", text.endsWith(";") ? text.substring(0, text.length() - 1) + "\\;" : text);
    }

    /** Sends named keys (Enter, Escape, Up, F9…). */
    public void keys(String... names) throws IOException {
        String[] argv = new String[names.length + 1];
        argv[0] = "send-keys";
        System.arraycopy(names, 0, argv, 1, names.length);
        tmux(argv);
    }

    public void resize(int width, int height) throws IOException {
        tmux("resize-window", "-x", Integer.toString(width), "-y", Integer.toString(height));
    }

    /** Polls the screen until it satisfies the condition; fails with the last screen after the timeout. */
    public String await(String what, Duration timeout, Predicate<String> condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String s = screen();
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; screen:\n" + s);
            Thread.sleep(100);
            s = screen();
        }
        return s;
    }

    public String awaitText(String text, Duration timeout) throws IOException, InterruptedException {
        return await("'" + text + "'", timeout, s -> s.contains(text));
    }

    private String tmux(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", socket));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("tmux " + args[0] + " hung");
            }
            if (p.exitValue() != 0) throw new IOException("tmux " + String.join(" ", args) + ": " + out.strip());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IOException e) {
            // the server already ended with its last pane
        }
        try {
            if (socketPath != null) java.nio.file.Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            // a leftover socket file is harmless
        }
    }
}
