package dev.bpftop.sql;

import java.util.List;

/**
 * The memory bound on a statement's result: an estimate of the heap its rows take, added up as
 * they are read, so that a join of processes with threads with processes ends in one line long
 * before it fills the heap. The estimate is a typical 64-bit JVM's layout (compressed pointers).
 * A result written out as it comes is bounded the same way, so a statement ends at the same row
 * whichever front end reads it (and an endless one ends at the bound, not only at the timeout).
 */
final class RowBudget implements RowSink {
    private final RowSink to;
    private final long max;
    private long used;
    private int rows;

    private RowBudget(RowSink to, long max) {
        this.to = to;
        this.max = max;
    }

    /** {@code to}, ended with one line once its rows pass {@code maxBytes} (0: no bound). */
    static RowSink over(RowSink to, long maxBytes) { return maxBytes == 0 ? to : new RowBudget(to, maxBytes); }

    @Override
    public void columns(List<String> names, List<Integer> jdbcTypes) { to.columns(names, jdbcTypes); }

    @Override
    public void row(Object[] row) {
        used += bytes(row);
        if (used > max) {
            throw new SqlError.Unchecked(new SqlError("result too large: over the memory bound of " + Limits.describe(max)
                    + " after " + rows + " rows (--max-memory; add a LIMIT or a WHERE)", 0, 0));
        }
        rows++;
        to.row(row);
    }

    static long bytes(Object[] row) {
        long n = 16 + 4L * row.length + 8; // the array and its slot in the result list
        // Tests in a plain chain, not a pattern switch: the live view sizes every cell of every row
        // each tick, and the switch's type dispatch cost more than reading the row did.
        for (Object v : row) {
            if (v == null || v instanceof Boolean) continue;
            if (v instanceof String s) n += 40L + s.length(); // Latin-1 strings, the usual case, take a byte a character
            else if (v instanceof Number) n += 16;
            else n += 32;
        }
        return n;
    }
}
