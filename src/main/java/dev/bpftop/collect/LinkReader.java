package dev.bpftop.collect;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * readlink(2) with the link's bytes kept: Files.readSymbolicLink decodes them with the platform's
 * file name encoding, which turns bytes that are not valid in it (a hostile file name, or any
 * non-ASCII one under the C locale) into '?' for good. Not thread-safe: one buffer per reader.
 */
final class LinkReader {
    private static final MethodHandle READLINK = CWords.libc("readlink", true);
    private static final int EACCES = 13;

    private final MemorySegment path, target, state;

    LinkReader() {
        Arena arena = Arena.ofAuto();
        path = arena.allocate(4096);
        target = arena.allocate(4097);
        state = arena.allocate(CWords.CALL_STATE);
    }

    /** Whether the last {@link #read} failed for want of permission (a process not ours to see), not because the link went away. */
    boolean denied() { return CWords.errno(state) == EACCES; }

    /** The link's target as {@link RawText} decodes it; null when there is none (the fd was closed). */
    String read(String link) {
        byte[] name = link.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MemorySegment.copy(name, 0, path, ValueLayout.JAVA_BYTE, 0, name.length);
        path.set(ValueLayout.JAVA_BYTE, name.length, (byte) 0);
        long n;
        try {
            CWords.clearErrno(state);
            n = CWords.call(READLINK, state, path.address(), target.address(), 4096L);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (n < 0) return null;
        return RawText.decode(target.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
    }
}
