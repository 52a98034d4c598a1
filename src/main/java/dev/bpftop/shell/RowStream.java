package dev.bpftop.shell;

import dev.bpftop.render.StreamingRenderer;
import dev.bpftop.sql.Cancel;
import dev.bpftop.sql.RowSink;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A query's rows written in their format as the statement yields them, so a one-liner holds one
 * row at a time, not the whole result.
 *
 * <ul>
 *   <li>The header (and JSON's '[') waits for the first row or the end: a statement that fails
 *       before its first row leaves stdout empty, as it does when the rows are held.
 *   <li>The rows are written on the statement's thread. A statement stopped at its timeout may
 *       still be running when the caller reports the error, so {@link #stop} (from the caller)
 *       waits for the row being written and lets no other row through after it: the error line
 *       comes last.
 * </ul>
 */
final class RowStream implements RowSink {
    private final StreamingRenderer format;
    private final Writer out;
    private final boolean header;
    private final boolean toTerminal;
    private final Cancel cancel;
    private List<String> columns = List.of();
    private StreamingRenderer.RowWriter rows;
    private IOException failure;
    private boolean stopped;

    RowStream(StreamingRenderer format, Writer out, boolean header, boolean toTerminal, Cancel cancel) {
        this.format = format;
        this.out = out;
        this.header = header;
        this.toTerminal = toTerminal;
        this.cancel = cancel;
    }

    @Override
    public synchronized void columns(List<String> names, List<Integer> jdbcTypes) { columns = names; }

    @Override
    public synchronized void row(Object[] row) {
        if (stopped || cancel.requested()) throw new CancellationException("the statement was stopped");
        try {
            started().row(row);
        } catch (IOException e) {
            failure = e;
            throw new CancellationException("output failed: " + e.getMessage());
        }
    }

    /** After the last row: the end of the format (an empty result's header, JSON's ']'), flushed. */
    synchronized void end() throws IOException { started().end(); }

    /** No row is written after this returns; what was written is flushed. */
    synchronized void stop() throws IOException {
        stopped = true;
        if (rows != null) rows.flush();
    }

    /** Why writing a row failed (stdout closed), if it did: that, not the statement's end, is the error. */
    synchronized IOException failure() { return failure; }

    private StreamingRenderer.RowWriter started() throws IOException {
        if (rows == null) rows = format.start(columns, out, header, toTerminal);
        return rows;
    }
}
