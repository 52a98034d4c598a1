package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import java.util.List;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;

/**
 * Whether a planned query reads a column measured over the interval since the previous snapshot
 * (its {@link Needs#interval()}). A one-shot statement waits for a baseline (--sample) only then:
 * `SELECT count(*) FROM processes` should not pay 200 ms for a cpu_pct it never shows. Likewise
 * whether it reads a column that needs a detail no walk collects unasked (the network hooks).
 */
final class IntervalPlans {
    private IntervalPlans() {}

    /** Whether any table scan in the planned query feeds an interval column to the rest of the plan. */
    static boolean readsInterval(RelNode plan) { return needs(plan).interval(); }

    /** Whether any table scan in the planned query feeds a column that needs {@code detail}. */
    static boolean readsDetail(RelNode plan, Detail detail) { return needs(plan).details().contains(detail); }

    /** What the live-table scans of the planned query need for the columns they feed to the rest of the plan. */
    static Needs needs(RelNode plan) {
        Needs[] all = {Needs.NOTHING};
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof TableScan scan) all[0] = all[0].and(needs(scan, parent));
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        return all[0];
    }

    /**
     * Whether the planned query reads a live table at all: one that reads only other tables (the
     * recording's, history.* or --at's) needs no walk of the live system.
     */
    static boolean readsSnapshot(RelNode plan) { return scans(plan, true); }

    /** Whether {@code plan} scans a table that is not one of the live snapshot's. */
    static boolean readsOtherTables(RelNode plan) { return scans(plan, false); }

    /** Whether {@code plan} scans a table that is ({@code live}) or is not one of the live snapshot's. */
    private static boolean scans(RelNode plan, boolean live) {
        boolean[] found = {false};
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof TableScan scan && (scan.getTable().unwrap(SnapshotTable.class) != null) == live) found[0] = true;
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        return found[0];
    }

    private static Needs needs(TableScan scan, RelNode parent) {
        SnapshotTable<?> table = scan.getTable().unwrap(SnapshotTable.class);
        if (table == null) return Needs.NOTHING; // not one of ours: no snapshot behind it
        Needs needs = table.def().needs();
        List<String> produced = scan.getRowType().getFieldNames();
        // Pushed-down filters name columns of the whole table, which the projection may omit.
        if (scan instanceof Bindables.BindableTableScan b && !b.filters.isEmpty()) {
            List<String> all = scan.getTable().getRowType().getFieldNames();
            for (int i : RelOptUtil.InputFinder.bits(b.filters, null)) needs = needs.and(needsOf(table, all.get(i)));
        }
        // A scan without a pushed projection produces every column; what its consumer reads is what
        // counts (count(*) reads none). Only consumers whose reads are plain to see are narrowed.
        Iterable<Integer> read = switch (parent) {
            case Aggregate a -> RelOptUtil.getAllFields(a);
            case Project p -> RelOptUtil.InputFinder.bits(p.getProjects(), null);
            case null, default -> null;
        };
        if (read == null) {
            for (String name : produced) needs = needs.and(needsOf(table, name));
        } else {
            for (int i : read) needs = needs.and(needsOf(table, produced.get(i)));
        }
        return needs;
    }

    private static Needs needsOf(SnapshotTable<?> table, String column) {
        return table.def().column(column).map(Column::needs).orElse(Needs.NOTHING);
    }
}
