package dev.bpftop.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The rows of one recorded table in one file, read one at a time and only the wanted columns,
 * matched by name: a file from before a column existed reads NULL for it, and one whose type has
 * changed since, too. Rows are pulled, so a day of a thousand processes streams through a small heap.
 */
final class ParquetRows implements AutoCloseable {
    /** A file a reader cannot use; its message is the one line the reader prints. */
    static final class Unreadable extends IOException {
        Unreadable(String message) { super(message); }
    }

    private final ParquetFileReader reader;
    private final MessageType fileSchema;
    private final int width;
    /** Per file column read: its descriptor, the slots it fills, and its reader in the current row group. */
    private final ColumnDescriptor[] columns;
    private final int[][] slots;
    private final Strings[] strings;
    private final ColumnReader[] readers;
    private final MessageType requested;
    private final String createdBy;
    private long left;

    /**
     * Opens {@code file} for rows whose i-th value is table column {@code wanted[i]} (0 is ts,
     * c + 1 the table's c-th column).
     */
    ParquetRows(Path file, RecordedTable table, int[] wanted) throws Unreadable { this(file, table, wanted, TsBounds.ALL); }

    /** Leaves out the row groups and pages whose ts statistics show no row within {@code bounds} (merged files have them). */
    ParquetRows(Path file, RecordedTable table, int[] wanted, TsBounds bounds) throws Unreadable {
        try {
            reader = ParquetFileReader.open(new LocalInputFile(file), HadoopFreeReadOptions.with(new ZstdCodecs(), filter(bounds)));
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        try {
            String version = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(PartWriter.VERSION_KEY);
            if (version == null) throw new Unreadable("not a bpftop recording");
            if (Integer.parseInt(version) > PartWriter.FORMAT_VERSION) {
                throw new Unreadable("written by a newer bpftop (format " + version + "; this one reads " + PartWriter.FORMAT_VERSION + ")");
            }
            fileSchema = reader.getFooter().getFileMetaData().getSchema();
            MessageType expected = table.schema();
            // Each file column once, filling every slot that wants it (a scan may want ts twice: to filter and to show).
            List<Type> fields = new ArrayList<>();
            List<List<Integer>> slots = new ArrayList<>();
            for (int i = 0; i < wanted.length; i++) {
                Type want = expected.getType(wanted[i]);
                int seen = fields.stream().map(Type::getName).toList().indexOf(want.getName());
                if (seen >= 0) {
                    slots.get(seen).add(i);
                    continue;
                }
                if (!fileSchema.containsField(want.getName())) continue;
                Type have = fileSchema.getType(want.getName());
                if (!have.isPrimitive() || have.asPrimitiveType().getPrimitiveTypeName() != want.asPrimitiveType().getPrimitiveTypeName()) continue;
                fields.add(have);
                slots.add(new ArrayList<>(List.of(i)));
            }
            requested = new MessageType(fileSchema.getName(), fields);
            reader.setRequestedSchema(requested);
            width = wanted.length;
            columns = requested.getColumns().toArray(ColumnDescriptor[]::new);
            this.slots = slots.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
            strings = new Strings[columns.length];
            for (int c = 0; c < columns.length; c++) {
                if (columns[c].getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY) strings[c] = new Strings();
            }
            readers = new ColumnReader[columns.length];
            createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        } catch (Unreadable e) {
            close();
            throw e;
        } catch (RuntimeException e) {
            close();
            throw unreadable(e);
        }
    }

    /** The next row, or null after the last. */
    Object[] next() throws Unreadable {
        try {
            while (left == 0) {
                // Only the row groups, and within them the pages, whose ts statistics allow the bounds.
                PageReadStore pages = reader.readNextFilteredRowGroup();
                if (pages == null) return null;
                // The store's readers keep the columns in step where a page index left some pages out.
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, IGNORED_ROW, requested, createdBy);
                for (int c = 0; c < columns.length; c++) {
                    readers[c] = store.getColumnReader(columns[c]);
                    if (strings[c] != null) strings[c].clear();
                }
                left = pages.getRowCount();
            }
            left--;
            Object[] row = new Object[width];
            for (int c = 0; c < columns.length; c++) {
                ColumnReader r = readers[c];
                if (r.getCurrentDefinitionLevel() == columns[c].getMaxDefinitionLevel()) {
                    Object v = switch (columns[c].getPrimitiveType().getPrimitiveTypeName()) {
                        case INT32 -> r.getInteger();
                        case INT64 -> r.getLong();
                        case DOUBLE -> r.getDouble();
                        case BOOLEAN -> r.getBoolean();
                        case BINARY -> strings[c].of(r.getBinary());
                        default -> null;
                    };
                    for (int slot : slots[c]) row[slot] = v;
                }
                r.consume();
            }
            return row;
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** ts within the bounds, for Parquet's statistics and page indexes; no filter for all time. */
    private static FilterCompat.Filter filter(TsBounds bounds) {
        Operators.LongColumn ts = FilterApi.longColumn(RecordedTable.TS);
        FilterPredicate p = null;
        if (bounds.lo() != Long.MIN_VALUE) p = FilterApi.gtEq(ts, bounds.lo());
        if (bounds.hi() != Long.MAX_VALUE) p = p == null ? FilterApi.ltEq(ts, bounds.hi()) : FilterApi.and(p, FilterApi.ltEq(ts, bounds.hi()));
        return p == null ? FilterCompat.NOOP : FilterCompat.get(p);
    }

    /** Every row of {@code file}, to {@code sink}. */
    static void read(Path file, RecordedTable table, int[] wanted, Consumer<Object[]> sink) throws Unreadable {
        try (ParquetRows rows = new ParquetRows(file, table, wanted)) {
            for (Object[] row = rows.next(); row != null; row = rows.next()) sink.accept(row);
        }
    }

    /** A partial or damaged file: Parquet's own message says what it found (not a Parquet file, a bad footer…). */
    private static Unreadable unreadable(Exception e) {
        if (e instanceof Unreadable u) return u;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Parquet names the file by its object ("LocalInputFile@1a2b is not a Parquet file"); the line names the path already.
        return new Unreadable(why.replaceAll("org\\.apache\\.parquet\\.io\\.LocalInputFile@\\w+ ", "").replace("\n", " "));
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Read only: nothing is lost by a failed close.
        }
    }

    /** The values go to the row here, not through converters. */
    private static final PrimitiveConverter IGNORED = new PrimitiveConverter() {};
    private static final GroupConverter IGNORED_ROW = new GroupConverter() {
        @Override
        public Converter getConverter(int field) { return IGNORED; }

        @Override
        public void start() {}

        @Override
        public void end() {}
    };

    /**
     * Strings of one column chunk, each decoded once: a dictionary page hands out the same Binary
     * for every row with that value (a comm, a cmdline), so a day's rows decode a few thousand
     * strings, not millions. Plain-encoded values are new objects each, so the cache stops growing.
     */
    private static final class Strings {
        private static final int MAX = 1 << 16;
        private final java.util.IdentityHashMap<Binary, String> seen = new java.util.IdentityHashMap<>();

        String of(Binary b) {
            String s = seen.get(b);
            if (s == null) {
                s = b.toStringUsingUTF8();
                if (seen.size() < MAX) seen.put(b, s);
            }
            return s;
        }

        void clear() { seen.clear(); }
    }
}
