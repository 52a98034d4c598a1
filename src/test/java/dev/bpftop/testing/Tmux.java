package dev.bpftop.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real pseudo-terminal for a test: a tmux server on its own socket running one command in a
 * 120x40 window. Keys go in with send-keys; assertions read the screen with capture-pane, polling
 * until it shows what is expected or a timeout passes. Closing kills the server.
 */
public final class Tmux implements AutoCloseable {
    /** Printed by the wrapper when the command exits, so tests can wait for the exit. */
    public static final String EXITED = "[exited ";
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A socket of our own in a directory of our own, both removed on close (-L would leave it in /tmp/tmux-UID). */
    private final Path socket;

    private Tmux(Path socket) { this.socket = socket; }

    public static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts `command` under /bin/sh in a fresh server. `env` entries with a null value are unset,
     * so the caller's NO_COLOR or PAGER cannot leak in.
     */
    public static Tmux start(Map<String, String> env, String command) throws IOException {
        return start(env, command, 120, 40);
    }

    /** The same in a window of the given size. */
    public static Tmux start(Map<String, String> env, String command, int width, int height) throws IOException {
        Path dir = Files.createTempDirectory("bpftop-tmux-" + SEQ.incrementAndGet() + "-");
        Tmux t = new Tmux(dir.resolve("socket"));
        StringBuilder sh = new StringBuilder("env");
        env.forEach((k, v) -> { if (v == null) sh.append(" -u ").append(k); });
        env.forEach((k, v) -> { if (v != null) sh.append(' ').append(k).append('=').append(quote(v)); });
        sh.append(' ').append(command).append("; echo \"").append(EXITED).append("$?]\"; sleep 600");
        t.tmux("new-session", "-d", "-x", Integer.toString(width), "-y", Integer.toString(height), sh.toString());
        return t;
    }

    /** Types text literally; `;` goes as its own key because tmux reads a trailing `;` as a separator. */
    public Tmux type(String text) throws IOException {
        String[] parts = text.split(";", -1);
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isEmpty()) tmux("send-keys", "-t", "0", "-l", parts[i]);
            if (i < parts.length - 1) tmux("send-keys", "-t", "0", "-H", "3b");
        }
        return this;
    }

    /** Named keys: Enter, Tab, Up, C-c, C-d… */
    public Tmux keys(String... keys) throws IOException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
        return this;
    }

    /** The screen as text. */
    public String screen() throws IOException { return tmux("capture-pane", "-p", "-t", "0"); }

    /** The screen with its escape sequences (colors) kept. */
    public String screenWithEscapes() throws IOException { return tmux("capture-pane", "-p", "-e", "-t", "0"); }

    /** Resizes the window, as a person dragging the terminal's corner would (the program gets SIGWINCH). */
    public void resize(int width, int height) throws IOException {
        tmux("resize-window", "-t", "0", "-x", Integer.toString(width), "-y", Integer.toString(height));
    }

    /** True while the program is on the alternate screen (full-screen mode). */
    public boolean alternateScreen() throws IOException {
        return tmux("display-message", "-p", "-t", "0", "#{alternate_on}").strip().equals("1");
    }

    /** The pid of the shell the window runs the command under. */
    public long panePid() throws IOException {
        return Long.parseLong(tmux("display-message", "-p", "-t", "0", "#{pane_pid}").strip());
    }

    /** Polls the screen until it satisfies the condition; fails with the screen after the timeout. */
    public String await(String what, Predicate<String> condition, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String s = screen();
        while (!condition.test(s)) {
            // The marker at the start of a line: a process list on screen may show the wrapper's own command line.
            if (System.nanoTime() > deadline || s.lines().anyMatch(l -> l.startsWith(EXITED))) {
                fail("screen never showed " + what + ":\n" + s);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            s = screen();
        }
        return s;
    }

    public String await(String text) throws IOException {
        return await("'" + text + "'", s -> s.contains(text), Duration.ofSeconds(60));
    }

    private String tmux(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("tmux", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("tmux " + args[0] + " hung");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IOException("tmux " + String.join(" ", args) + " failed: " + text);
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String quote(String s) { return "'" + s.replace("'", "'\\''") + "'"; }

    /** Kills the server, then waits for the command's processes, which may still be writing files. */
    @Override
    public void close() throws IOException {
        List<ProcessHandle> tree = new ArrayList<>();
        try {
            long pane = Long.parseLong(tmux("display-message", "-p", "-t", "0", "#{pane_pid}").strip());
            ProcessHandle.of(pane).ifPresent(p -> {
                tree.add(p);
                p.descendants().forEach(tree::add);
            });
            tmux("kill-server");
        } catch (IOException | NumberFormatException e) {
            // Already gone.
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }
}
