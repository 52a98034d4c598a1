package dev.bpftop.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Timestamp;

/** A JSON array of objects, or one object per line (JSON Lines); numbers stay numbers, NULL is null. */
public final class JsonRenderer implements Renderer {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private final boolean lines;

    public JsonRenderer(boolean lines) { this.lines = lines; }

    @Override
    public void render(QueryResult r, Writer out, boolean header, boolean toTerminal) throws IOException {
        // Jackson escapes every control character, so JSON is terminal-safe as it is.
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null);
        if (!lines) g.writeStartArray();
        for (Object[] row : r.rows()) {
            g.writeStartObject();
            for (int i = 0; i < row.length; i++) {
                g.writeFieldName(r.columns().get(i));
                write(g, row[i]);
            }
            g.writeEndObject();
            if (lines) {
                g.flush();
                out.write('\n');
            }
        }
        if (!lines) g.writeEndArray();
        g.flush();
        if (!lines) out.write('\n');
        out.flush();
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
}
