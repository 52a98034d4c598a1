package dev.bpftop.bpf;

import static dev.bpftop.bpf.FileRecordLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.bpftop.collect.OpenFile;
import dev.bpftop.collect.RawText;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder over a heap window: records laid out as bpf/files_iter.bpf.c's emit() writes them. */
class FileRecordTest {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    /** An fd record with a path, padded to 8 bytes as emit() pads it; returns the offset after it. */
    private static long put(MemorySegment m, long at, int pid, int fd, long pos, long ino, String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        int size = (HEAD_SIZE + name.length + 7) & ~7;
        m.set(INT, at + RECORD_SIZE, size);
        m.set(SHORT, at + KIND, (short) FREC_FD);
        m.set(SHORT, at + NAME_LEN, (short) name.length);
        m.set(INT, at + TGID, pid);
        m.set(INT, at + FD, fd);
        m.set(INT, at + FLAGS, FREC_PATH);
        m.set(INT, at + F_FLAGS, 02);
        m.set(LONG, at + POS, pos);
        m.set(LONG, at + INO, ino);
        m.set(INT, at + DEV, (8 << 20) | 3);
        m.set(INT, at + I_MODE, 0100644);
        MemorySegment.copy(name, 0, m, ValueLayout.JAVA_BYTE, at + HEAD_SIZE, name.length);
        return at + size;
    }

    private static String path(int i) { return "/var/lib/" + "d".repeat(i % 300) + "/f" + i; }

    @Test
    void recordsThatStraddleTheWindowsEdgesDecodeWhole() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(4 << 20);
            long end = 0;
            int n = 5000; // ~1 MB: records of many lengths cross several 64 KiB window edges
            for (int i = 0; i < n; i++) end = put(m, end, 100 + i / 10, i % 10, i * 7L, 1_000_000L + i, path(i));
            FileRecord r = new FileRecord(new Interner<>(1 << 4, RawText::decode), new Interner<>(1 << 4, b -> b));
            r.start(m, end);
            List<OpenFile> files = new ArrayList<>();
            while (r.next()) files.add(r.toOpenFile(true, null, null));
            assertEquals(n, files.size());
            for (int i = 0; i < n; i++) {
                OpenFile f = files.get(i);
                assertEquals(100 + i / 10, f.pid());
                assertEquals(i % 10, f.fd());
                assertEquals(i * 7L, f.position());
                assertEquals(1_000_000L + i, f.inode());
                assertEquals(8, f.major());
                assertEquals(3, f.minor());
                assertEquals("file", f.type());
                assertEquals(path(i), f.path());
            }
        }
    }

    @Test
    void aRecordCutShortAtTheEndIsNotRead() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(1 << 16);
            long first = put(m, 0, 1, 0, 0, 1, "/a");
            long end = put(m, first, 1, 1, 0, 2, "/some/longer/path");
            FileRecord r = new FileRecord(new Interner<>(1 << 4, RawText::decode), null);
            r.start(m, end - 8);
            assertTrue(r.next());
            assertEquals("/a", r.toOpenFile(true, null, null).path());
            assertFalse(r.next());
        }
    }

    @Test
    void anUnchangedDescriptorIsTheEarlierRowAndAChangedOneANewRow() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(1 << 16);
            long end = put(m, 0, 7, 3, 10, 42, "/held");
            FileRecord r = new FileRecord(new Interner<>(1 << 4, RawText::decode), null);
            r.start(m, end);
            assertTrue(r.next());
            OpenFile first = r.toOpenFile(true, null, null);
            assertSame(first, r.toOpenFile(true, null, first));
            put(m, 0, 7, 3, 11, 42, "/held"); // the position moved
            r.start(m, end);
            assertTrue(r.next());
            OpenFile moved = r.toOpenFile(true, null, first);
            assertNotSame(first, moved);
            assertEquals(11, moved.position());
            assertNull(r.toOpenFile(false, null, first).path(), "a walk without paths gives none, whatever the row before had");
        }
    }
}
