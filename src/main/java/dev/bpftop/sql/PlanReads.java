package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import java.util.EnumSet;
import java.util.Set;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;

/**
 * What the plans of one statement read, seen as Calcite converts them (a view or subquery has a
 * plan of its own): whether any reads an interval column (cpu_pct's baseline), the network's
 * counters, open files or their paths, and any live table at all. Decided before the snapshot,
 * so that the snapshot collects no more than the statement reads.
 */
final class PlanReads {
    /** Null until a plan is seen. */
    private Boolean interval;
    private boolean net, live;
    private final Set<Detail> files = EnumSet.noneOf(Detail.class);

    /** Watches the plans made on this thread until closed. */
    Hook.Closeable watch() {
        return Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((RelRoot root) -> {
            interval = interval == Boolean.TRUE || IntervalPlans.readsInterval(root.rel);
            net |= IntervalPlans.readsDetail(root.rel, Detail.NET);
            for (Detail d : Detail.FILES) if (IntervalPlans.readsDetail(root.rel, d)) files.add(d);
            live |= IntervalPlans.readsSnapshot(root.rel);
        });
    }

    /** Whether the statement needs cpu_pct's baseline: a plan reads an interval, or no plan was seen. */
    boolean wantsInterval() { return interval != Boolean.FALSE; }

    /** Whether the statement reads a live table (not only the recording: history.*, --at); no plan seen: yes. */
    boolean readsLive() { return live || interval == null; }

    /** Every detail, and the network's where a plan reads it: a prepared statement's first run (it learns the rest from that run). */
    Set<Detail> allDetails() { return net ? Detail.withNet(Detail.all()) : Detail.all(); }

    /** The details to collect: all, the network's where read, open files beyond sockets and their paths only where read. */
    Set<Detail> details() {
        Set<Detail> details = EnumSet.copyOf(allDetails());
        if (interval != null) for (Detail d : Detail.FILES) if (!files.contains(d)) details.remove(d);
        return details;
    }
}
