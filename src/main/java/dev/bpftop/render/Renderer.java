package dev.bpftop.render;

import dev.bpftop.sql.QueryResult;
import java.io.IOException;
import java.io.Writer;

/** Writes a query result in one format. */
public interface Renderer {
    /**
     * @param header  whether to print column names (ignored by JSON, whose objects carry them)
     * @param toTerminal whether the writer reaches a terminal, where control characters must never go raw
     */
    void render(QueryResult result, Writer out, boolean header, boolean toTerminal) throws IOException;
}
