package dev.bpftop.render;

import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;

/** One "column = value" per line, a blank line between rows (sqlite3's .mode line). */
public final class LineRenderer implements Renderer {
    @Override
    public void render(QueryResult r, Writer out, boolean header, boolean toTerminal) throws IOException {
        int w = r.columns().stream().mapToInt(String::length).max().orElse(0);
        boolean first = true;
        for (Object[] row : r.rows()) {
            if (!first) out.write('\n');
            first = false;
            for (int i = 0; i < row.length; i++) {
                String name = r.columns().get(i);
                out.write(" ".repeat(w - name.length()) + name + " = " + Values.display(row[i]) + "\n");
            }
        }
        out.flush();
    }
}
