package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import dev.bpftop.enrich.Snapshot;
import dev.bpftop.sql.kept.SelfFilteringTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * Calcite's view of one {@link TableDef} over the statement's snapshot. Only projected columns are
 * computed, so an expensive column costs nothing unless a query names it. Tests of a boolean column
 * are applied here (see {@link BooleanFilters}); Calcite applies the other filters.
 */
final class SnapshotTable<R> extends AbstractTable implements SelfFilteringTable {
    private final TableDef<R> def;
    private final Supplier<Snapshot> snapshot;
    private final Consumer<Set<Detail>> usage;

    /** @param usage told, at each scan, which collector details the projected columns need */
    SnapshotTable(TableDef<R> def, Supplier<Snapshot> snapshot, Consumer<Set<Detail>> usage) {
        this.def = def;
        this.snapshot = snapshot;
        this.usage = usage;
    }

    TableDef<R> def() { return def; }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder b = typeFactory.builder();
        for (Column<R> c : def.columns()) {
            b.add(c.name(), typeFactory.createTypeWithNullability(typeFactory.createSqlType(c.type().sqlType()), true));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        Snapshot snap = snapshot.get();
        List<Column<R>> columns = def.columns();
        int[] wanted = projects != null ? projects : allColumns(columns.size());
        BooleanFilters<R> taken = new BooleanFilters<>(filters, columns);
        usage.accept(def.needs(wanted).and(def.needs(taken.columnsRead())).details());
        List<R> rows = taken.apply(rowsOf(snap, filters), snap);
        AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() { return new Rows<>(rows, columns, wanted, snap, cancel); }
        };
    }

    @Override
    public boolean appliesAll(List<RexNode> filters) {
        List<RexNode> left = new ArrayList<>(filters);
        new BooleanFilters<>(left, def.columns());
        return left.isEmpty();
    }

    private List<R> rowsOf(Snapshot snap, List<RexNode> filters) {
        if (def.rowsOfPid() != null) {
            int pidColumn = def.columns().indexOf(def.column("pid").orElseThrow());
            Integer pid = PidFilter.fixed(filters, pidColumn);
            if (pid != null) return def.rowsOfPid().apply(snap, pid);
        }
        return def.rows().apply(snap);
    }

    /**
     * The rows of one scan, each built when read. Calcite checks its cancel flag only between result
     * rows, so a join, sort or count over our rows would run to its end first: every step here
     * checks the flag, and the thread's interrupt (a cancel during planning is otherwise lost).
     */
    private static final class Rows<R> implements Enumerator<Object[]> {
        private final List<R> rows;
        private final List<Column<R>> columns;
        private final int[] wanted;
        private final Snapshot snap;
        private final AtomicBoolean cancel;
        private int i = -1;

        Rows(List<R> rows, List<Column<R>> columns, int[] wanted, Snapshot snap, AtomicBoolean cancel) {
            this.rows = rows;
            this.columns = columns;
            this.wanted = wanted;
            this.snap = snap;
            this.cancel = cancel;
        }

        @Override
        public Object[] current() {
            R row = rows.get(i);
            Object[] out = new Object[wanted.length];
            for (int c = 0; c < wanted.length; c++) out[c] = columns.get(wanted[c]).getter().get(row, snap);
            return out;
        }

        @Override
        public boolean moveNext() {
            if ((cancel != null && cancel.get()) || Thread.currentThread().isInterrupted()) {
                throw new CancellationException("query canceled");
            }
            return ++i < rows.size();
        }

        @Override
        public void reset() { i = -1; }

        @Override
        public void close() {}
    }

    private static int[] allColumns(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return all;
    }
}
