package dev.bpftop.history;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * zstd for Parquet pages through zstd-jni directly. parquet-hadoop's own codec factory goes through
 * Hadoop's codec classes, which we do not ship; every file we write is zstd, and a file in any
 * other codec is refused by name when read.
 */
final class ZstdCodecs implements CompressionCodecFactory {
    private final int level;

    /** Readers pass any level: it only matters for writing. */
    ZstdCodecs() { this(3); }

    ZstdCodecs(int level) { this.level = level; }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        check(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(Zstd.compress(bytes.toByteArray(), level));
            }

            @Override
            public CompressionCodecName getCodecName() { return CompressionCodecName.ZSTD; }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        check(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(Zstd.decompress(bytes.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(Zstd.decompress(in, uncompressedSize));
            }

            @Override
            public void release() {}
        };
    }

    private static void check(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD) {
            throw new UnsupportedOperationException("pages compressed with " + codec + " (bpftop reads zstd)");
        }
    }

    @Override
    public void release() {}
}
