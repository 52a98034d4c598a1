package dev.bpftop.history;

import dev.bpftop.sql.Column;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A recorded table for SQL. Over the whole recording (history.processes) its columns are ts and
 * the live table's; at one recorded instant (--at) it is the live table's columns alone, so every
 * view and statement written for the live tables runs on the past unchanged. Only the files whose
 * time range the ts filters allow are opened, only the projected columns read.
 */
final class HistoryTable extends AbstractTable implements ProjectableFilterableTable {
    private final RecordedTable table;
    private final Layout layout;
    private final Skipped skipped;
    /**
     * The one instant this table shows, read at each scan (a replay steps it, and a prepared
     * statement then reads the new one); null for every row with its ts.
     */
    private final LongSupplier at;

    HistoryTable(RecordedTable table, Layout layout, Skipped skipped, LongSupplier at) {
        this.table = table;
        this.layout = layout;
        this.skipped = skipped;
        this.at = at;
    }

    /** Offset of the live columns in our rows: 1 when ts is shown first. */
    private int shift() { return at == null ? 1 : 0; }

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
        RelDataTypeFactory.Builder b = types.builder();
        if (at == null) b.add(RecordedTable.TS, types.createSqlType(SqlTypeName.TIMESTAMP));
        for (Column<?> c : table.def().columns()) {
            b.add(c.name(), types.createTypeWithNullability(types.createSqlType(c.type().sqlType()), true));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        int width = table.def().columns().size() + shift();
        int[] shown = projects != null ? projects : java.util.stream.IntStream.range(0, width).toArray();
        // Read ts too (first), to keep each row within the bounds and to drop it when not shown.
        int[] read = new int[shown.length + 1];
        for (int i = 0; i < shown.length; i++) read[i + 1] = shown[i] + 1 - shift();
        TsBounds bounds = at != null ? TsBounds.instant(at.getAsLong()) : TsBounds.of(filters, 0);
        List<Layout.DataFile> files;
        try {
            files = layout.overlapping(table.name(), bounds.lo(), bounds.hi());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the recording in " + layout.dir() + ": " + e.getMessage(), e);
        }
        AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() { return new Rows(files, read, bounds, cancel); }
        };
    }

    /** The rows of the chosen files in turn (see {@link Prefetch}). */
    private final class Rows implements Enumerator<Object[]> {
        private final List<Layout.DataFile> chosen;
        private final int[] read;
        private final TsBounds bounds;
        private final AtomicBoolean cancel;
        private Prefetch rows;
        private Object[] current;

        Rows(List<Layout.DataFile> chosen, int[] read, TsBounds bounds, AtomicBoolean cancel) {
            this.chosen = chosen;
            this.read = read;
            this.bounds = bounds;
            this.cancel = cancel;
        }

        @Override
        public Object[] current() { return current; }

        @Override
        public boolean moveNext() {
            if ((cancel != null && cancel.get()) || Thread.currentThread().isInterrupted()) {
                throw new CancellationException("query canceled");
            }
            if (rows == null) rows = new Prefetch(chosen, table, read, bounds, skipped);
            try {
                current = rows.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("query canceled");
            }
            return current != null;
        }

        @Override
        public void reset() { close(); }

        @Override
        public void close() {
            if (rows != null) rows.close();
            rows = null;
        }
    }
}
