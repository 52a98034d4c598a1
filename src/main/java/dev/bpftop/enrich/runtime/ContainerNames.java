package dev.bpftop.enrich.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Container names (and image, state, creation time) by container id, cached for the session. A
 * miss asks every source once, in a background thread, and the caller waits only until its own
 * deadline: a slow or dead runtime costs a query at most that long, and leaves names NULL.
 */
public final class ContainerNames {
    /** An id no source knew is asked about again only after this long. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Cached entries older than this are refreshed in the background (state changes, renames). */
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Past this many cached containers (a host with heavy churn) the cache starts over. */
    private static final int CACHE_LIMIT = 10_000;
    private static final Executor BACKGROUND = r -> Thread.ofPlatform().daemon().name("bpftop-containers").start(r);

    private final List<ContainerSource> sources;
    private final Duration timeout;
    private final Map<String, ContainerInfo> known = new ConcurrentHashMap<>();
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();
    private volatile long fetchedAt;
    private volatile String lastProblem;
    private CompletableFuture<Long> inFlight;

    /** @param timeout how long one source may take to answer */
    public ContainerNames(List<ContainerSource> sources, Duration timeout) {
        this.sources = List.copyOf(sources);
        this.timeout = timeout;
    }

    /** The container with this id, or null when no source knew it by {@code deadlineNanos} (System.nanoTime). */
    public ContainerInfo lookup(String id, long deadlineNanos) {
        ContainerInfo info = known.get(id);
        if (info != null) {
            if (System.nanoTime() - fetchedAt > STALE_NANOS) refresh();
            return info;
        }
        Long missed = missingSince.get(id);
        if (missed != null && System.nanoTime() - missed < RETRY_NANOS) return null;
        CompletableFuture<Long> f = refresh();
        try {
            long started = f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            info = known.get(id);
            if (info == null) missingSince.put(id, started);
            return info;
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Starts asking the sources unless a round is already under way; completes with its start time. */
    private synchronized CompletableFuture<Long> refresh() {
        if (inFlight == null || inFlight.isDone()) inFlight = CompletableFuture.supplyAsync(this::askAll, BACKGROUND);
        return inFlight;
    }

    private long askAll() {
        long started = System.nanoTime();
        Map<String, ContainerInfo> fresh = new HashMap<>();
        StringBuilder problems = new StringBuilder();
        for (ContainerSource s : sources) {
            try {
                // earlier sources win: an API knows the state, the store does not
                for (ContainerInfo c : s.list(timeout)) fresh.putIfAbsent(c.id(), c);
            } catch (Exception e) {
                problems.append(problems.isEmpty() ? "" : "; ").append(s.describe()).append(": ").append(e.getMessage());
            }
        }
        if (known.size() + fresh.size() > CACHE_LIMIT) {
            known.clear();
            missingSince.clear();
        }
        known.putAll(fresh);
        fetchedAt = started;
        lastProblem = problems.isEmpty() ? null : problems.toString();
        return started;
    }

    /** Why the last round found nothing in some source, or null. */
    public String lastProblem() { return lastProblem; }
}
