package dev.bpftop.cli;

import dev.bpftop.collect.Passwd;
import dev.bpftop.sql.Grammar;
import dev.bpftop.sql.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The range checks of the options that take numbers, durations and names, so that a bad value is
 * one usage line (exit 2) before anything starts, never an overflow, a hang or an empty screen.
 * The ranges are the README's.
 */
final class Options {
    static final long MAX_SAMPLE_MS = 10_000;
    static final long MIN_DELAY_MS = 100;
    static final long MAX_DELAY_MS = 86_400_000;

    /** -1 for a -d that was not given. */
    record Checked(long sampleMillis, Limits limits, long delayMillis) {}

    private Options() {}

    static Checked check(String sample, String timeout, String maxMemory, String delay, String watch, String user) {
        long sampleMs = millis("--sample", sample, 0, MAX_SAMPLE_MS);
        Limits limits = new Limits(option("--timeout", () -> Limits.duration(timeout)), option("--max-memory", () -> Limits.bytes(maxMemory)));
        long delayMs = delay == null ? -1 : millis("-d", delay, MIN_DELAY_MS, MAX_DELAY_MS);
        if (watch != null) option("--watch", () -> Grammar.interval(watch));
        if (user != null && !new Passwd().names().knows(user)) {
            throw new IllegalArgumentException("-u: no such user '" + user + "' (a name from /etc/passwd, or a uid)");
        }
        return new Checked(sampleMs, limits, delayMs);
    }

    /** The text of a -f script; a file that cannot be read is a usage error that names why. */
    static String readScript(Path file) {
        try {
            if (Files.isDirectory(file)) throw new IllegalArgumentException("cannot read " + file + ": it is a directory");
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException("cannot read " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static long millis(String name, String text, long min, long max) {
        long v;
        try {
            v = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a whole number of milliseconds (" + min + " to " + max + ")");
        }
        if (v < min || v > max) throw new IllegalArgumentException(name + ": " + v + " is out of range (" + min + " to " + max + " milliseconds)");
        return v;
    }

    private static <T> T option(String name, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }
}
