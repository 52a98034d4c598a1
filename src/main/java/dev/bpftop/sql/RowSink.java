package dev.bpftop.sql;

import java.util.List;

/**
 * Where a query's rows go, one at a time, as the statement yields them: collected into a
 * {@link QueryResult}, or written out at once by a front end that need not hold them all (a
 * one-liner's CSV or JSON at 10,000 processes). Both are called on the statement's own thread.
 */
public interface RowSink {
    /** The result's column names and JDBC types, before any row. */
    void columns(List<String> names, List<Integer> jdbcTypes);

    /** One row, its values as JDBC's getObject gives them; the sink may keep the array. */
    void row(Object[] row);
}
