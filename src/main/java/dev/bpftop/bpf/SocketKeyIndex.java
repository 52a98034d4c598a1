package dev.bpftop.bpf;

import java.util.Arrays;

/**
 * A socket's key (file_record.sock_key: its struct socket's address) to the position of its socket
 * iterator record, for the join of the fd walk's references: open addressing over two arrays that
 * one collection after another reuses, where a HashMap cost a boxed key, a node and a resize per
 * socket (tens of thousands per collection). Key 0 (no struct socket) is never put; it marks an
 * empty slot.
 */
final class SocketKeyIndex {
    private long[] keys = new long[1 << 10];
    private int[] values = new int[1 << 10];
    private int size;

    /** Empties the index, sized for {@code expected} entries at most half full. */
    void clear(int expected) {
        int capacity = Integer.highestOneBit(Math.max(expected, 256) * 2 - 1) << 1;
        if (capacity > keys.length) {
            keys = new long[capacity];
            values = new int[capacity];
        } else {
            Arrays.fill(keys, 0);
        }
        size = 0;
    }

    /** @param key not 0; a second put of the same key keeps the first value */
    void put(long key, int value) {
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) return;
            if (keys[i] == 0) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
        }
    }

    /** The value put for {@code key}, or -1. */
    int get(long key) {
        if (key == 0 || size == 0) return -1;
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) return values[i];
            if (keys[i] == 0) return -1;
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L; // slab addresses: aligned and close together, spread them
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != 0) put(oldKeys[i], oldValues[i]);
    }
}
