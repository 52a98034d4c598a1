package dev.bpftop.collect;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * C functions of integer and pointer arguments, all bound through two FFM shapes: six 64-bit
 * words ({@code long}) in, one out, with or without errno captured. Each distinct shape costs a
 * cold JVM several milliseconds of CPU to spin up (a stub class and its lambda forms), on the
 * BPF backend's opening thread, which a one-liner waits for; one shape per arity made nine.
 *
 * <p>A call passes its own arguments and zeros for the rest ({@link #call}): on the 64-bit ABIs
 * bpftop runs on (x86-64 System V, AArch64) the first six integer arguments travel in registers,
 * and a function reads only those it declares. A word holds any C integer or pointer: a narrower
 * argument is read from the low bits of its register, and a narrower result is the low bits of the
 * returned word, so an {@code int} result is {@code (int) word}. A pointer argument is
 * {@code segment.address()} of native memory that outlives the call; a pointer result is
 * {@code MemorySegment.ofAddress(word)}. Not for variadic functions (open, ioctl, mremap): their
 * calling convention differs, so they keep descriptors of their own.
 */
public final class CWords {
    private static final Linker LINKER = Linker.nativeLinker();
    /** The state an errno-capturing call fills; the first argument of such a handle. */
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** The arguments every handle takes: more than any function bound here declares. */
    private static final int WORDS = 6;
    private static final FunctionDescriptor SIX_WORDS;

    static {
        ValueLayout[] args = new ValueLayout[WORDS];
        Arrays.fill(args, ValueLayout.JAVA_LONG);
        SIX_WORDS = FunctionDescriptor.of(ValueLayout.JAVA_LONG, args);
    }

    private CWords() {}

    /**
     * {@code name} from {@code lookup} as a handle to give {@link #call}: of type
     * {@code (long × 6) long}, or with {@code errno}, {@code (MemorySegment state, long × 6) long}
     * (read it with {@link #errno}).
     *
     * @throws java.util.NoSuchElementException when the library lacks {@code name}
     */
    public static MethodHandle bind(SymbolLookup lookup, String name, boolean errno) {
        MemorySegment symbol = lookup.find(name).orElseThrow();
        return errno ? LINKER.downcallHandle(symbol, SIX_WORDS, CAPTURE_ERRNO) : LINKER.downcallHandle(symbol, SIX_WORDS);
    }

    /** A C library function, as {@link #bind}. */
    public static MethodHandle libc(String name, boolean errno) {
        return bind(LINKER.defaultLookup(), name, errno);
    }

    // A function of fewer arguments than six gets zeros for the rest, which it never reads.

    public static long call(MethodHandle f, long a) throws Throwable { return (long) f.invokeExact(a, 0L, 0L, 0L, 0L, 0L); }

    public static long call(MethodHandle f, long a, long b) throws Throwable { return (long) f.invokeExact(a, b, 0L, 0L, 0L, 0L); }

    public static long call(MethodHandle f, long a, long b, long c) throws Throwable { return (long) f.invokeExact(a, b, c, 0L, 0L, 0L); }

    public static long call(MethodHandle f, long a, long b, long c, long d) throws Throwable {
        return (long) f.invokeExact(a, b, c, d, 0L, 0L);
    }

    public static long call(MethodHandle f, long a, long b, long c, long d, long e, long g) throws Throwable {
        return (long) f.invokeExact(a, b, c, d, e, g);
    }

    /** An errno-capturing function ({@code bind(…, true)}), its errno left in {@code state}. */
    public static long call(MethodHandle f, MemorySegment state, long a) throws Throwable {
        return (long) f.invokeExact(state, a, 0L, 0L, 0L, 0L, 0L);
    }

    public static long call(MethodHandle f, MemorySegment state, long a, long b) throws Throwable {
        return (long) f.invokeExact(state, a, b, 0L, 0L, 0L, 0L);
    }

    public static long call(MethodHandle f, MemorySegment state, long a, long b, long c) throws Throwable {
        return (long) f.invokeExact(state, a, b, c, 0L, 0L, 0L);
    }

    public static long call(MethodHandle f, MemorySegment state, long a, long b, long c, long d, long e, long g) throws Throwable {
        return (long) f.invokeExact(state, a, b, c, d, e, g);
    }

    /** The errno an errno-capturing call left in {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Clears {@code state}'s errno (a call that succeeds leaves what was there). */
    public static void clearErrno(MemorySegment state) {
        ERRNO.set(state, 0L, 0);
    }
}
