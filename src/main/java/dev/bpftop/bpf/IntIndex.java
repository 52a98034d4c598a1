package dev.bpftop.bpf;

import java.util.Arrays;

/**
 * A map from positive ints (pids) to non-negative ints (positions in a walk), open addressing
 * with linear probing: a walk looks up each of 10,000 tasks' thread groups, and a
 * {@code HashMap<Integer, ..>} cost a boxed key and a node per task. Cleared and refilled each walk.
 */
final class IntIndex {
    private int[] keys = new int[64];
    private int[] values = new int[64];
    private int size;

    /** The value put for {@code key}, or -1. */
    int get(int key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) return values[i];
            if (k == 0) return -1;
        }
    }

    /** @param key positive (0 marks an empty slot) */
    void put(int key, int value) {
        if (key <= 0) throw new IllegalArgumentException("key " + key);
        if (2 * (size + 1) > keys.length) grow();
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
        if (keys[i] == 0) size++;
        keys[i] = key;
        values[i] = value;
    }

    void clear() {
        if (size == 0) return;
        Arrays.fill(keys, 0);
        size = 0;
    }

    int size() { return size; }

    private void grow() {
        int[] oldKeys = keys, oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != 0) put(oldKeys[i], oldValues[i]);
    }

    /** Pids come in runs of consecutive numbers: spread them over the table. */
    private static int mix(int key) {
        int h = key * 0x9e3779b9;
        return h ^ (h >>> 16);
    }
}
