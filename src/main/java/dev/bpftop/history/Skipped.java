package dev.bpftop.history;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/** Says once per file, in one line, that a recorded file was skipped and why; the query answers from the rest. */
final class Skipped {
    private final Consumer<String> log;
    private final Set<Path> told = new HashSet<>();

    Skipped(Consumer<String> log) { this.log = log; }

    synchronized void report(Path file, String why) {
        if (told.add(file)) log.accept("history: skipping " + file + ": " + why);
    }
}
