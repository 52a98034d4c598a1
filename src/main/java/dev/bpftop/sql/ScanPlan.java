package dev.bpftop.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.util.ImmutableIntList;

/**
 * A plan that is one scan of one of our tables and nothing else: its columns as the scan yields
 * them, its filters all taken by the table (a boolean column's test), no expression, sort, limit
 * or join above it. The live view's default query is one. Such a plan's rows are read straight
 * from the table's scan, as Calcite's interpreter would read them, without building that
 * interpreter for every run (a rule pass over the plan and a compile of its nodes) and without
 * its copy of every row, twice, on the way out: at 1,000 processes a tenth of a live view's CPU,
 * and per-run code that the JIT was still compiling half a minute in.
 */
final class ScanPlan {
    private final SnapshotTable<?> table;
    private final List<RexNode> filters;
    /** Null: every column, in order. */
    private final int[] projects;

    private ScanPlan(SnapshotTable<?> table, List<RexNode> filters, int[] projects) {
        this.table = table;
        this.filters = filters;
        this.projects = projects;
    }

    /** The scan {@code root} is, or null when it is anything more than a scan of one of our tables. */
    static ScanPlan of(RelRoot root) {
        if (!root.isRefTrivial() || !root.collation.getFieldCollations().isEmpty()) return null;
        if (root.rel instanceof EnumerableTableScan whole) { // SELECT *: Calcite's generated code scans every column
            SnapshotTable<?> table = whole.getTable().unwrap(SnapshotTable.class);
            return table == null ? null : new ScanPlan(table, List.of(), null);
        }
        if (!(root.rel instanceof EnumerableInterpreter interpreter) || !(interpreter.getInput() instanceof Bindables.BindableTableScan scan)) {
            return null;
        }
        SnapshotTable<?> table = scan.getTable().unwrap(SnapshotTable.class);
        if (table == null || !table.appliesAll(scan.filters)) return null;
        // As Calcite's TableScanNode: projecting every column in order is no projection.
        ImmutableIntList projects = scan.projects;
        boolean all = projects == null || projects.equals(TableScan.identity(scan.getTable()));
        return new ScanPlan(table, List.copyOf(scan.filters), all ? null : projects.toIntArray());
    }

    /**
     * The scan's rows on the session's current snapshot.
     *
     * @param cancel the statement's cancel flag, which the rows check as they are read
     */
    Enumerable<Object[]> rows(AtomicBoolean cancel) {
        // A list the table may take filters out of, as Calcite's scan node hands it over.
        return table.scan(new CancelOnly(cancel), new ArrayList<>(filters), projects);
    }

    /** What a scan of ours reads of the statement's context: its cancel flag. */
    private record CancelOnly(AtomicBoolean cancel) implements DataContext {
        @Override
        public SchemaPlus getRootSchema() { return null; }

        @Override
        public JavaTypeFactory getTypeFactory() { return null; }

        @Override
        public QueryProvider getQueryProvider() { return null; }

        @Override
        public Object get(String name) { return Variable.CANCEL_FLAG.camelName.equals(name) ? cancel : null; }
    }
}
