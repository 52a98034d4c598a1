package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import java.util.EnumSet;
import java.util.Set;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;

/**
 * What the plans of one statement read, seen as Calcite converts them (a view or subquery has a
 * plan of its own): whether any reads an interval column (cpu_pct's baseline), which collector
 * details the columns they read need, and whether any reads a live table at all. Decided before
 * the snapshot, so that the snapshot collects no more than the statement reads: `SELECT count(*)
 * FROM processes` walks the tasks and reads none of their files.
 */
final class PlanReads {
    /** Null until a plan is seen. */
    private Boolean interval;
    private boolean live, other;
    private final Set<Detail> read = EnumSet.noneOf(Detail.class);
    private int plans;
    private ScanPlan scan;

    /** Watches the plans made on this thread until closed. */
    Hook.Closeable watch() {
        return Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((RelRoot root) -> {
            Needs needs = IntervalPlans.needs(root.rel);
            interval = interval == Boolean.TRUE || needs.interval();
            read.addAll(needs.details());
            live |= IntervalPlans.readsSnapshot(root.rel);
            other |= IntervalPlans.readsOtherTables(root.rel);
            scan = ++plans == 1 ? ScanPlan.of(root) : null;
        });
    }

    /** Whether the statement needs cpu_pct's baseline: a plan reads an interval, or no plan was seen. */
    boolean wantsInterval() { return interval != Boolean.FALSE; }

    /** The statement's plan when it is one plain scan of one of our tables (read straight from it); else null. */
    ScanPlan scan() { return scan; }

    /** Whether plans were seen and read no table but the live ones (nothing recorded, nothing replaced). */
    boolean liveTablesAlone() { return interval != null && !other; }

    /** Whether the statement reads a live table (not only the recording: history.*, --at); no plan seen: yes. */
    boolean readsLive() { return live || interval == null; }

    /** Every detail, and the network's where a plan reads it: a prepared statement's first run (it learns the rest from that run). */
    Set<Detail> allDetails() { return read.contains(Detail.NET) ? Detail.withNet(Detail.all()) : Detail.all(); }

    /** The details to collect: those the columns the plans read need; every detail (and the network's where read) when no plan was seen. */
    Set<Detail> details() {
        return interval == null ? allDetails() : EnumSet.copyOf(read);
    }
}
