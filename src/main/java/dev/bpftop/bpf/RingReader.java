package dev.bpftop.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Takes a BPF ring buffer's records straight from its shared memory, as libbpf's consumer does,
 * but in Java: libbpf's ring_buffer__consume calls back into Java once per record, an FFM upcall
 * each (10,000 per walk at 10,000 tasks); this loop copies them out with no call across at all.
 *
 * <p>The layout is the kernel's (kernel/bpf/ringbuf.c): a consumer page user space writes its
 * position into, then a producer page with the producer's position, then the data area, mapped
 * twice in a row so that a record that wraps around the end reads as one. Each record starts with
 * an 8-byte header (its length, with a busy bit while the producer writes it and a discard bit)
 * and is padded to 8 bytes.
 */
final class RingReader implements AutoCloseable {
    private static final int BUSY = 1 << 31, DISCARD = 1 << 30, HEADER = 8;
    private static final VarHandle POSITION = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle LENGTH = ValueLayout.JAVA_INT.varHandle();

    private final LibBpf bpf;
    private final MemorySegment consumer, producer;
    private final long page, mask;

    /** @param dataBytes the ring's max_entries: its data area, a power of two */
    RingReader(LibBpf bpf, int mapFd, long dataBytes) {
        this.bpf = bpf;
        this.page = bpf.pageSize();
        this.mask = dataBytes - 1;
        this.consumer = bpf.mmap(page, true, mapFd, 0);
        MemorySegment p;
        try {
            p = bpf.mmap(page + 2 * dataBytes, false, mapFd, page);
        } catch (RuntimeException e) {
            bpf.munmap(consumer);
            throw e;
        }
        this.producer = p;
    }

    /** Appends every record the producer has finished to {@code sink}, oldest first, and frees their room in the ring. */
    void drainTo(RecordBuffer sink) {
        long cons = (long) POSITION.getAcquire(consumer, 0L);
        long prod = (long) POSITION.getAcquire(producer, 0L);
        while (cons < prod) {
            long at = page + (cons & mask);
            int len = (int) LENGTH.getAcquire(producer, at);
            if ((len & BUSY) != 0) break; // still being written (never so after a walk; a reader must not pass it)
            int size = len & ~(BUSY | DISCARD);
            if ((len & DISCARD) == 0) sink.append(producer, at + HEADER, size);
            cons += (size + HEADER + 7) & ~7L;
        }
        POSITION.setRelease(consumer, 0L, cons);
    }

    @Override
    public void close() {
        bpf.munmap(producer);
        bpf.munmap(consumer);
    }
}
