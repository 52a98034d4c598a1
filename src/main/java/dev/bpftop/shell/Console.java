package dev.bpftop.shell;

import dev.bpftop.render.Format;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import dev.bpftop.sql.SqlError;
import java.io.IOException;

/**
 * What the dot-commands act on, so that one set serves both front ends: the interactive
 * {@link Shell} (colors, caret, pager) and the {@link StatementRunner} behind piped input and -f.
 */
interface Console {
    Session session();

    Settings settings();

    /** A line for people (.backend, .help, `.mode` alone). */
    void message(String text);

    /** A one-line mistake; a script runner stops after it. */
    void error(String text);

    /** A result in the current format, to the `.output` file or the front end's own output. */
    void result(QueryResult r) throws IOException;

    /** Shows what a dot-command looks up (.tables, .schema): for people, so always a table, no timer. */
    default void show(String sql) throws IOException, SqlError {
        QueryResult r = session().execute(sql);
        Settings settings = settings();
        Format format = settings.format;
        boolean timer = settings.timer;
        settings.format = Format.TABLE;
        settings.timer = false;
        try {
            result(r);
        } finally {
            settings.format = format;
            settings.timer = timer;
        }
    }

    /** Runs text holding one or more SQL statements. */
    void sql(String text);

    void quit();

    /** True once reading should stop: after .quit, and for a script after its first error. */
    boolean done();
}
