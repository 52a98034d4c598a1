package dev.bpftop.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawTextTest {
    private static byte[] hex(String h) { return HexFormat.of().parseHex(h); }

    @Test
    void validUtf8DecodesAsUtf8() {
        String s = "plain ünï ✓ " + Character.toString(0x1f600);
        assertEquals(s, RawText.decode(s.getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), RawText.encode(s));
    }

    @Test
    void eachInvalidByteBecomesItsOwnLoneSurrogate() {
        // A lone continuation byte, a cut-off sequence before ASCII, an encoded surrogate, an overlong NUL, F5+.
        assertEquals("a\udc80b", RawText.decode(hex("618062")));
        assertEquals("\udce2\udc82x", RawText.decode(hex("e28278")));
        assertEquals("\udced\udca0\udc80", RawText.decode(hex("eda080")));
        assertEquals("\udcc0\udc80", RawText.decode(hex("c080")));
        assertEquals("\udcff\udcf5", RawText.decode(hex("fff5")));
        assertEquals("é\udcc3", RawText.decode(hex("c3a9c3")));
    }

    @Test
    void everyByteStringRoundTrips() {
        Random random = new Random(15);
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            // Bias towards UTF-8 lead and continuation bytes, where the edge cases are.
            for (int i = 0; i < b.length; i++) if (random.nextInt(3) == 0) b[i] = (byte) (0x80 | random.nextInt(0x80));
            assertArrayEquals(b, RawText.encode(RawText.decode(b)), HexFormat.of().formatHex(b));
        }
    }

    @Test
    void asciiIsNotCopiedTwice() {
        byte[] b = "sshd: root@pts/0".getBytes(StandardCharsets.US_ASCII);
        assertEquals("sshd: root@pts/0", RawText.decode(b));
        String s = RawText.decode(b, 0, 4);
        assertEquals("sshd", s);
        assertSame(s.getClass(), String.class);
    }

    @Test
    void aSurrogateThatStandsForNoByteEncodesAsReplacement() {
        assertArrayEquals("x\uFFFDy".getBytes(StandardCharsets.UTF_8), RawText.encode("x\ud800y"));
        assertArrayEquals("\uFFFD".getBytes(StandardCharsets.UTF_8), RawText.encode("\udc10"));
    }
}
