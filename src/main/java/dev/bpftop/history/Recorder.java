package dev.bpftop.history;

import dev.bpftop.enrich.Snapshot;
import dev.bpftop.sql.Tables;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Consumer;

/**
 * Appends snapshots to a recording. Whoever takes the snapshots drives it: `bpftop record` on its
 * own schedule, or the agent with the snapshots it takes anyway ({@link #append} each one, then
 * {@link #close}). Each call writes the snapshot's rows of every recorded table as one closed
 * file per table, merges finished hours and applies retention. It never throws for the disk:
 * a write that fails (a full disk) pauses recording with one line, and the next call that
 * succeeds resumes it with another.
 */
public final class Recorder implements AutoCloseable {
    /** The live tables recorded, threads only when asked for (a row per thread is most of the bytes). */
    static final List<String> TABLES = List.of("processes", "cgroups", "containers", "gpus", "gpu_processes", "system");

    private final Layout layout;
    private final List<RecordedTable> tables;
    private final Compactor compactor;
    private final Retention retention;
    private final Consumer<String> log;
    private long hour = Long.MIN_VALUE;
    private String pausedBecause;

    /**
     * @param log       where the pause, resume and skip lines go (one line each, no prefix)
     * @param retain    how long files are kept (zero: for ever); @param maxBytes total size bound (0: none)
     */
    public Recorder(Path dir, boolean threads, Duration retain, long maxBytes, Consumer<String> log) throws IOException {
        this.layout = new Layout(dir);
        this.log = log;
        List<RecordedTable> t = new ArrayList<>();
        for (String name : TABLES) t.add(new RecordedTable(Tables.named(name).orElseThrow()));
        if (threads) t.add(new RecordedTable(Tables.named("threads").orElseThrow()));
        this.tables = List.copyOf(t);
        this.compactor = new Compactor(layout, log);
        this.retention = new Retention(layout, retain.toMillis(), maxBytes);
        for (RecordedTable table : tables) {
            Files.createDirectories(layout.tableDir(table.name()));
            removeTemporaries(layout.tableDir(table.name()));
        }
    }

    /** The tables this recorder writes. */
    public List<String> tables() { return tables.stream().map(RecordedTable::name).toList(); }

    /** Records one snapshot; ts is its time in local wall-clock millis, as snapshot_time shows it. */
    public void append(Snapshot s) {
        long ts = localMillis(s.takenAt().toEpochMilli());
        try {
            if (Layout.hourOf(ts) != hour) {
                // A new hour (or the first call, which also merges what a previous run left unmerged).
                for (RecordedTable t : tables) compactor.mergeBefore(t, ts);
                retention.apply(tables, ts);
                hour = Layout.hourOf(ts);
            }
            for (RecordedTable t : tables) {
                List<Object[]> rows = t.rows(s, ts);
                if (!rows.isEmpty()) PartWriter.write(t, rows.iterator(), layout.part(t.name(), ts), PartWriter.Kind.PART);
            }
            if (pausedBecause != null) {
                log.accept("recording resumed in " + layout.dir());
                pausedBecause = null;
            }
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (pausedBecause == null) log.accept("recording paused: cannot write " + layout.dir() + ": " + why + " (retrying each interval)");
            pausedBecause = why;
            // Retention may free what the full disk needs: it runs again at the next attempt.
            hour = Long.MIN_VALUE;
        }
    }

    /** Merges every part, the current hour's too: for benchmarks that measure a recording's merged size. */
    public void mergeAll() throws IOException {
        for (RecordedTable t : tables) compactor.mergeBefore(t, Long.MAX_VALUE - Layout.HOUR_MS);
    }

    /** Whether the last append failed and recording waits for the disk. */
    public boolean paused() { return pausedBecause != null; }

    static long localMillis(long epochMillis) { return epochMillis + TimeZone.getDefault().getOffset(epochMillis); }

    private static void removeTemporaries(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Layout.TMP_PREFIX + "*")) {
            for (Path p : ds) Files.deleteIfExists(p);
        }
    }

    /** Parts of the current hour stay as they are: the next recorder merges them once the hour is over. */
    @Override
    public void close() {}
}
