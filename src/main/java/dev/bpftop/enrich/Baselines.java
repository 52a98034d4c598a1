package dev.bpftop.enrich;

import dev.bpftop.collect.Task;
import java.util.List;

/**
 * One walk's counters of each task, kept for the next walk's cpu_pct and byte rates, found by
 * {@link SnapshotSource#key}. Primitive arrays and an open-addressing index rather than a map of
 * records: at 10,000 processes the maps (a boxed key, a node and a record per task, for cpu and
 * for rates) held 2 MB for the live view's whole life and made as much garbage every tick.
 */
final class Baselines {
    private final long[] keys;
    /** Index + 1 into the arrays by hash of the key, linear probing; 0 is an empty slot. */
    private final int[] slots;
    private final long[] readNs, cpuNs, runtimeNs, read, write, rx, tx;

    private Baselines(int n) {
        keys = new long[n];
        slots = new int[Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1];
        readNs = new long[n];
        cpuNs = new long[n];
        runtimeNs = new long[n];
        read = new long[n];
        write = new long[n];
        rx = new long[n];
        tx = new long[n];
    }

    /** @param walkNs when the walk began: the reading time of a task the collector gave none */
    static Baselines of(List<Task> tasks, long walkNs) {
        Baselines b = new Baselines(tasks.size());
        int n = 0;
        for (Task t : tasks) {
            long key = SnapshotSource.key(t);
            int slot = b.slotOf(key);
            int i = b.slots[slot] - 1;
            if (i < 0) { // a key seen twice (never so: it names one task) keeps the last reading, as a map would
                i = n++;
                b.slots[slot] = i + 1;
                b.keys[i] = key;
            }
            b.readNs[i] = t.readNs != 0 ? t.readNs : walkNs;
            b.cpuNs[i] = t.cpuNs();
            b.runtimeNs[i] = t.runtimeNs;
            b.read[i] = t.readBytes;
            b.write[i] = t.writeBytes;
            b.rx[i] = t.netRxBytes;
            b.tx[i] = t.netTxBytes;
        }
        return b;
    }

    /** The index of {@code t}'s reading, or -1 when the walk did not see it. */
    int find(Task t) {
        int i = slots[slotOf(SnapshotSource.key(t))];
        return i - 1;
    }

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

    long readNs(int i) { return readNs[i]; }
    long cpuNs(int i) { return cpuNs[i]; }
    long runtimeNs(int i) { return runtimeNs[i]; }
    long readBytes(int i) { return read[i]; }
    long writeBytes(int i) { return write[i]; }
    long rxBytes(int i) { return rx[i]; }
    long txBytes(int i) { return tx[i]; }
}
