package dev.bpftop.render;

import dev.bpftop.collect.RawText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * UTF-8 output that writes the bytes {@link RawText} kept back as they were, so a pipe or a file
 * gets a process's name byte for byte even where it is not UTF-8. (An OutputStreamWriter would
 * turn each such byte into '?'.) Buffered; flush() reaches the stream.
 */
public final class RawTextWriter extends Writer {
    private static final int FLUSH_AT = 8192;
    private final OutputStream out;
    private final StringBuilder pending = new StringBuilder();

    public RawTextWriter(OutputStream out) { this.out = out; }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        pending.append(cbuf, off, len);
        if (pending.length() >= FLUSH_AT) drain(false);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        pending.append(s, off, off + len);
        if (pending.length() >= FLUSH_AT) drain(false);
    }

    @Override
    public void flush() throws IOException {
        drain(false);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        drain(true);
        out.close();
    }

    /** Encodes what is pending; a high surrogate at the end waits for its pair unless this is the end. */
    private void drain(boolean end) throws IOException {
        int upTo = pending.length();
        if (!end && upTo > 0 && Character.isHighSurrogate(pending.charAt(upTo - 1))) upTo--;
        if (upTo == 0) return;
        out.write(RawText.encode(pending.subSequence(0, upTo)));
        pending.delete(0, upTo);
    }
}
