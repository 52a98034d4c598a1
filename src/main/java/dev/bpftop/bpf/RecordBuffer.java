package dev.bpftop.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One walk's records, gathered in one growing segment from both ways they leave the kernel: the
 * ring buffer (see {@link RingReader}) and the iterator fd (records the ring had no room for).
 * Their order does not matter: each record is self-contained.
 */
final class RecordBuffer implements AutoCloseable {
    /** Each segment has an arena of its own, so that the one it outgrows is freed, not kept. */
    private Arena arena;
    private MemorySegment segment;
    private long length;

    RecordBuffer(long initialBytes) {
        this.arena = Arena.ofShared();
        this.segment = arena.allocate(initialBytes);
    }

    MemorySegment segment() { return segment; }

    long length() { return length; }

    void clear() { length = 0; }

    /** Appends {@code size} bytes of {@code from} at {@code offset}: one record, taken from the ring by {@link RingReader}. */
    void append(MemorySegment from, long offset, long size) {
        ensure(size);
        MemorySegment.copy(from, offset, segment, length, size);
        length += size;
    }

    /** Appends everything the fd gives until its end; a seq_file read gives at most 32 KiB. */
    void readToEnd(LibBpf bpf, int fd, MemorySegment callState) {
        while (true) {
            ensure(64 << 10);
            long n = bpf.read(fd, segment, length, segment.byteSize() - length, callState);
            if (n == 0) return;
            length += n;
        }
    }

    /**
     * Grows the segment by half as needed and frees the old one: the buffer stays at the largest
     * walk's size for the session (a monitor repeats the same walk), and every byte of it is
     * resident, as allocation zeroes it.
     */
    private void ensure(long more) {
        long size = segment.byteSize();
        while (size - length < more) size += size / 2;
        if (size == segment.byteSize()) return;
        Arena larger = Arena.ofShared();
        MemorySegment bigger = larger.allocate(size);
        MemorySegment.copy(segment, 0, bigger, 0, length);
        arena.close();
        arena = larger;
        segment = bigger;
    }

    @Override
    public void close() { arena.close(); }
}
