package dev.bpftop.bpf;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.WalkStats;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A collector opened on another thread; the first use waits for it. On a cold JVM, loading the BPF
 * program (libbpf, kernel BTF, FFM downcall set-up) and planning the first query each take a few
 * hundred milliseconds of one core; a one-liner runs them side by side instead of one after the other.
 */
final class BackgroundCollector implements Collector {
    private final CompletableFuture<Collector> opening;

    BackgroundCollector(Supplier<Collector> open) {
        opening = CompletableFuture.supplyAsync(open, task -> Thread.ofPlatform().daemon().name("bpftop-open").start(task));
    }

    private Collector opened() {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    @Override public String name() { return opened().name(); }

    @Override public TaskList collect() { return opened().collect(); }

    @Override public TaskList collect(Set<Detail> details) { return opened().collect(details); }

    @Override public void cgroupsMoved() { opened().cgroupsMoved(); }

    @Override public WalkStats lastWalk() { return opened().lastWalk(); }
    @Override public dev.bpftop.collect.NetAccounting network() { return opened().network(); }
    @Override public dev.bpftop.collect.FileSource files() { return opened().files(); }

    @Override
    public void close() {
        Collector c = opening.exceptionally(failed -> null).join();
        if (c != null) c.close();
    }
}
