package dev.bpftop.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Tab-separated values in the form PostgreSQL's COPY and most Unix tools read: tab, newline,
 * carriage return and backslash inside a value are written as \t \n \r \\; NULL is empty; every
 * other byte as it is. On a terminal the {@link Sanitizer} writes a value instead, whose escapes
 * are those four and more in the same notation.
 */
public final class TsvRenderer implements StreamingRenderer {
    @Override
    public RowWriter start(List<String> columns, Writer out, boolean header, boolean toTerminal) throws IOException {
        UnaryOperator<String> shown = toTerminal ? Sanitizer::forTerminal : TsvRenderer::escape;
        if (header) out.write(String.join("\t", columns.stream().map(shown).toList()) + "\n");
        return new RowWriter() {
            @Override
            public void row(Object[] row) throws IOException {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) sb.append('\t');
                    String s = Values.text(row[i]);
                    if (s != null) sb.append(shown.apply(s));
                }
                out.write(sb.append('\n').toString());
            }

            @Override
            public void flush() throws IOException { out.flush(); }

            @Override
            public void end() throws IOException { out.flush(); }
        };
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
