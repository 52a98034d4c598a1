package dev.bpftop.render;

import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** RFC 4180 CSV through commons-csv; faithful in pipes, sanitized when it reaches a terminal. */
public final class CsvRenderer implements Renderer {
    @Override
    public void render(QueryResult r, Writer out, boolean header, boolean toTerminal) throws IOException {
        CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180);
        if (header) p.printRecord(r.columns());
        for (Object[] row : r.rows()) {
            for (Object v : row) {
                String s = Values.text(v);
                p.print(s == null ? null : toTerminal ? Sanitizer.forTerminalKeepingLines(s) : s);
            }
            p.println();
        }
        p.flush();
    }
}
