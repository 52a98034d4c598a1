package dev.bpftop.bpf;

import dev.bpftop.collect.CWords;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Private anonymous memory (mmap) that is resized in place, or moved by the kernel without a copy
 * (mremap). A page is resident only once written, so a buffer that a walk fills to a size nobody
 * knows in advance costs what it holds: a larger zeroed allocation and a copy, each time it is
 * outgrown, had both the old and the new one resident, the new one whole.
 */
final class AnonymousMapping implements AutoCloseable {
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20, MREMAP_MAYMOVE = 1;
    /** Sizes are rounded up to this, a multiple of every page size Linux has on x86-64 and arm64. */
    private static final long GRAIN = 64 << 10;
    private static final MethodHandle MMAP = CWords.libc("mmap", false), MUNMAP = CWords.libc("munmap", false);

    /**
     * Bound on the first resize: mremap is variadic (a fifth argument only with MREMAP_FIXED; called
     * with none of them), an FFM shape of its own that costs a cold start milliseconds on the BPF
     * backend's opening thread, and a one-liner's first walk fits the buffer it is mapped with.
     */
    private static final class Remap {
        static final MethodHandle MREMAP;

        static {
            Linker linker = Linker.nativeLinker();
            ValueLayout ptr = ValueLayout.ADDRESS, size = ValueLayout.JAVA_LONG, integer = ValueLayout.JAVA_INT;
            MREMAP = linker.downcallHandle(linker.defaultLookup().findOrThrow("mremap"), FunctionDescriptor.of(ptr, ptr, size, size, integer),
                    Linker.Option.firstVariadicArg(4));
        }
    }

    private MemorySegment memory;

    AnonymousMapping(long bytes) {
        long rounded = round(bytes);
        try {
            memory = checked(MemorySegment.ofAddress(CWords.call(MMAP, 0L, rounded, (long) (PROT_READ | PROT_WRITE),
                    (long) (MAP_PRIVATE | MAP_ANONYMOUS), -1L, 0L)), rounded);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** The whole mapping; a {@link #resize} replaces it (the old segment must not be used after). */
    MemorySegment segment() { return memory; }

    /** Grows or shrinks the mapping to at least {@code bytes}, keeping what it holds up to the smaller size. */
    void resize(long bytes) {
        long rounded = round(bytes);
        if (rounded == memory.byteSize()) return;
        try {
            memory = checked((MemorySegment) Remap.MREMAP.invokeExact(memory, memory.byteSize(), rounded, MREMAP_MAYMOVE), rounded);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    @Override
    public void close() {
        if (memory == null) return;
        try {
            long rc = CWords.call(MUNMAP, memory.address(), memory.byteSize());
        } catch (Throwable e) {
            throw rethrown(e);
        }
        memory = null;
    }

    private static long round(long bytes) {
        return Math.max(GRAIN, (bytes + GRAIN - 1) / GRAIN * GRAIN);
    }

    /** MAP_FAILED is -1: the kernel gave no memory, as a failed allocation does. */
    private static MemorySegment checked(MemorySegment at, long bytes) {
        if (at.address() == -1L) throw new OutOfMemoryError("no memory for a walk's records (" + bytes + " bytes)");
        return at.reinterpret(bytes);
    }

    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException r) throw r;
        if (e instanceof Error err) throw err;
        return new IllegalStateException(e);
    }
}
