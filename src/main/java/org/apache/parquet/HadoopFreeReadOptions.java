package org.apache.parquet;

import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options that never touch Hadoop. ParquetReadOptions.Builder's constructor always builds
 * Hadoop's codec factory first (HadoopCodecs.newFactory), which needs hadoop-common at run time even
 * when a codec factory of our own replaces it; the options' own constructor does not, and is
 * package-private, hence this one class in Parquet's package (dev.bpftop.history uses it).
 */
public final class HadoopFreeReadOptions {
    private HadoopFreeReadOptions() {}

    public static ParquetReadOptions with(CompressionCodecFactory codecs) { return with(codecs, FilterCompat.NOOP); }

    /** With a filter that row-group statistics and page indexes apply (the rows themselves are not filtered). */
    public static ParquetReadOptions with(CompressionCodecFactory codecs, FilterCompat.Filter filter) {
        // useSignedStringMinMax, useStatsFilter, useDictionaryFilter, useRecordFilter,
        // useColumnIndexFilter, usePageChecksumVerification, useBloomFilter, useOffHeapDecryptBuffer,
        // useHadoopVectoredIo: Parquet's defaults, without vectored I/O (Hadoop's).
        return new ParquetReadOptions(false, true, true, true, true, false, true, false, false,
                filter, ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(),
                8 << 20, Map.of(), null, null, new PlainParquetConfiguration());
    }
}
