package dev.bpftop.render;

import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;

/**
 * Tab-separated values in the form PostgreSQL's COPY and most Unix tools read: tab, newline,
 * carriage return and backslash inside a value are written as \t \n \r \\; NULL is empty.
 */
public final class TsvRenderer implements Renderer {
    @Override
    public void render(QueryResult r, Writer out, boolean header, boolean toTerminal) throws IOException {
        if (header) out.write(String.join("\t", r.columns().stream().map(TsvRenderer::escape).toList()) + "\n");
        for (Object[] row : r.rows()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) sb.append('\t');
                String s = Values.text(row[i]);
                if (s != null) sb.append(toTerminal ? Sanitizer.forTerminal(escape(s)) : escape(s));
            }
            out.write(sb.append('\n').toString());
        }
        out.flush();
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
