package dev.bpftop.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;

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

    /** Writes {@code rows} (ts first) to {@code target} atomically. */
    static void write(RecordedTable table, Iterator<Object[]> rows, Path target) throws IOException {
        write(table, rows, target, FORMAT_VERSION);
    }

    /** With another format version: tests make the file a newer bpftop would write. */
    static void write(RecordedTable table, Iterator<Object[]> rows, Path target, int version) throws IOException {
        Path tmp = target.resolveSibling(Layout.TMP_PREFIX + target.getFileName());
        try {
            try (ParquetWriter<Object[]> w = new Builder(new LocalOutputFile(tmp), table, version)
                    .withConf(new PlainParquetConfiguration())
                    .withCodecFactory(new ZstdCodecs())
                    .withCompressionCodec(CompressionCodecName.ZSTD)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                    // Dictionaries keep cmdline, paths and names out of every row: each distinct value once per file.
                    .withDictionaryEncoding(true)
                    .withRowGroupSize(ROW_GROUP_BYTES)
                    .build()) {
                while (rows.hasNext()) w.write(rows.next());
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final RecordedTable table;
        private final int version;

        Builder(OutputFile file, RecordedTable table, int version) {
            super(file);
            this.table = table;
            this.version = version;
        }

        @Override
        protected Builder self() { return this; }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) { return new RowWriteSupport(table, version); }

        /** Never called: we always pass a PlainParquetConfiguration, and Hadoop is not on the class path. */
        @Override
        protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) { return new RowWriteSupport(table, version); }
    }

    private static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final RecordedTable table;
        private final int version;
        private RecordConsumer consumer;

        RowWriteSupport(RecordedTable table, int version) {
            this.table = table;
            this.version = version;
        }

        @Override
        public WriteContext init(ParquetConfiguration conf) {
            return new WriteContext(table.schema(), Map.of(VERSION_KEY, Integer.toString(version)));
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration conf) { return init((ParquetConfiguration) null); }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) { consumer = recordConsumer; }

        @Override
        public void write(Object[] row) { table.write(consumer, row); }
    }
}
