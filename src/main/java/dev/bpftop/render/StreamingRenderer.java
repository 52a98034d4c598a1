package dev.bpftop.render;

import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A format that writes each row as it comes: nothing in it depends on the rows after it (the table
 * does, for its column widths), so a one-liner need not hold a large result whole. Rendering a
 * whole result is the same rows written one by one, so both give the same bytes.
 */
public interface StreamingRenderer extends Renderer {

    /** Writes what comes before the rows (a header, JSON's '['); the rows then go to the writer it returns. */
    RowWriter start(List<String> columns, Writer out, boolean header, boolean toTerminal) throws IOException;

    /** One result's rows, then its end. */
    interface RowWriter {
        void row(Object[] row) throws IOException;

        /** Writes out what the format holds back (JSON's buffer) and flushes: the rows so far, for a statement that failed. */
        void flush() throws IOException;

        /** Writes what comes after the last row and flushes. */
        void end() throws IOException;
    }

    @Override
    default void render(QueryResult r, Writer out, boolean header, boolean toTerminal) throws IOException {
        RowWriter rows = start(r.columns(), out, header, toTerminal);
        for (Object[] row : r.rows()) rows.row(row);
        rows.end();
    }
}
