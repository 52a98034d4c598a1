package dev.bpftop.render;

import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** One "column = value" per line, a blank line between rows (sqlite3's .mode line); sanitized, as the table. */
public final class LineRenderer implements Renderer {
    @Override
    public void render(QueryResult r, Writer out, boolean header, boolean toTerminal) throws IOException {
        List<String> names = r.columns().stream().map(Sanitizer::forTerminal).toList();
        int w = names.stream().mapToInt(String::length).max().orElse(0);
        boolean first = true;
        for (Object[] row : r.rows()) {
            if (!first) out.write('\n');
            first = false;
            for (int i = 0; i < row.length; i++) {
                String name = names.get(i);
                out.write(" ".repeat(w - name.length()) + name + " = " + Values.display(row[i]) + "\n");
            }
        }
        out.flush();
    }
}
