package dev.bpftop.sql;

/**
 * The memory bound on a statement's result: an estimate of the heap its rows take, added up as
 * they are read, so that a join of processes with threads with processes ends in one line long
 * before it fills the heap. The estimate is a typical 64-bit JVM's layout (compressed pointers).
 */
final class RowBudget {
    private final long max;
    private long used;

    RowBudget(long max) { this.max = max; }

    void add(Object[] row, int rowsSoFar) {
        if (max == 0) return;
        used += bytes(row);
        if (used > max) {
            throw new SqlError.Unchecked(new SqlError("result too large: over the memory bound of " + Limits.describe(max)
                    + " after " + rowsSoFar + " rows (--max-memory; add a LIMIT or a WHERE)", 0, 0));
        }
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
