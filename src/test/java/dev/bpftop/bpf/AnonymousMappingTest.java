package dev.bpftop.bpf;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The walk's record buffer: kept bytes survive growing (possibly a move) and shrinking, and only written pages are resident. */
class AnonymousMappingTest {
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;

    @Test
    void keepsWhatItHoldsAcrossResizes() {
        try (AnonymousMapping m = new AnonymousMapping(100)) {
            assertEquals(64 << 10, m.segment().byteSize(), "rounded up to whole pages");
            for (long at = 0; at < m.segment().byteSize(); at += 8) m.segment().set(I64, at, at * 31);
            m.resize(40L << 20);
            assertEquals(40L << 20, m.segment().byteSize());
            for (long at = 0; at < 64 << 10; at += 8) assertEquals(at * 31, m.segment().get(I64, at), "at " + at);
            assertEquals(0, m.segment().get(I64, (40L << 20) - 8), "new pages are zero");
            m.segment().set(I64, (40L << 20) - 8, 7);
            m.resize(128 << 10);
            assertEquals(128 << 10, m.segment().byteSize());
            for (long at = 0; at < 64 << 10; at += 8) assertEquals(at * 31, m.segment().get(I64, at), "at " + at);
        }
    }

    @Test
    void buffersOnlyWhatTheWalkWrote() {
        try (RecordBuffer buffer = new RecordBuffer(64 << 10)) {
            MemorySegment record = MemorySegment.ofArray(new byte[400]);
            for (int i = 0; i < 30_000; i++) {
                record.set(I64, 0, i);
                buffer.append(record, 0, 400);
            }
            assertEquals(12_000_000, buffer.length());
            for (int i = 0; i < 30_000; i += 997) assertEquals(i, buffer.segment().get(I64, 400L * i), "record " + i);
            long whole = buffer.segment().byteSize();
            buffer.restart();
            assertEquals(whole, buffer.segment().byteSize(), "a walk that used it all keeps it");
            buffer.append(record, 0, 400);
            assertEquals(400, buffer.length());
            buffer.restart();
            assertTrue(buffer.segment().byteSize() <= 128 << 10, "a walk that used a sliver gives the rest back");
        }
    }
}
