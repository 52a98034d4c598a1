package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.RawText;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InternerTest {
    private static MemorySegment bytes(Arena arena, String... parts) {
        byte[] all = String.join("", parts).getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment s = arena.allocate(all.length);
        s.copyFrom(MemorySegment.ofArray(all));
        return s;
    }

    @Test
    void theSameBytesGiveTheSameValueAndOtherBytesTheirOwn() {
        Interner<String> paths = new Interner<>(1 << 4, RawText::decode);
        try (Arena arena = Arena.ofConfined()) {
            // two copies of one path, then one that differs only in its last byte, at odd offsets
            MemorySegment buf = bytes(arena, "x/tmp/held-file-1/tmp/held-file-1/tmp/held-file-2");
            String first = paths.get(buf, 1, 16);
            assertEquals("/tmp/held-file-1", first);
            assertSame(first, paths.get(buf, 17, 16));
            assertEquals("/tmp/held-file-2", paths.get(buf, 33, 16));
            assertEquals("/tmp/held-file-1", paths.get(buf, 1, 16)); // after its slot may have been taken
            assertEquals("", paths.get(buf, 0, 0));
        }
    }

    @Test
    void slotsThatCollideStillGiveEachItsOwnValue() {
        Interner<String> one = new Interner<>(1, RawText::decode); // every key in one slot
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = bytes(arena, "abcabd");
            for (int i = 0; i < 3; i++) {
                assertEquals("abc", one.get(buf, 0, 3));
                assertEquals("abd", one.get(buf, 3, 3));
            }
        }
    }

    @Test
    void longNamesAreDecodedWhole() {
        Interner<String> paths = new Interner<>(1 << 4, RawText::decode);
        String longPath = "/" + "d".repeat(Interner.LONGEST + 100);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = bytes(arena, longPath);
            assertEquals(longPath, paths.get(buf, 0, longPath.length()));
            assertEquals(longPath, paths.get(buf, 0, longPath.length()));
        }
    }

    @Test
    void bytesOfAnArrayGiveWhatTheSameBytesOfASegmentGive() {
        Interner<String> paths = new Interner<>(1 << 4, RawText::decode);
        byte[] b = "x/tmp/held-file-1/tmp/held-file-1/tmp/held-file-2".getBytes(StandardCharsets.ISO_8859_1);
        String first = paths.get(b, 1, 16);
        assertEquals("/tmp/held-file-1", first);
        assertSame(first, paths.get(b, 17, 16));
        assertEquals("/tmp/held-file-2", paths.get(b, 33, 16));
        try (Arena arena = Arena.ofConfined()) {
            assertSame(paths.get(b, 33, 16), paths.get(bytes(arena, "/tmp/held-file-2"), 0, 16));
        }
        String longPath = "/" + "d".repeat(Interner.LONGEST + 100);
        assertEquals(longPath, paths.get(("." + longPath).getBytes(StandardCharsets.ISO_8859_1), 1, longPath.length()));
    }
}
