package dev.bpftop.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** One "column = value" per line, a blank line between rows (sqlite3's .mode line); sanitized, as the table. */
public final class LineRenderer implements StreamingRenderer {
    @Override
    public RowWriter start(List<String> columns, Writer out, boolean header, boolean toTerminal) {
        List<String> names = columns.stream().map(Sanitizer::forTerminal).toList();
        int w = names.stream().mapToInt(String::length).max().orElse(0);
        return new RowWriter() {
            private boolean first = true;

            @Override
            public void row(Object[] row) throws IOException {
                if (!first) out.write('\n');
                first = false;
                for (int i = 0; i < row.length; i++) {
                    String name = names.get(i);
                    out.write(" ".repeat(w - name.length()) + name + " = " + Values.display(row[i]) + "\n");
                }
            }

            @Override
            public void flush() throws IOException { out.flush(); }

            @Override
            public void end() throws IOException { out.flush(); }
        };
    }
}
