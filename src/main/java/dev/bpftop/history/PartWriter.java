package dev.bpftop.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of one table into one Parquet file that appears whole or not at all: written under a
 * hidden temporary name, forced to disk, then renamed. A SIGKILL mid-write leaves only the hidden
 * file, which readers never open and the next recorder deletes.
 */
final class PartWriter {
    /** Files newer than this are skipped by readers, with one line each. */
    static final int FORMAT_VERSION = 1;
    static final String VERSION_KEY = "bpftop.history.version";
    /** Bounds the writer's buffered row group, so that merging an hour fits bin/bpftop's small heap. */
    private static final long ROW_GROUP_BYTES = 16L << 20;

    private PartWriter() {}

    /**
     * What a file is for, which decides what its writing costs. A part lives an hour and is written
     * every interval, so it is written cheaply; a merged file is written once and read for days.
     */
    enum Kind {
        /**
         * No statistics, page checksums or fsync, and zstd's fastest level: a recorder writes one
         * per table every interval, and these are most of its CPU. A SIGKILL cannot lose what is
         * in the page cache, so the rename alone keeps the promise that a part appears whole.
         */
        PART(1, false),
        /** Min/max statistics (readers skip row groups by them), zstd's default level, forced to disk before its parts go. */
        MERGED(3, true);

        final int zstdLevel;
        final boolean durable;

        Kind(int zstdLevel, boolean durable) {
            this.zstdLevel = zstdLevel;
            this.durable = durable;
        }
    }

    /** Writes {@code rows} (ts first) to {@code target} atomically. */
    static void write(RecordedTable table, Iterator<Object[]> rows, Path target, Kind kind) throws IOException {
        write(table, rows, target, kind, FORMAT_VERSION);
    }

    /** With another format version: tests make the file a newer bpftop would write. */
    static void write(RecordedTable table, Iterator<Object[]> rows, Path target, Kind kind, int version) throws IOException {
        Path tmp = target.resolveSibling(Layout.TMP_PREFIX + target.getFileName());
        try {
            ParquetProperties props = ParquetProperties.builder()
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                    // Dictionaries keep cmdline, paths and names out of every row: each distinct value once per file.
                    .withDictionaryEncoding(true)
                    .withStatisticsEnabled(kind.durable)
                    .withSizeStatisticsEnabled(kind.durable)
                    .withPageWriteChecksumEnabled(kind.durable)
                    .build();
            MessageType schema = table.schema();
            ParquetFileWriter file = new ParquetFileWriter(new LocalOutputFile(tmp), schema, ParquetFileWriter.Mode.OVERWRITE,
                    ROW_GROUP_BYTES, 0, null, props);
            file.start();
            CompressionCodecFactory.BytesInputCompressor zstd = new ZstdCodecs(kind.zstdLevel).getCompressor(CompressionCodecName.ZSTD);
            RowGroup group = new RowGroup(schema, props, zstd, table.encoder());
            while (rows.hasNext()) {
                group.add(rows.next());
                if (group.bufferedBytes() > ROW_GROUP_BYTES) {
                    group.flushTo(file);
                    group = group.next();
                }
            }
            group.flushTo(file);
            file.end(Map.of(VERSION_KEY, Integer.toString(version)));
            if (kind.durable) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The rows of one row group, buffered in Parquet's column writers. Values go to each column's
     * writer directly, not through a RecordConsumer, which spends most of its time on nesting and
     * field bookkeeping our flat tables never need.
     */
    private static final class RowGroup {
        private final MessageType schema;
        private final ParquetProperties props;
        private final CompressionCodecFactory.BytesInputCompressor zstd;
        private final RecordedTable.Encoder encoder;
        private final ColumnChunkPageWriteStore pages;
        private final ColumnWriteStore columns;
        private final ColumnWriter[] writers;
        private long rows;

        RowGroup(MessageType schema, ParquetProperties props, CompressionCodecFactory.BytesInputCompressor zstd, RecordedTable.Encoder encoder) {
            this.schema = schema;
            this.props = props;
            this.zstd = zstd;
            this.encoder = encoder;
            pages = new ColumnChunkPageWriteStore(zstd, schema, props.getAllocator(), props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
            columns = props.newColumnWriteStore(schema, pages, pages);
            List<ColumnDescriptor> descriptors = schema.getColumns();
            writers = new ColumnWriter[descriptors.size()];
            for (int i = 0; i < writers.length; i++) writers[i] = columns.getColumnWriter(descriptors.get(i));
        }

        void add(Object[] row) {
            encoder.write(writers, row);
            columns.endRecord();
            rows++;
        }

        long bufferedBytes() { return columns.getBufferedSize(); }

        /** An empty group for the rows that follow. */
        RowGroup next() { return new RowGroup(schema, props, zstd, encoder); }

        /** Writes the group out and frees its buffers. */
        void flushTo(ParquetFileWriter file) throws IOException {
            if (rows > 0) {
                file.startBlock(rows);
                columns.flush();
                pages.flushToFileWriter(file);
                file.endBlock();
            }
            columns.close();
            pages.close();
        }
    }
}
