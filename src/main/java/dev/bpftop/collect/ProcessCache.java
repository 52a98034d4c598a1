package dev.bpftop.collect;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a walk read about a process that seldom changes (its command line, its cgroup), kept per
 * process: a pid together with its start time and comm, so a reused pid is a new process and an
 * exec (which changes the comm) reads again. Each entry expires after a set age (to twice that,
 * spread so the re-reads do not all land on one tick): that bounds how long a process that
 * rewrites its argv ("retitles") or is moved to another cgroup shows the old value. Entries of
 * processes a walk no longer sees are dropped.
 */
public final class ProcessCache<V> {
    private record Entry<V>(long startNs, String comm, V value, long expiresNs) {}

    private final long minAgeNs, spreadNs;

    private Map<Integer, Entry<V>> known = new HashMap<>();
    private Map<Integer, Entry<V>> seen = new HashMap<>();

    /** Entries live between {@code minAgeNs} and twice that. */
    public ProcessCache(long minAgeNs) {
        this.minAgeNs = minAgeNs;
        this.spreadNs = minAgeNs;
    }

    /** The kept value for this process, or null when there is none, it expired or it is another process. */
    public V get(int pid, long startNs, String comm, long nowNs) {
        Entry<V> e = known.get(pid);
        if (e == null || e.startNs != startNs || !e.comm.equals(comm) || nowNs - e.expiresNs > 0) return null;
        seen.put(pid, e);
        return e.value;
    }

    public void put(int pid, long startNs, String comm, V value, long nowNs) {
        long ttl = minAgeNs + ThreadLocalRandom.current().nextLong(spreadNs);
        seen.put(pid, new Entry<>(startNs, comm, value, nowNs + ttl));
    }

    /** Forgets the processes neither asked about nor stored since the previous call (a whole walk). */
    public void retainSeen() {
        known = seen;
        seen = new HashMap<>(known.size() * 2);
    }

    /** Forgets everything: values read from now on are fresh. */
    public void clear() {
        known.clear();
        seen.clear();
    }
}
