package dev.bpftop.collect;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * readlink(2) with the link's bytes kept: Files.readSymbolicLink decodes them with the platform's
 * file name encoding, which turns bytes that are not valid in it (a hostile file name, or any
 * non-ASCII one under the C locale) into '?' for good. Not thread-safe: one buffer per reader.
 */
final class LinkReader {
    private static final MethodHandle READLINK;

    static {
        Linker linker = Linker.nativeLinker();
        READLINK = linker.downcallHandle(linker.defaultLookup().find("readlink").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    }

    private final MemorySegment path, target;

    LinkReader() {
        Arena arena = Arena.ofAuto();
        path = arena.allocate(4096);
        target = arena.allocate(4097);
    }

    /** The link's target as {@link RawText} decodes it; null when there is none (the fd was closed). */
    String read(String link) {
        byte[] name = link.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MemorySegment.copy(name, 0, path, ValueLayout.JAVA_BYTE, 0, name.length);
        path.set(ValueLayout.JAVA_BYTE, name.length, (byte) 0);
        long n;
        try {
            n = (long) READLINK.invokeExact(path, target, 4096L);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (n < 0) return null;
        return RawText.decode(target.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
    }
}
