package dev.bpftop.sql;

import java.util.List;
import java.util.Set;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;

/**
 * Columns measured over the interval since the previous snapshot. A one-shot statement must wait
 * for a baseline (--sample) only when its plan reads one of them; `SELECT count(*) FROM processes`
 * should not pay 200 ms for a cpu_pct it never shows. A column computed from a delta between
 * snapshots belongs here.
 */
final class IntervalColumns {
    static final Set<String> NAMES = Set.of("cpu_pct", "cpu_interval");

    private IntervalColumns() {}

    /** Whether any table scan in the planned query feeds an interval column to the rest of the plan. */
    static boolean readBy(RelNode plan) {
        boolean[] found = {false};
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof TableScan scan && reads(scan, parent)) found[0] = true;
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        return found[0];
    }

    private static boolean reads(TableScan scan, RelNode parent) {
        List<String> produced = scan.getRowType().getFieldNames();
        // Pushed-down filters name columns of the whole table, which the projection may omit.
        if (scan instanceof Bindables.BindableTableScan b && !b.filters.isEmpty()) {
            List<String> all = scan.getTable().getRowType().getFieldNames();
            for (int i : RelOptUtil.InputFinder.bits(b.filters, null)) {
                if (NAMES.contains(all.get(i))) return true;
            }
        }
        // A scan without a pushed projection produces every column; what its consumer reads is what
        // counts (count(*) reads none). Only consumers whose reads are plain to see are narrowed.
        Iterable<Integer> read = switch (parent) {
            case Aggregate a -> RelOptUtil.getAllFields(a);
            case Project p -> RelOptUtil.InputFinder.bits(p.getProjects(), null);
            case null, default -> null;
        };
        if (read == null) return produced.stream().anyMatch(NAMES::contains);
        for (int i : read) {
            if (NAMES.contains(produced.get(i))) return true;
        }
        return false;
    }
}
