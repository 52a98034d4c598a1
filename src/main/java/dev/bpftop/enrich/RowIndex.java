package dev.bpftop.enrich;

import dev.bpftop.collect.Task;
import java.util.List;

/**
 * The positions of a walk's rows by pid and start time ({@link SnapshotSource#key}): an
 * open-addressing table over primitive arrays, no boxed key or node per row.
 */
final class RowIndex {
    /** Each position's key. */
    private final long[] keys;
    /** Position + 1 by hash of the key, linear probing; 0 is an empty slot. */
    private final int[] slots;

    private RowIndex(List<Task> rows) {
        keys = new long[rows.size()];
        slots = new int[Integer.highestOneBit(Math.max(2, rows.size()) * 2 - 1) << 1];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = SnapshotSource.key(rows.get(i));
            // A key seen twice (never so: it names one task) finds its last position, as a map would.
            slots[slotOf(keys[i])] = i + 1;
        }
    }

    static RowIndex of(List<Task> rows) { return new RowIndex(rows); }

    /** The position of {@code t}'s row, or -1 when there is none. */
    int find(Task t) { return slots[slotOf(SnapshotSource.key(t))] - 1; }

    /** The slot that holds {@code key}, or the empty one where it would go. */
    private int slotOf(long key) {
        int mask = slots.length - 1;
        int slot = (int) (mix(key) & mask);
        while (slots[slot] != 0 && keys[slots[slot] - 1] != key) slot = (slot + 1) & mask;
        return slot;
    }

    private static long mix(long key) { // a key's low bits are the start tick: spread them
        key *= 0x9E3779B97F4A7C15L;
        return key ^ (key >>> 32);
    }
}
