package dev.bpftop.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.ProcfsCollector;
import dev.bpftop.testing.Spawned;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The agent's snapshot sharing on a real /proc walk: a request is never served by a walk that
 * began before it came, and requests that wait while a walk runs share the next one.
 */
class SharedWalksTest {
    /** The real procfs collector, counted; its first walk can be held until the test lets it go. */
    static final class CountedWalks implements Collector {
        final ProcfsCollector real = new ProcfsCollector();
        final AtomicInteger walks = new AtomicInteger();
        final CountDownLatch firstWalkStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);

        @Override public String name() { return real.name(); }
        @Override public TaskList collect() { return collect(Detail.all()); }
        @Override public void close() { real.close(); }

        @Override
        public TaskList collect(Set<Detail> details) {
            if (walks.incrementAndGet() == 1) {
                firstWalkStarted.countDown();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return real.collect(details);
        }
    }

    @Test
    void aRequestAfterAChangeSeesTheChangeEvenWhenAWalkJustRan() throws Exception {
        CountedWalks c = new CountedWalks();
        c.releaseFirst.countDown();
        try (SnapshotSource source = new SnapshotSource(c, Enrichers.none(), 0)) {
            source.shareWithin(java.time.Duration.ZERO);
            source.refresh();
            try (Spawned later = Spawned.start("sleep", "1000")) {
                Snapshot s = source.refresh();
                assertTrue(s.processes().stream().anyMatch(t -> t.tgid == later.pid()), "the process started after the first walk");
            }
            assertEquals(2, c.walks.get());
        }
    }

    @Test
    void requestsThatWaitDuringAWalkShareTheNextOne() throws Exception {
        CountedWalks c = new CountedWalks();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (SnapshotSource source = new SnapshotSource(c, Enrichers.none(), 0)) {
            Future<Snapshot> first = pool.submit(() -> source.refresh());
            c.firstWalkStarted.await();
            List<Thread> waiting = new ArrayList<>();
            List<Future<Snapshot>> later = new ArrayList<>();
            for (int i = 0; i < 7; i++) later.add(pool.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                return source.refresh();
            }));
            // Let the first walk finish only once all seven wait on it.
            while (true) {
                synchronized (waiting) {
                    if (waiting.size() == 7 && waiting.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED)) break;
                }
                Thread.sleep(5);
            }
            c.releaseFirst.countDown();
            Snapshot s0 = first.get();
            Snapshot shared = later.getFirst().get();
            for (Future<Snapshot> f : later) assertSame(shared, f.get(), "one walk serves all who waited");
            assertNotSame(s0, shared, "none of them read the walk that began before they came");
            assertEquals(2, c.walks.get(), "eight requests, two walks");
        } finally {
            pool.shutdownNow();
        }
    }
}
