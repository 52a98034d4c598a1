package dev.bpftop.history;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a recording within its age and size: the files whose newest row is oldest go first, in
 * every table alike, until what is left is young enough and small enough.
 */
final class Retention {
    private final Layout layout;
    private final long maxAgeMillis;
    private final long maxBytes;

    /** @param maxAgeMillis 0 for no bound; @param maxBytes 0 for no bound */
    Retention(Layout layout, long maxAgeMillis, long maxBytes) {
        this.layout = layout;
        this.maxAgeMillis = maxAgeMillis;
        this.maxBytes = maxBytes;
    }

    private record Sized(Layout.DataFile file, long bytes) {}

    /** Deletes what is too old or beyond the size, oldest first; {@code now} is local wall-clock millis. */
    void apply(List<RecordedTable> tables, long now) throws IOException {
        List<Sized> files = new ArrayList<>();
        long total = 0;
        for (RecordedTable t : tables) {
            for (Layout.DataFile f : layout.files(t.name())) {
                long size = Files.size(f.path());
                files.add(new Sized(f, size));
                total += size;
            }
        }
        files.sort(Comparator.comparingLong(s -> s.file().last()));
        for (Sized s : files) {
            boolean old = maxAgeMillis > 0 && s.file().last() < now - maxAgeMillis;
            boolean over = maxBytes > 0 && total > maxBytes;
            if (!old && !over) break;
            Files.deleteIfExists(s.file().path());
            total -= s.bytes();
        }
    }
}
