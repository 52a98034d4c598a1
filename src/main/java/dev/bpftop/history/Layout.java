package dev.bpftop.history;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a recording's files are and what time each holds, from its name alone, so that a query
 * over an hour opens that hour's files and no others. DIR/TABLE/ holds:
 * <ul>
 *   <li>{@code p-T.parquet}: one interval's rows, all taken at T (a part);</li>
 *   <li>{@code h-FIRST_LAST.parquet}: an hour's parts merged, rows from FIRST to LAST;</li>
 *   <li>{@code .tmp-…}: a file being written, never read.</li>
 * </ul>
 * Times are local wall-clock (as ts and every TIMESTAMP column), written 20261205T031200.000.
 * A part inside a merged file's range is the same rows again (left by a merge cut short), so is not read.
 */
final class Layout {
    static final String TMP_PREFIX = ".tmp-";
    static final long HOUR_MS = 3_600_000;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS");

    /** One data file and the first and last ts its rows have. */
    record DataFile(Path path, long first, long last, boolean part) {
        boolean overlaps(long lo, long hi) { return last >= lo && first <= hi; }
    }

    private final Path dir;

    Layout(Path dir) { this.dir = dir; }

    Path dir() { return dir; }

    Path tableDir(String table) { return dir.resolve(table); }

    Path part(String table, long ts) { return tableDir(table).resolve("p-" + text(ts) + ".parquet"); }

    Path merged(String table, long first, long last) {
        return tableDir(table).resolve("h-" + text(first) + "_" + text(last) + ".parquet");
    }

    static long hourOf(long ts) { return Math.floorDiv(ts, HOUR_MS); }

    /** The table's readable files, oldest first; parts a merged file covers are left out. */
    List<DataFile> files(String table) throws IOException {
        List<DataFile> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tableDir(table), "*.parquet")) {
            for (Path p : ds) {
                DataFile f = parse(p);
                if (f != null) all.add(f);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<DataFile> merged = all.stream().filter(f -> !f.part()).toList();
        List<DataFile> out = new ArrayList<>();
        for (DataFile f : all) {
            if (f.part() && merged.stream().anyMatch(m -> m.first() <= f.first() && f.first() <= m.last())) continue;
            out.add(f);
        }
        out.sort(Comparator.comparingLong(DataFile::first).thenComparingLong(DataFile::last));
        return out;
    }

    /** The files whose rows may fall in [lo, hi]. */
    List<DataFile> overlapping(String table, long lo, long hi) throws IOException {
        return files(table).stream().filter(f -> f.overlaps(lo, hi)).toList();
    }

    /** Null for a name that is not a data file of ours (a temporary, or anything a person put there). */
    static DataFile parse(Path p) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".parquet")) return null;
        String stem = name.substring(0, name.length() - ".parquet".length());
        try {
            if (stem.startsWith("p-")) {
                long t = millis(stem.substring(2));
                return new DataFile(p, t, t, true);
            }
            if (stem.startsWith("h-")) {
                String[] range = stem.substring(2).split("_");
                if (range.length == 2) return new DataFile(p, millis(range[0]), millis(range[1]), false);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    static String text(long localMillis) {
        return NAME.format(LocalDateTime.ofEpochSecond(Math.floorDiv(localMillis, 1000), (int) Math.floorMod(localMillis, 1000) * 1_000_000, ZoneOffset.UTC));
    }

    private static long millis(String text) {
        return LocalDateTime.parse(text, NAME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
