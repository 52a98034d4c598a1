package dev.bpftop.sql;

import dev.bpftop.collect.Detail;
import dev.bpftop.collect.Snapshot;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * Calcite's view of one {@link TableDef} over the statement's snapshot. Only projected columns are
 * computed, so an expensive column costs nothing unless a query names it.
 */
final class SnapshotTable<R> extends AbstractTable implements ProjectableFilterableTable {
    private final TableDef<R> def;
    private final Supplier<Snapshot> snapshot;
    private final Consumer<Set<Detail>> usage;

    /** @param usage told, at each scan, which collector details the projected columns need */
    SnapshotTable(TableDef<R> def, Supplier<Snapshot> snapshot, Consumer<Set<Detail>> usage) {
        this.def = def;
        this.snapshot = snapshot;
        this.usage = usage;
    }

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
        Set<Detail> needed = ColumnDetails.none();
        for (int i : wanted) ColumnDetails.add(def.name(), columns.get(i).name(), needed);
        usage.accept(needed);
        List<R> rows = def.rows().apply(snap);
        return Linq4j.asEnumerable(rows).select(row -> {
            Object[] out = new Object[wanted.length];
            for (int i = 0; i < wanted.length; i++) out[i] = columns.get(wanted[i]).getter().get(row, snap);
            return out;
        });
    }

    private static int[] allColumns(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return all;
    }
}
