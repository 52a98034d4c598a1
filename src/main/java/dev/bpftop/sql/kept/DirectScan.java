package dev.bpftop.sql.kept;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rex.RexNode;

/**
 * One table scan of a kept plan, called by the plan's code where Calcite's would build an
 * interpreter over the same scan ({@link InterpreterCalls} rewrites the call). The interpreter, for
 * a lone scan of a table that applies all its filters, hands on the table's own rows; it costs a
 * cold process a planner with Calcite's rule set and a metadata provider to set up (~40 ms of a
 * one-liner's ~500), which this does without.
 *
 * @param projects the columns the scan yields, in order; null: all of them
 */
public record DirectScan(SelfFilteringTable table, List<RexNode> filters, int[] projects) {
    /** The rows of {@code scan} (a DirectScan the plan stashed) for the statement's {@code root}; called by rewritten plans only. */
    public static AbstractEnumerable<Object[]> enumerable(DataContext root, Object scan) {
        DirectScan s = (DirectScan) scan;
        // The table takes the filters it applies out of the list it is given: a fresh one each run.
        List<RexNode> filters = new ArrayList<>(s.filters);
        Enumerable<Object[]> rows = s.table.scan(root, filters, s.projects == null ? null : s.projects.clone());
        if (!filters.isEmpty()) throw new IllegalStateException("a kept scan left filters unapplied: " + filters);
        // The code calls the interpreter's methods as its superclass's.
        if (rows instanceof AbstractEnumerable<Object[]> a) return a;
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() { return rows.enumerator(); }
        };
    }
}
