package dev.bpftop.history;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scan's rows, read by a thread of their own a few thousand ahead of the statement that consumes
 * them: decoding Parquet pages and evaluating the statement then run on two cores, not one after
 * the other on the same. Files are read in order, so rows come in the order a single reader gives.
 * A file that fails is skipped with one line, as ever; the rows of the others still come.
 */
final class Prefetch implements AutoCloseable {
    private static final int BATCH = 4096;
    /** A few batches ahead: enough to keep both threads busy, little enough for a small heap. */
    private static final int AHEAD = 4;
    private static final List<Object[]> END = List.of();

    private final BlockingQueue<List<Object[]>> batches = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private volatile boolean stopped;
    private volatile RuntimeException failure;
    private Iterator<Object[]> batch = java.util.Collections.emptyIterator();
    private boolean ended;

    /**
     * @param read  the columns to read, ts first (see {@link ParquetRows}); rows come without ts,
     *              and only those whose ts lies within {@code bounds}
     */
    Prefetch(List<Layout.DataFile> files, RecordedTable table, int[] read, TsBounds bounds, Skipped skipped) {
        reader = Thread.ofPlatform().daemon().name("bpftop-history-read").unstarted(() -> {
            try {
                List<Object[]> out = new ArrayList<>(BATCH);
                for (Layout.DataFile f : files) {
                    if (stopped) return;
                    try (ParquetRows rows = new ParquetRows(f.path(), table, read, bounds)) {
                        for (Object[] row = rows.next(); row != null && !stopped; row = rows.next()) {
                            if (row[0] == null || !bounds.contains((Long) row[0])) continue;
                            out.add(java.util.Arrays.copyOfRange(row, 1, row.length));
                            if (out.size() == BATCH) {
                                put(out);
                                out = new ArrayList<>(BATCH);
                            }
                        }
                    } catch (ParquetRows.Unreadable e) {
                        skipped.report(f.path(), e.getMessage());
                    }
                }
                if (!out.isEmpty()) put(out);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                put(END);
            } catch (InterruptedException e) {
                // closed: nobody waits for the end
            }
        });
        reader.start();
    }

    private void put(List<Object[]> b) throws InterruptedException {
        while (!stopped) {
            if (batches.offer(b, 100, TimeUnit.MILLISECONDS)) return;
        }
    }

    /** The next row, or null after the last. */
    Object[] next() throws InterruptedException {
        while (!batch.hasNext()) {
            if (ended) return null;
            List<Object[]> b = batches.take();
            if (b == END) {
                ended = true;
                if (failure != null) throw failure;
                return null;
            }
            batch = b.iterator();
        }
        return batch.next();
    }

    @Override
    public void close() {
        stopped = true;
        reader.interrupt();
        batches.clear();
    }
}
