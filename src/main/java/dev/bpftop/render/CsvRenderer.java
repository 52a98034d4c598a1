package dev.bpftop.render;

import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV through commons-csv, with LF line ends (as psql --csv and DuckDB write on Unix, so
 * a shell's $(...) gets no stray CR). Byte-faithful in pipes; on a terminal each value goes
 * through the {@link Sanitizer}, so a line break or CR inside a value cannot fake a row.
 */
public final class CsvRenderer implements Renderer {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    @Override
    public void render(QueryResult r, Writer out, boolean header, boolean toTerminal) throws IOException {
        CSVPrinter p = new CSVPrinter(out, FORMAT);
        if (header) {
            for (String name : r.columns()) p.print(toTerminal ? Sanitizer.forTerminal(name) : name);
            p.println();
        }
        for (Object[] row : r.rows()) {
            for (Object v : row) {
                String s = Values.text(v);
                p.print(toTerminal ? Sanitizer.forTerminal(s) : s);
            }
            p.println();
        }
        p.flush();
    }
}
