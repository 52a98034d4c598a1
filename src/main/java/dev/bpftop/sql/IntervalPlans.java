package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import java.util.List;
import java.util.function.Predicate;
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
    static boolean readsInterval(RelNode plan) { return reads(plan, Needs::interval); }

    /** Whether any table scan in the planned query feeds a column that needs {@code detail}. */
    static boolean readsDetail(RelNode plan, Detail detail) { return reads(plan, n -> n.details().contains(detail)); }

    /**
     * Whether the planned query reads a live table at all: one that reads only other tables (the
     * recording's, history.* or --at's) needs no walk of the live system.
     */
    static boolean readsSnapshot(RelNode plan) {
        boolean[] found = {false};
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof TableScan scan && scan.getTable().unwrap(SnapshotTable.class) != null) found[0] = true;
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        return found[0];
    }

    private static boolean reads(RelNode plan, Predicate<Needs> need) {
        boolean[] found = {false};
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof TableScan scan && reads(scan, parent, need)) found[0] = true;
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        return found[0];
    }

    private static boolean reads(TableScan scan, RelNode parent, Predicate<Needs> need) {
        SnapshotTable<?> table = scan.getTable().unwrap(SnapshotTable.class);
        if (table == null) return false; // not one of ours: no snapshot behind it
        if (need.test(table.def().needs())) return true;
        Predicate<String> wanted = name -> table.def().column(name).map(c -> need.test(c.needs())).orElse(false);
        List<String> produced = scan.getRowType().getFieldNames();
        // Pushed-down filters name columns of the whole table, which the projection may omit.
        if (scan instanceof Bindables.BindableTableScan b && !b.filters.isEmpty()) {
            List<String> all = scan.getTable().getRowType().getFieldNames();
            for (int i : RelOptUtil.InputFinder.bits(b.filters, null)) {
                if (wanted.test(all.get(i))) return true;
            }
        }
        // A scan without a pushed projection produces every column; what its consumer reads is what
        // counts (count(*) reads none). Only consumers whose reads are plain to see are narrowed.
        Iterable<Integer> read = switch (parent) {
            case Aggregate a -> RelOptUtil.getAllFields(a);
            case Project p -> RelOptUtil.InputFinder.bits(p.getProjects(), null);
            case null, default -> null;
        };
        if (read == null) return produced.stream().anyMatch(wanted);
        for (int i : read) {
            if (wanted.test(produced.get(i))) return true;
        }
        return false;
    }
}
