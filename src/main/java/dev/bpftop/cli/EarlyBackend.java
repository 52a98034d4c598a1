package dev.bpftop.cli;

import dev.bpftop.bpf.Backends;
import dev.bpftop.collect.Collector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The default backend (auto) opened as the JVM starts, before picocli builds its model and the
 * options are checked, when the command line is a plain one-liner or script. Loading the BPF
 * program takes a cold JVM longer than anything else a one-liner does besides planning, and until
 * the statement is planned one core is mostly idle: started here it is ready sooner. The command
 * line is only glanced at: anything but statements, a script and the options that leave the
 * backend alone opens nothing early, and {@link Main#call} then opens as before.
 */
final class EarlyBackend {
    private static Collector opened;
    private static Warnings warnings;

    private EarlyBackend() {}

    /** Opens the auto backend in the background if {@code args} ask for statements and nothing that changes or skips the backend. */
    static synchronized void start(String[] args) {
        if (opened != null || !plainStatements(args)) return;
        warnings = new Warnings();
        opened = Backends.open("auto", true, warnings);
    }

    /** --backend's collector: the one opened early when it is auto, else opened now (see {@link OpenedBackend}). */
    static synchronized OpenedBackend claim(String backend) {
        Collector early = opened;
        opened = null;
        if (early != null && backend.equals("auto")) {
            warnings.forwardTo(w -> System.err.println("bpftop: " + w));
            return new OpenedBackend(early, 0);
        }
        if (early != null) early.close();
        return OpenedBackend.open(backend);
    }

    /** Closes one that no command took (the command line was refused before it reached the backend). */
    static synchronized void discard() {
        if (opened != null) opened.close();
        opened = null;
    }

    /** -e or -f, and none of the options or subcommands that choose another backend or run nothing here. */
    static boolean plainStatements(String[] args) {
        for (String a : args) {
            if (a.startsWith("--backend") || a.startsWith("--connect") || a.startsWith("--hosts")
                    || a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
        }
        return statements(args);
    }

    /** -e or -f, and no subcommand first. */
    static boolean statements(String[] args) {
        boolean statements = false;
        for (String a : args) {
            if (a.startsWith("-e") || a.startsWith("--execute") || a.startsWith("-f") || a.startsWith("--file")) statements = true;
        }
        return statements && !List.of("agent", "bench", "record").contains(args[0]);
    }

    /** The opening thread's warnings (auto falling back to procfs), held until a command takes the backend: a refused command line prints only its own error. */
    private static final class Warnings implements Consumer<String> {
        private final List<String> held = new ArrayList<>();
        private Consumer<String> target;

        @Override
        public synchronized void accept(String line) {
            if (target != null) target.accept(line);
            else held.add(line);
        }

        synchronized void forwardTo(Consumer<String> to) {
            target = to;
            held.forEach(to);
            held.clear();
        }
    }
}
