package dev.bpftop.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Function;

/**
 * Decodes byte strings of a walk's records once each: the same bytes give back the same value, in
 * one collection and the next. 50,000 descriptors of one file, or 20,000 connections from
 * 127.0.0.1, then cost one path or address, not one String or array each to allocate (and the
 * fresh young-generation pages those first touch, a page fault each in this VM). A
 * direct-mapped table: a slot keeps the last bytes that hashed to it, and bytes longer than
 * {@link #LONGEST} are decoded each time, so what it keeps stays near a megabyte at most however many
 * distinct names a walk has.
 *
 * <p>Values are shared: {@code decode} must give something nobody changes (a String, or the
 * array itself for bytes that are only read).
 */
final class Interner<T> {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    static final int LONGEST = 256;
    private final Function<byte[], T> decode;
    private final byte[][] keys;
    private final Object[] values;

    /** @param slots a power of two */
    Interner(int slots, Function<byte[], T> decode) {
        this.decode = decode;
        this.keys = new byte[slots][];
        this.values = new Object[slots];
    }

    /** The value of the {@code n} bytes of {@code buf} at {@code at}. */
    @SuppressWarnings("unchecked")
    T get(MemorySegment buf, long at, int n) {
        if (n > LONGEST) return decode.apply(copy(buf, at, n));
        int slot = hash(buf, at, n) & (keys.length - 1);
        byte[] key = keys[slot];
        if (key != null && key.length == n && MemorySegment.mismatch(buf, at, at + n, MemorySegment.ofArray(key), 0, n) == -1) {
            return (T) values[slot];
        }
        byte[] bytes = copy(buf, at, n);
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

    private static int hash(MemorySegment buf, long at, int n) {
        long h = n;
        int i = 0;
        for (; i + 8 <= n; i += 8) h = (h ^ buf.get(LONG, at + i)) * 0x9E3779B97F4A7C15L;
        for (; i < n; i++) h = (h ^ buf.get(ValueLayout.JAVA_BYTE, at + i)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 41));
    }
}
