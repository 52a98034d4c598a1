package dev.bpftop.collect;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads small /proc files into one reused buffer: a walk reads several files per process every
 * tick, and a fresh array (or String) for each is most of what the JVM spends on them. Not
 * thread-safe; the collector that owns it reads one file at a time.
 */
final class ProcFileReader {
    private byte[] buf = new byte[8192];

    /** The file's bytes, valid until the next read; null when it cannot be read (the task exited). */
    byte[] read(String path) {
        try (FileInputStream in = new FileInputStream(path)) {
            int n = 0;
            for (int r; (r = in.read(buf, n, buf.length - n)) > 0; ) {
                n += r;
                if (n == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
            }
            length = n;
            return buf;
        } catch (IOException e) {
            return null;
        }
    }

    /** Length of the last successful {@link #read}. */
    int length;
}
