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
    private final long initialBytes;

    RecordBuffer(long initialBytes) {
        this.initialBytes = initialBytes;
        this.arena = Arena.ofShared();
        this.segment = arena.allocate(initialBytes);
    }

    MemorySegment segment() { return segment; }

    long length() { return length; }

    void clear() { length = 0; }

    /**
     * Empties the buffer for a new walk, and gives most of it back when the walk that ended used
     * under a quarter of it: a monitor's delta walks take 40 bytes a task after a first walk of
     * whole records that took ten times as much (at 10,000 processes, 6 MB kept for 0.4 MB used).
     */
    void restart() {
        long size = segment.byteSize();
        if (size > initialBytes && length < size / 4) replace(Math.max(initialBytes, 2 * length));
        length = 0;
    }

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
     * Grows the segment by half as needed and frees the old one: every byte of it is resident, as
     * allocation zeroes it, so it grows only as a walk needs (see {@link #restart} for shrinking).
     */
    private void ensure(long more) {
        long size = segment.byteSize();
        while (size - length < more) size += size / 2;
        if (size != segment.byteSize()) replace(size);
    }

    /** Moves the records into a new segment of {@code size} bytes and frees the old one. */
    private void replace(long size) {
        Arena other = Arena.ofShared();
        MemorySegment moved = other.allocate(size);
        MemorySegment.copy(segment, 0, moved, 0, length);
        arena.close();
        arena = other;
        segment = moved;
    }

    @Override
    public void close() { arena.close(); }
}
