package dev.bpftop.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * RFC 4180 CSV through commons-csv, with LF line ends (as psql --csv and DuckDB write on Unix, so
 * a shell's $(...) gets no stray CR). Byte-faithful in pipes; on a terminal each value goes
 * through the {@link Sanitizer}, so a line break or CR inside a value cannot fake a row.
 */
public final class CsvRenderer implements StreamingRenderer {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    @Override
    public RowWriter start(List<String> columns, Writer out, boolean header, boolean toTerminal) throws IOException {
        CSVPrinter p = new CSVPrinter(out, FORMAT);
        if (header) {
            for (String name : columns) p.print(toTerminal ? Sanitizer.forTerminal(name) : name);
            p.println();
        }
        return new RowWriter() {
            @Override
            public void row(Object[] row) throws IOException {
                for (Object v : row) {
                    String s = Values.text(v);
                    p.print(toTerminal ? Sanitizer.forTerminal(s) : s);
                }
                p.println();
            }

            @Override
            public void flush() throws IOException { p.flush(); }

            @Override
            public void end() throws IOException { p.flush(); }
        };
    }
}
