package dev.bpftop.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RawTextWriterTest {
    @Test
    void writesKeptBytesBackAndUtf8Otherwise() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RawTextWriter w = new RawTextWriter(out)) {
            w.write("a\udcffé\n");
        }
        assertArrayEquals(HexFormat.of().parseHex("61ffc3a90a"), out.toByteArray());
    }

    @Test
    void aPairSplitAcrossWritesStaysOneCharacter() throws Exception {
        String emoji = Character.toString(0x1f600);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawTextWriter w = new RawTextWriter(out);
        w.write(emoji.charAt(0));
        w.flush();
        w.write(emoji.charAt(1));
        w.write("x".repeat(9000)); // past the buffer, so the writer drains on its own
        w.flush();
        assertArrayEquals((emoji + "x".repeat(9000)).getBytes(StandardCharsets.UTF_8), out.toByteArray());
    }
}
