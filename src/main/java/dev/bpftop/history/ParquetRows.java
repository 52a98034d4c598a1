package dev.bpftop.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
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
    private final MessageType requested;
    private final Rows materializer;
    private RecordReader<Object[]> rows;
    private long left;

    /**
     * Opens {@code file} for rows whose i-th value is table column {@code wanted[i]} (0 is ts,
     * c + 1 the table's c-th column).
     */
    ParquetRows(Path file, RecordedTable table, int[] wanted) throws Unreadable {
        try {
            reader = ParquetFileReader.open(new LocalInputFile(file), HadoopFreeReadOptions.with(new ZstdCodecs()));
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
            materializer = new Rows(wanted.length, slots);
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
                PageReadStore pages = reader.readNextRowGroup();
                if (pages == null) return null;
                rows = new ColumnIOFactory().getColumnIO(requested, fileSchema).getRecordReader(pages, materializer);
                left = pages.getRowCount();
            }
            left--;
            return rows.read();
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
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

    /** Builds each row's array straight from the column values, with no intermediate record objects. */
    private static final class Rows extends RecordMaterializer<Object[]> {
        private final int width;
        private final Converter[] converters;
        private Object[] row;
        private final GroupConverter root = new GroupConverter() {
            @Override
            public Converter getConverter(int field) { return converters[field]; }

            @Override
            public void start() { row = new Object[width]; }

            @Override
            public void end() {}
        };

        Rows(int width, List<List<Integer>> slots) {
            this.width = width;
            converters = new Converter[slots.size()];
            for (int i = 0; i < slots.size(); i++) converters[i] = column(slots.get(i).stream().mapToInt(Integer::intValue).toArray());
        }

        private PrimitiveConverter column(int[] slots) {
            return new PrimitiveConverter() {
                @Override
                public void addInt(int v) { set(v); }

                @Override
                public void addLong(long v) { set(v); }

                @Override
                public void addDouble(double v) { set(v); }

                @Override
                public void addBoolean(boolean v) { set(v); }

                @Override
                public void addBinary(Binary v) { set(v.toStringUsingUTF8()); }

                private void set(Object v) {
                    for (int slot : slots) row[slot] = v;
                }
            };
        }

        @Override
        public Object[] getCurrentRecord() { return row; }

        @Override
        public GroupConverter getRootConverter() { return root; }
    }
}
