package dev.bpftop.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Decodes byte strings of a walk's records once each: the same bytes give back the same value, in
 * one collection and the next. 50,000 descriptors of one file, or 20,000 connections from
 * 127.0.0.1, then cost one path or address, not one String or array each to allocate (and the
 * fresh young-generation pages those first touch, a page fault each in this VM). A
 * direct-mapped table: a slot keeps the last bytes that hashed to it, and bytes longer than
 * {@link #LONGEST} are decoded each time, so it keeps a megabyte or so at most, however many
 * distinct names a walk has.
 *
 * <p>Values are shared: {@code decode} must give something nobody changes (a String, or the
 * array itself for bytes that are only read). Not for two threads at once: one collection at a
 * time uses it (BpfFiles.collect is synchronized).
 */
final class Interner<T> {
    static final int LONGEST = 256;
    private final Function<byte[], T> decode;
    private final byte[][] keys;
    private final Object[] values;
    private final byte[] scratch = new byte[LONGEST];

    /** @param slots a power of two */
    Interner(int slots, Function<byte[], T> decode) {
        this.decode = decode;
        this.keys = new byte[slots][];
        this.values = new Object[slots];
    }

    /** The value of the {@code n} bytes of {@code buf} at {@code at}. */
    T get(MemorySegment buf, long at, int n) {
        if (n > LONGEST) return decode.apply(copy(buf, at, n));
        // One bulk copy, then array code: each read of a segment is a VarHandle call, which C1
        // (bin/bpftop's one-liners) and a JIT starved of CPU leave slow.
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, at, scratch, 0, n);
        return get(scratch, 0, n);
    }

    /** The value of the {@code n} bytes of {@code b} at {@code at}: what a decoder that reads a heap copy of its records calls. */
    @SuppressWarnings("unchecked")
    T get(byte[] b, int at, int n) {
        if (n > LONGEST) return decode.apply(Arrays.copyOfRange(b, at, at + n));
        int slot = hash(b, at, n) & (keys.length - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, b, at, at + n)) return (T) values[slot];
        byte[] bytes = Arrays.copyOfRange(b, at, at + n);
        T value = decode.apply(bytes);
        keys[slot] = bytes;
        values[slot] = value;
        return value;
    }

    private static byte[] copy(MemorySegment buf, long at, int n) {
        byte[] bytes = new byte[n];
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, at, bytes, 0, n);
        return bytes;
    }

    /**
     * From the length and the first and last 8 bytes only, which tell most names apart (a
     * directory, a file name): names that differ only in their middle share a slot and take it
     * from each other, decoded each time as without the interner.
     */
    private static int hash(byte[] b, int at, int n) {
        long h = n;
        for (int i = 0; i < Math.min(n, 8); i++) h = h * 31 + b[at + i];
        for (int i = Math.max(8, n - 8); i < n; i++) h = h * 31 + b[at + i];
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
