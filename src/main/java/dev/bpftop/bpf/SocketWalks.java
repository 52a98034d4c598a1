package dev.bpftop.bpf;

import dev.bpftop.collect.SocketEntry;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The socket iterators of bpf/files_iter.bpf.o (iter/tcp, iter/udp, iter/unix): every socket of
 * this network namespace, walked and decoded on a thread of their own while the caller walks the
 * descriptors. The two walks share nothing in the kernel (each its own ring and scratch record)
 * and take about as long each at 20,000 sockets, so the collection costs the longer of the two
 * rather than their sum on a machine with two CPUs or more, as ss, one thread, cannot.
 */
final class SocketWalks implements AutoCloseable {
    private static final String[] PROGRAMS = {"dump_tcp", "dump_udp", "dump_unix"};

    /** One walk's sockets, in the iterators' order, and the index from a socket's key to its position. */
    record Walked(List<SocketEntry> sockets, SocketKeyIndex byKey, long walkNs, long drainNs, long parseNs, long recordBytes) {}

    private final LibBpf bpf;
    private final List<MemorySegment> links = new ArrayList<>();
    private final RingReader ring;
    private final RecordBuffer records = new RecordBuffer(1 << 20);
    private final SocketKeyIndex byKey = new SocketKeyIndex();
    /** Addresses are only read (SocketEntry's users copy them): one array serves every socket with the same. */
    private final Interner<byte[]> addresses = new Interner<>(1 << 8, bytes -> bytes);
    private final FileRecord record = new FileRecord(null, addresses);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bpftop-socket-walks");
        t.setDaemon(true);
        return t;
    });

    SocketWalks(LibBpf bpf, MemorySegment object) {
        this.bpf = bpf;
        try {
            for (String name : PROGRAMS) links.add(bpf.attachIter(bpf.findProgram(object, name)));
            MemorySegment map = bpf.findMap(object, "socket_records");
            ring = new RingReader(bpf, bpf.mapFd(map), bpf.maxEntries(map));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts a walk of every socket on this object's thread: {@link #await} gives it. */
    Future<Walked> start() {
        if (Boolean.getBoolean("bpftop.files.serial")) return java.util.concurrent.CompletableFuture.completedFuture(walk());
        return thread.submit(this::walk);
    }

    /** The walk {@link #start} began; rethrows what failed it. */
    static Walked await(Future<Walked> walk) {
        try {
            return walk.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the socket iterators ran", e);
        }
    }

    /** Waits for a walk whose result nobody will read (its caller failed), so that the next one finds its buffers free. */
    static void settle(Future<Walked> walk) {
        try {
            walk.get();
        } catch (ExecutionException | RuntimeException e) {
            // the caller's own failure is the one to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Walked walk() {
        records.clear();
        ring.drainTo(records); // leftovers of a walk that failed half-way
        records.clear();
        long t0 = System.nanoTime(), drainNs = 0;
        for (MemorySegment link : links) drainNs += records.walk(bpf, link, ring);
        long t1 = System.nanoTime();
        long length = records.length();
        List<SocketEntry> sockets = new ArrayList<>((int) (length / FileRecordLayout.SIZE));
        byKey.clear((int) (length / FileRecordLayout.SIZE));
        FileRecord r = record;
        r.start(records.segment(), length);
        while (r.next()) {
            if (r.kind() != FileRecordLayout.FREC_SOCKET) continue;
            long key = r.sockKey();
            if (key != 0) byKey.put(key, sockets.size()); // 0: TIME_WAIT, a request socket, which no fd has
            sockets.add(r.toSocket());
        }
        return new Walked(sockets, byKey, t1 - t0, drainNs, System.nanoTime() - t1, length);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        if (ring != null) ring.close();
        for (MemorySegment l : links) bpf.destroyLink(l);
        records.close();
    }
}
