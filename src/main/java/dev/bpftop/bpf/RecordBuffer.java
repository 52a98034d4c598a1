package dev.bpftop.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One walk's records, gathered in one growing segment from both ways they leave the kernel: the
 * ring buffer (as libbpf hands them over) and the iterator fd (records the ring had no room for).
 * Their order does not matter: each record is self-contained.
 */
final class RecordBuffer implements LibBpf.RingSink {
    private final Arena arena;
    private MemorySegment segment;
    private long length;

    RecordBuffer(Arena arena, long initialBytes) {
        this.arena = arena;
        this.segment = arena.allocate(initialBytes);
    }

    MemorySegment segment() { return segment; }

    long length() { return length; }

    void clear() { length = 0; }

    @Override
    public void accept(MemorySegment record) {
        ensure(record.byteSize());
        MemorySegment.copy(record, 0, segment, length, record.byteSize());
        length += record.byteSize();
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

    /** Doubles the segment as needed; an old one stays in the arena until close, at most as big as the new one. */
    private void ensure(long more) {
        while (segment.byteSize() - length < more) {
            MemorySegment bigger = arena.allocate(segment.byteSize() * 2);
            MemorySegment.copy(segment, 0, bigger, 0, length);
            segment = bigger;
        }
    }
}
