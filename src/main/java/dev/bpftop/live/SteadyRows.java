package dev.bpftop.live;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Hands a tick's row back as the last tick's equal row, when there is one.
 *
 * <p>At 10,000 processes most rows say what they said a second ago (an idle process's pid, memory,
 * state, CPU% 0 and command line). Kept as they come, each tick's ~4 MB of rows outlives the young
 * collection that comes while it is on screen and is copied into the old generation, which then
 * fills every few seconds: the heap has to be sized for that churn, and the serial collector
 * keeps all of it resident. Handing back the row already held, an unchanged row stays one
 * long-lived array, and the new one, with its boxed values, dies young.
 *
 * <p>Rows are matched by pid (the scan yields them in pid order, so a cursor finds each in one
 * pass), or by position when the query has no pid or another order; a row is kept only when
 * every value is equal.
 */
final class SteadyRows implements UnaryOperator<Object[]> {
    private final List<Object[]> last;
    /** The column rows are matched by, or -1: by position. */
    private final int key;
    private int cursor, index;

    /**
     * For one tick (a statement that overran its timeout may still call it after the next tick's
     * began, so each tick has its own).
     *
     * @param last the rows now shown
     * @param key  the column to match rows by (the pid's), or -1: by position
     */
    SteadyRows(List<Object[]> last, int key) {
        this.last = last;
        this.key = key;
    }

    @Override
    public Object[] apply(Object[] row) {
        Object[] match = byKey(row);
        if (match == null && index < last.size()) match = last.get(index);
        index++;
        return match != null && Arrays.equals(match, row) ? match : row;
    }

    private Object[] byKey(Object[] row) {
        if (key < 0 || key >= row.length || !(row[key] instanceof Number n)) return null;
        long id = n.longValue();
        while (cursor < last.size() && idOf(last.get(cursor)) < id) cursor++;
        return cursor < last.size() && idOf(last.get(cursor)) == id ? last.get(cursor) : null;
    }

    private long idOf(Object[] row) {
        return key < row.length && row[key] instanceof Number n ? n.longValue() : Long.MIN_VALUE;
    }
}
