package dev.bpftop.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The {@link RowSink} that keeps every row, for a {@link QueryResult}. */
final class CollectedRows implements RowSink {
    private List<String> names = List.of();
    private List<Integer> types = List.of();
    private final List<Object[]> rows = new ArrayList<>();
    /** What is kept of each row (the row itself, or an equal one the caller already holds). */
    private final UnaryOperator<Object[]> keep;

    CollectedRows() { this(UnaryOperator.identity()); }

    CollectedRows(UnaryOperator<Object[]> keep) { this.keep = keep; }

    @Override
    public void columns(List<String> names, List<Integer> jdbcTypes) {
        this.names = names;
        this.types = jdbcTypes;
    }

    @Override
    public void row(Object[] row) { rows.add(keep.apply(row)); }

    QueryResult result(QueryResult.Timings timings) { return new QueryResult(names, types, rows, timings); }
}
