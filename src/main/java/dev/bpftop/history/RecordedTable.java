package dev.bpftop.history;

import dev.bpftop.enrich.Snapshot;
import dev.bpftop.sql.Column;
import dev.bpftop.sql.ColumnType;
import dev.bpftop.sql.TableDef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A live table as recorded: `ts` first, then the live table's columns, each as the Parquet type
 * DuckDB and pandas read as the same SQL type. The columns come from the table's declaration, so a
 * column added to a live table is recorded, and read back, with nothing to change here.
 */
public record RecordedTable(TableDef<?> def) {
    public static final String TS = "ts";

    public String name() { return def.name(); }

    /** The file schema: ts, then every column. All optional but ts, as the live tables' are nullable. */
    public MessageType schema() {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(TS);
        for (Column<?> c : def.columns()) b.addField(field(c.name(), c.type()));
        return b.named(def.name());
    }

    static Type field(String name, ColumnType type) {
        return switch (type) {
            case INTEGER -> Types.optional(PrimitiveTypeName.INT32).named(name);
            case BIGINT -> Types.optional(PrimitiveTypeName.INT64).named(name);
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
            case VARCHAR -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            case TIMESTAMP -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
        };
    }

    /** The snapshot's rows of this table, ts first: every column read now, as the live table would show it. */
    public List<Object[]> rows(Snapshot s, long ts) { return rows(def, s, ts); }

    private static <R> List<Object[]> rows(TableDef<R> def, Snapshot s, long ts) {
        List<Column<R>> columns = def.columns();
        List<R> source = def.rows().apply(s);
        List<Object[]> out = new ArrayList<>(source.size());
        for (R r : source) {
            Object[] row = new Object[columns.size() + 1];
            row[0] = ts;
            for (int i = 0; i < columns.size(); i++) {
                try {
                    row[i + 1] = columns.get(i).getter().get(r, s);
                } catch (RuntimeException e) {
                    // A process gone between the walk and a late column's read: that value is unknown, the row stays.
                    row[i + 1] = null;
                }
            }
            out.add(row);
        }
        return out;
    }

    /** Writes this table's rows (ts first) to a Parquet record consumer. */
    Encoder encoder() { return new Encoder(def); }

    /** The columns' types in an array: a recorder writes every value of every row through here. */
    static final class Encoder {
        private final ColumnType[] types;

        private Encoder(TableDef<?> def) {
            types = def.columns().stream().map(Column::type).toArray(ColumnType[]::new);
        }

        /** One row (ts first) into the file schema's column writers, in its column order. */
        void write(ColumnWriter[] w, Object[] row) {
            // ts is required (definition level 0 always); every other column is optional: 1 for a value, 0 for NULL.
            w[0].write((Long) row[0], 0, 0);
            for (int i = 0; i < types.length; i++) {
                Object v = row[i + 1];
                ColumnWriter c = w[i + 1];
                if (v == null) {
                    c.writeNull(0, 0);
                    continue;
                }
                switch (types[i]) {
                    case INTEGER -> c.write(((Number) v).intValue(), 0, 1);
                    case BIGINT, TIMESTAMP -> c.write(((Number) v).longValue(), 0, 1);
                    case DOUBLE -> c.write(((Number) v).doubleValue(), 0, 1);
                    case BOOLEAN -> c.write((boolean) (Boolean) v, 0, 1);
                    // Valid UTF-8 always: DuckDB refuses a whole file over one string that is not, so a
                    // byte of a name that was not UTF-8 (a lone surrogate, see RawText) is recorded as '?'.
                    case VARCHAR -> c.write(v instanceof Binary b ? b : Binary.fromConstantByteArray(v.toString().getBytes(StandardCharsets.UTF_8)), 0, 1);
                }
            }
        }
    }
}
