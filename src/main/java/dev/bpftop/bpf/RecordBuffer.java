package dev.bpftop.bpf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One walk's records, gathered in one growing segment from both ways they leave the kernel: the
 * ring buffer (see {@link RingReader}) and the iterator fd (records the ring had no room for).
 * Their order does not matter: each record is self-contained.
 */
final class RecordBuffer implements AutoCloseable {
    /** Grows without a copy, and only the bytes a walk wrote are resident (a one-liner's peak is its first, whole walk). */
    private final AnonymousMapping memory;
    private long length;
    private final long initialBytes;

    RecordBuffer(long initialBytes) { this(initialBytes, initialBytes); }

    /**
     * @param firstBytes   mapped at first: what the first walk is expected to write (untouched pages cost nothing)
     * @param initialBytes the least it keeps when it gives back what later walks do not use
     */
    RecordBuffer(long firstBytes, long initialBytes) {
        this.initialBytes = initialBytes;
        this.memory = new AnonymousMapping(Math.max(firstBytes, initialBytes));
    }

    MemorySegment segment() { return memory.segment(); }

    long length() { return length; }

    void clear() { length = 0; }

    /** Drops what was appended after {@code length} (a walk that failed half-way). */
    void truncate(long length) { this.length = Math.min(this.length, length); }

    /**
     * Empties the buffer for a new walk, and gives most of it back when the walk that ended used
     * under a quarter of it: a monitor's delta walks take 40 bytes a task after a first walk of
     * whole records that took ten times as much (at 10,000 processes, 6 MB kept for 0.4 MB used).
     */
    void restart() {
        long size = memory.segment().byteSize();
        if (size > initialBytes && length < size / 4) memory.resize(Math.max(initialBytes, 2 * length));
        length = 0;
    }

    /** Appends {@code size} bytes of {@code from} at {@code offset}: one record, taken from the ring by {@link RingReader}. */
    void append(MemorySegment from, long offset, long size) {
        ensure(size);
        MemorySegment.copy(from, offset, memory.segment(), length, size);
        length += size;
    }

    /** Appends everything the fd gives until its end; a seq_file read gives at most 32 KiB. */
    void readToEnd(LibBpf bpf, int fd, MemorySegment callState) {
        while (true) {
            ensure(64 << 10);
            MemorySegment segment = memory.segment();
            long n = bpf.read(fd, segment, length, segment.byteSize() - length, callState);
            if (n == 0) return;
            length += n;
        }
    }

    /**
     * Runs one iterator walk into this buffer: reading a fresh iterator fd runs its program, whose
     * records land in {@code ring} (in the fd only where the ring is full), then the ring's.
     *
     * @return the nanoseconds spent taking the ring's records
     */
    long walk(LibBpf bpf, MemorySegment link, RingReader ring) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = LibBpf.callState(call);
            int fd = bpf.iterCreate(bpf.linkFd(link), state);
            try {
                readToEnd(bpf, fd, state);
            } finally {
                bpf.close(fd);
            }
        }
        long t = System.nanoTime();
        ring.drainTo(this);
        return System.nanoTime() - t;
    }

    /** Grows the mapping by half as needed: in place or moved by the kernel, never copied, and written pages only are resident. */
    private void ensure(long more) {
        long size = memory.segment().byteSize();
        while (size - length < more) size += size / 2;
        memory.resize(size);
    }

    @Override
    public void close() { memory.close(); }
}
