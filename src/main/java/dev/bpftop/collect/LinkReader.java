package dev.bpftop.collect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * readlink(2) with the link's bytes kept: Files.readSymbolicLink decodes them with the platform's
 * file name encoding, which turns bytes that are not valid in it (a hostile file name, or any
 * non-ASCII one under the C locale) into '?' for good. Not thread-safe: one buffer per reader.
 */
final class LinkReader {
    private static final MethodHandle READLINK;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final int EACCES = 13;

    static {
        Linker linker = Linker.nativeLinker();
        READLINK = linker.downcallHandle(linker.defaultLookup().find("readlink").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.captureCallState("errno"));
    }

    private final MemorySegment path, target, state;

    LinkReader() {
        Arena arena = Arena.ofAuto();
        path = arena.allocate(4096);
        target = arena.allocate(4097);
        state = arena.allocate(CALL_STATE);
    }

    /** Whether the last {@link #read} failed for want of permission (a process not ours to see), not because the link went away. */
    boolean denied() { return (int) ERRNO.get(state, 0L) == EACCES; }

    /** The link's target as {@link RawText} decodes it; null when there is none (the fd was closed). */
    String read(String link) {
        byte[] name = link.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MemorySegment.copy(name, 0, path, ValueLayout.JAVA_BYTE, 0, name.length);
        path.set(ValueLayout.JAVA_BYTE, name.length, (byte) 0);
        long n;
        try {
            ERRNO.set(state, 0L, 0);
            n = (long) READLINK.invokeExact(state, path, target, 4096L);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (n < 0) return null;
        return RawText.decode(target.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
    }
}
