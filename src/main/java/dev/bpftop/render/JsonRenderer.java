package dev.bpftop.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.List;

/**
 * A JSON array of objects, or one object per line (JSON Lines); numbers stay numbers, NULL is null.
 * The same valid UTF-8 goes to pipes and terminals: every code point the {@link Sanitizer} would
 * escape, and every surrogate, is written as a JSON escape (backslash, u, four hex digits), so no
 * control reaches a terminal and a parser still reads the exact value back. A byte that was not
 * valid UTF-8 (see {@link dev.bpftop.collect.RawText}) is escaped as its lone surrogate, DC80 to
 * DCFF, which Python's json and "surrogateescape" turn back into the byte.
 */
public final class JsonRenderer implements StreamingRenderer {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final CharacterEscapes ESCAPES = new Escapes();
    private final boolean lines;

    public JsonRenderer(boolean lines) { this.lines = lines; }

    @Override
    public RowWriter start(List<String> columns, Writer out, boolean header, boolean toTerminal) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setCharacterEscapes(ESCAPES);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        if (!lines) g.writeStartArray();
        return new RowWriter() {
            @Override
            public void row(Object[] row) throws IOException {
                g.writeStartObject();
                for (int i = 0; i < row.length; i++) {
                    g.writeFieldName(columns.get(i));
                    write(g, row[i]);
                }
                g.writeEndObject();
                if (lines) {
                    g.flush();
                    out.write('\n');
                }
            }

            @Override
            public void flush() throws IOException { g.flush(); }

            @Override
            public void end() throws IOException {
                if (!lines) g.writeEndArray();
                g.flush();
                if (!lines) out.write('\n');
                out.flush();
            }
        };
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case Double d when Double.isFinite(d) -> g.writeNumber(d);
            case Float f when Float.isFinite(f) -> g.writeNumber(f);
            case BigDecimal b -> g.writeNumber(b);
            case Boolean b -> g.writeBoolean(b);
            case Timestamp ts -> g.writeString(Values.timestamp(ts));
            default -> g.writeString(Values.text(v));
        }
    }

    /**
     * Jackson escapes C0 controls itself; this adds DEL and, asked one UTF-16 unit at a time,
     * the rest of the Sanitizer's set. Surrogates are escaped even in pairs, since a lone one
     * cannot be told from half a pair here, and a pair of escapes reads back as the one character.
     */
    private static final class Escapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        Escapes() { ascii[0x7f] = ESCAPE_STANDARD; }

        @Override
        public int[] getEscapeCodesForAscii() { return ascii; }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (!Character.isSurrogate((char) ch) && !Sanitizer.dangerous(ch)) return null;
            return new SerializedString(String.format("\\u%04X", ch));
        }
    }
}
