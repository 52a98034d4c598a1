package dev.bpftop.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.runtime.Hook;

/**
 * Which declared column each column of a query's result is, so that a screen shows it with the
 * column's own display facts: a plain reference to a table's column (through views, subqueries,
 * joins and GROUP BY keys) that keeps the column's name. An expression, an aggregate or a
 * renamed column (`comm AS name`) is none: it shows generically.
 */
final class DeclaredColumns {
    private DeclaredColumns() {}

    /** Tells {@code found} the declared columns of each statement converted on this thread until closed. */
    static Hook.Closeable watch(Consumer<List<Optional<Column<?>>>> found) {
        return Hook.CONVERTED.addThread((RelNode rel) -> found.accept(of(rel)));
    }

    /** By position of the converted plan's fields: the select list first, then any sort keys it adds. */
    static List<Optional<Column<?>>> of(RelNode rel) {
        RelMetadataQuery mq = rel.getCluster().getMetadataQuery();
        List<String> names = rel.getRowType().getFieldNames();
        List<Optional<Column<?>>> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) out.add(declared(mq.getColumnOrigin(rel, i), names.get(i)));
        return out;
    }

    private static Optional<Column<?>> declared(RelColumnOrigin origin, String name) {
        if (origin == null || origin.isDerived()) return Optional.empty();
        SnapshotTable<?> table = origin.getOriginTable().unwrap(SnapshotTable.class);
        if (table == null) return Optional.empty();
        Column<?> column = table.def().columns().get(origin.getOriginColumnOrdinal());
        return column.name().equals(name) ? Optional.of(column) : Optional.empty();
    }
}
