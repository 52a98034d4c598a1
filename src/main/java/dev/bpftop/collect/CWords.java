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
 * C functions of integer and pointer arguments bound through a few FFM shapes: every argument and
 * the result travel as a 64-bit word ({@code long}), so functions of one arity share one downcall
 * stub. Each distinct shape costs a cold JVM several milliseconds of CPU to spin up (a stub class and
 * its lambda forms); a one-liner used to make about twenty.
 *
 * <p>A word holds any C integer or pointer on the 64-bit ABIs bpftop runs on (x86-64 System V,
 * AArch64): a narrower argument is read from the low bits of its register, and a narrower result is
 * the low bits of the returned word, so an {@code int} result is {@code (int) word}. A pointer
 * argument is {@code segment.address()} of native memory that outlives the call; a pointer result
 * is {@code MemorySegment.ofAddress(word)}. Not for variadic functions (open, ioctl, mremap): their
 * calling convention differs, so they keep descriptors of their own.
 */
public final class CWords {
    private static final Linker LINKER = Linker.nativeLinker();
    /** The state an errno-capturing call fills; the first argument of such a handle. */
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private CWords() {}

    /**
     * {@code name} from {@code lookup} as a handle of type {@code (long × arity) long}, or with
     * {@code errno}, {@code (MemorySegment state, long × arity) long} (read it with {@link #errno}).
     *
     * @throws java.util.NoSuchElementException when the library lacks {@code name}
     */
    public static MethodHandle bind(SymbolLookup lookup, String name, int arity, boolean errno) {
        MemorySegment symbol = lookup.find(name).orElseThrow();
        return errno ? LINKER.downcallHandle(symbol, words(arity), CAPTURE_ERRNO) : LINKER.downcallHandle(symbol, words(arity));
    }

    /** A C library function, as {@link #bind}. */
    public static MethodHandle libc(String name, int arity, boolean errno) {
        return bind(LINKER.defaultLookup(), name, arity, errno);
    }

    /** The errno an errno-capturing call left in {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Clears {@code state}'s errno (a call that succeeds leaves what was there). */
    public static void clearErrno(MemorySegment state) {
        ERRNO.set(state, 0L, 0);
    }

    private static FunctionDescriptor words(int arity) {
        ValueLayout[] args = new ValueLayout[arity];
        Arrays.fill(args, ValueLayout.JAVA_LONG);
        return FunctionDescriptor.of(ValueLayout.JAVA_LONG, args);
    }
}
