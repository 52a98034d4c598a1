package dev.bpftop.bpf;

import dev.bpftop.collect.Collector;
import dev.bpftop.collect.Detail;
import dev.bpftop.collect.NetAccounting;
import dev.bpftop.collect.WalkStats;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A collector plus per-process network bytes. The hooks are attached by the first walk that asks
 * for {@link Detail#NET} (a statement reads a network column, or the live view shows one) and stay
 * attached until the collector closes, so totals run from then on and each snapshot's rates
 * compare two reads of the same live counters. A walk that does not ask reads nothing more.
 */
final class NetCountingCollector implements Collector {
    private final Collector walker;
    private final Supplier<NetHooks> attach;
    private NetHooks hooks;
    /** Why the hooks could not attach; they are not tried again (each try costs a BPF load). */
    private String failure;
    private boolean closed;

    NetCountingCollector(Collector walker, Supplier<NetHooks> attach) {
        this.walker = walker;
        this.attach = attach;
    }

    @Override public String name() { return walker.name(); }

    @Override public TaskList collect() { return walker.collect(); }

    @Override
    public synchronized TaskList collect(Set<Detail> details) {
        if (!details.contains(Detail.NET)) return walker.collect(details);
        // Read before the walk, at the instant the snapshot's interval is measured from.
        Map<Integer, NetHooks.Bytes> counts = counts();
        TaskList tasks = walker.collect(details);
        if (counts == null) return tasks;
        // Beside the rows, not in them: a row may be an earlier walk's too (see Task).
        int n = tasks.processes().size();
        long[] rx = new long[n], tx = new long[n];
        for (int i = 0; i < n; i++) {
            NetHooks.Bytes b = counts.get(tasks.processes().get(i).tgid);
            // Not in the map: nothing sent or received since the hooks were attached.
            rx[i] = b == null ? 0 : b.rx();
            tx[i] = b == null ? 0 : b.tx();
        }
        return tasks.withNet(rx, tx);
    }

    private Map<Integer, NetHooks.Bytes> counts() {
        if (hooks == null && failure == null) {
            try {
                hooks = attach.get();
            } catch (BpfUnavailableException e) {
                failure = e.getMessage().lines().findFirst().orElse("");
            }
        }
        return hooks == null ? null : hooks.read();
    }

    @Override
    public synchronized NetAccounting network() {
        if (hooks != null) {
            String at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault()).format(hooks.since());
            return new NetAccounting(hooks.kind().toString(), hooks.since(), "network: " + hooks.kind() + " hooks, counting since " + at);
        }
        if (failure != null) return NetAccounting.none("hooks failed, net_* columns are NULL: " + failure);
        return NetAccounting.none("hooks not attached (no statement has read a network column yet)");
    }

    @Override public void cgroupsMoved() { walker.cgroupsMoved(); }

    @Override public WalkStats lastWalk() { return walker.lastWalk(); }
    @Override public dev.bpftop.collect.FileSource files() { return walker.files(); }

    @Override
    public synchronized void close() {
        if (closed) return; // the walker frees native memory: twice would be a double free
        closed = true;
        if (hooks != null) hooks.close();
        hooks = null;
        walker.close();
    }
}
