package dev.bpftop.history;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Merges a finished hour's parts into one file. A part per interval is what makes a SIGKILL cost at
 * most one interval; one file per hour is what makes the recording small (one dictionary of
 * command lines and paths per hour, not per interval) and its queries open few files. The merged
 * file appears by rename before its parts go, so no moment lacks the rows (see {@link Layout}).
 */
final class Compactor {
    private final Layout layout;
    private final Consumer<String> log;

    Compactor(Layout layout, Consumer<String> log) {
        this.layout = layout;
        this.log = log;
    }

    /** Merges every hour before the one holding {@code ts} that still has parts. */
    void mergeBefore(RecordedTable table, long ts) throws IOException {
        TreeMap<Long, List<Layout.DataFile>> byHour = new TreeMap<>();
        for (Layout.DataFile f : layout.files(table.name())) {
            if (f.part() && Layout.hourOf(f.first()) < Layout.hourOf(ts)) byHour.computeIfAbsent(Layout.hourOf(f.first()), h -> new ArrayList<>()).add(f);
        }
        for (List<Layout.DataFile> parts : byHour.values()) merge(table, parts);
    }

    private void merge(RecordedTable table, List<Layout.DataFile> parts) throws IOException {
        long first = parts.getFirst().first(), last = parts.getLast().last();
        PartWriter.write(table, new PartRows(table, parts), layout.merged(table.name(), first, last), PartWriter.Kind.MERGED);
        for (Layout.DataFile p : parts) Files.deleteIfExists(p.path());
    }

    /**
     * The parts' rows one part at a time, so an hour of a thousand processes never sits in memory
     * at once. A part that cannot be read is left out with one line (its rows were lost anyway).
     */
    private final class PartRows implements Iterator<Object[]> {
        private final RecordedTable table;
        private final Iterator<Layout.DataFile> parts;
        private final int[] all;
        private Iterator<Object[]> current = java.util.Collections.emptyIterator();

        PartRows(RecordedTable table, List<Layout.DataFile> parts) {
            this.table = table;
            this.parts = parts.iterator();
            all = new int[table.def().columns().size() + 1];
            for (int i = 0; i < all.length; i++) all[i] = i;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && parts.hasNext()) {
                Layout.DataFile p = parts.next();
                List<Object[]> rows = new ArrayList<>();
                try {
                    ParquetRows.read(p.path(), table, all, rows::add);
                } catch (ParquetRows.Unreadable e) {
                    log.accept("skipping " + p.path() + ": " + e.getMessage());
                    rows.clear();
                }
                current = rows.iterator();
            }
            return current.hasNext();
        }

        @Override
        public Object[] next() {
            if (!hasNext()) throw new NoSuchElementException();
            return current.next();
        }
    }
}
