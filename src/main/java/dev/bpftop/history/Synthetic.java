package dev.bpftop.history;

import dev.bpftop.enrich.Snapshot;
import dev.bpftop.sql.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A long recording made up from one real snapshot, for benchmarks of queries over a day: each
 * interval repeats the snapshot's rows at its own ts with cpu_pct and cpu_time varied, in the
 * hourly files a recorder would leave. Written straight as merged hours, so a day takes minutes.
 */
public final class Synthetic {
    private Synthetic() {}

    /** Writes {@code hours} hours of (at most) {@code processes} processes, ending at the snapshot's time, one snapshot every {@code interval}. */
    public static long write(Path dir, Snapshot base, int hours, Duration interval, int processes) throws IOException {
        Layout layout = new Layout(dir);
        long end = Recorder.localMillis(base.takenAt().toEpochMilli());
        long step = interval.toMillis();
        long rows = 0;
        for (String name : List.of("processes", "system")) {
            RecordedTable table = new RecordedTable(dev.bpftop.sql.Tables.named(name).orElseThrow());
            Files.createDirectories(layout.tableDir(name));
            List<Object[]> all = table.rows(base, end);
            List<Object[]> snapshot = all.subList(0, Math.min(all.size(), processes));
            int pct = index(table, "cpu_pct"), time = index(table, "cpu_time");
            for (int h = hours; h > 0; h--) {
                long first = Layout.hourOf(end) * Layout.HOUR_MS - (h - 1) * Layout.HOUR_MS;
                long last = first + Layout.HOUR_MS - step;
                PartWriter.write(table, new Varied(snapshot, first, last, step, pct, time), layout.merged(name, first, last), PartWriter.Kind.MERGED);
                if (name.equals("processes")) rows += snapshot.size() * (Layout.HOUR_MS / step);
            }
        }
        return rows;
    }

    private static int index(RecordedTable t, String column) {
        List<? extends Column<?>> columns = t.def().columns();
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(column)) return i + 1;
        return -1;
    }

    /** The snapshot's rows at each ts in turn, with the CPU columns moved as a busy machine's would. */
    private static final class Varied implements Iterator<Object[]> {
        private final List<Object[]> rows;
        private final long last, step;
        private final int pct, time;
        private final SplittableRandom random = new SplittableRandom(42);
        private long ts;
        private int i;

        Varied(List<Object[]> rows, long first, long last, long step, int pct, int time) {
            this.rows = rows;
            this.ts = first;
            this.last = last;
            this.step = step;
            this.pct = pct;
            this.time = time;
        }

        @Override
        public boolean hasNext() { return !rows.isEmpty() && ts <= last; }

        @Override
        public Object[] next() {
            if (!hasNext()) throw new NoSuchElementException();
            Object[] row = rows.get(i).clone();
            row[0] = ts;
            // Most processes idle, a few busy: as a real machine, and as compressible as one.
            double p = random.nextInt(20) == 0 ? random.nextDouble() * 100 : 0.0;
            if (pct > 0) row[pct] = p;
            if (time > 0 && row[time] instanceof Number n) row[time] = n.doubleValue() + (ts - last) / 1000.0 * p / 100;
            if (++i == rows.size()) {
                i = 0;
                ts += step;
            }
            return row;
        }
    }
}
