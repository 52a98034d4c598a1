package dev.bpftop.sql;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A finished query: column names, their JDBC types and the rows, ready for any renderer. */
public record QueryResult(List<String> columns, List<Integer> jdbcTypes, List<Object[]> rows, Timings timings) {

    /** Nanoseconds spent collecting the snapshot and running the query, shown apart by `.timer`. */
    public record Timings(long collectNs, long queryNs) {}

    /**
     * Reads a result set whole (a session's own, or a remote agent's), stopped with one line once the
     * rows' estimated size passes {@code maxBytes} (0: no bound). Intervals become their text.
     */
    public static QueryResult read(ResultSet rs, long collectNs, long queryStart, long maxBytes) throws SQLException {
        CollectedRows rows = new CollectedRows();
        read(rs, RowBudget.over(rows, maxBytes));
        return rows.result(new Timings(collectNs, System.nanoTime() - queryStart));
    }

    /** Reads a result set's rows into {@code sink}. Intervals become their text. */
    static void read(ResultSet rs, RowSink sink) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        List<Integer> types = new ArrayList<>(n);
        String[] intervals = new String[n];
        for (int i = 1; i <= n; i++) {
            names.add(ColumnNames.label(md.getColumnLabel(i)));
            String typeName = md.getColumnTypeName(i);
            if (Intervals.isInterval(typeName)) intervals[i - 1] = typeName;
            types.add(intervals[i - 1] != null ? java.sql.Types.VARCHAR : md.getColumnType(i));
        }
        sink.columns(names, types);
        while (rs.next()) {
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = rs.getObject(i + 1);
                if (intervals[i] != null) row[i] = Intervals.format(intervals[i], row[i]);
            }
            sink.row(row);
        }
    }

    /**
     * EXPLAIN's plan comes back as one value with a line break per operator; one row per operator
     * reads better, and the renderers rightly escape line breaks inside a value.
     */
    QueryResult perOperator() {
        if (columns.size() != 1) return this;
        List<Object[]> lines = new ArrayList<>();
        for (Object[] row : rows) {
            if (row[0] == null) continue;
            for (String line : row[0].toString().split("\n")) {
                if (!line.isBlank()) lines.add(new Object[] {line});
            }
        }
        return new QueryResult(columns, jdbcTypes, lines, timings);
    }
}
