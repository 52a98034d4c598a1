package dev.bpftop.collect;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text the kernel hands over as bytes (comm, argv), which a process may fill with anything, not
 * only UTF-8. Decoding keeps every byte: valid UTF-8 becomes its characters and each byte that is
 * not part of valid UTF-8 becomes the lone surrogate U+DC80..U+DCFF (Python's "surrogateescape"),
 * which no valid UTF-8 decodes to; {@link #encode} gives back the original bytes. SQL functions
 * still work on the text, and the renderers decide how such a byte is shown.
 */
public final class RawText {
    private static final char FIRST_RAW = (char) 0xdc80, LAST_RAW = (char) 0xdcff;
    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private RawText() {}

    public static String decode(byte[] b) { return decode(b, 0, b.length); }

    public static String decode(byte[] b, int offset, int length) {
        if (ascii(b, offset, length)) return new String(b, offset, length, StandardCharsets.ISO_8859_1);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, offset, length);
        CharBuffer out = CharBuffer.allocate(length); // UTF-8 never yields more chars than bytes
        for (CoderResult r = decoder.decode(in, out, true); r.isError(); r = decoder.decode(in, out, true)) {
            for (int i = 0; i < r.length(); i++) {
                int v = in.get() & 0xff;
                out.put(v < 0x80 ? (char) v : (char) (0xdc00 | v));
            }
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The bytes {@code s} was decoded from; a lone surrogate that stands for no byte becomes U+FFFD. */
    public static byte[] encode(CharSequence s) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer in = CharBuffer.wrap(s);
        ByteBuffer out = ByteBuffer.allocate(3 * s.length()); // at most three bytes per char
        for (CoderResult r = encoder.encode(in, out, true); r.isError(); r = encoder.encode(in, out, true)) {
            for (int i = 0; i < r.length(); i++) {
                char c = in.get();
                if (isRawByte(c)) out.put((byte) c);
                else out.put(REPLACEMENT);
            }
        }
        encoder.flush(out);
        byte[] bytes = new byte[out.flip().remaining()];
        out.get(bytes);
        return bytes;
    }

    /** Whether {@code c}, standing alone, is a byte that was not valid UTF-8. */
    public static boolean isRawByte(char c) { return c >= FIRST_RAW && c <= LAST_RAW; }

    private static boolean ascii(byte[] b, int offset, int length) {
        for (int i = offset; i < offset + length; i++) if (b[i] < 0) return false;
        return true;
    }
}
