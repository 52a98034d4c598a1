package dev.bpftop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bpftop.collect.Detail;
import dev.bpftop.sql.PreparedQuery;
import dev.bpftop.sql.QueryResult;
import dev.bpftop.sql.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a table's declared needs the way a WATCH uses them: each column is read alone by a prepared
 * query whose first run collects every detail and learns what the query reads, and whose second run
 * collects only that. The second run's value must equal what a collection of every detail gives.
 */
public final class NeedsCheck {
    private NeedsCheck() {}

    /** The one row {@code SELECT * FROM table WHERE where} gives from a collection of every detail. */
    public static QueryResult full(Session session, String table, String where) throws Exception {
        try (PreparedQuery all = session.prepare("SELECT * FROM " + table + " WHERE " + where)) {
            QueryResult r = all.run();
            assertEquals(1, r.rows().size(), "one row in " + table + " where " + where);
            return r;
        }
    }

    /**
     * Columns whose value, read alone after the first run, differs from {@code full}'s: "column: got
     * instead of expected" each. {@code moving} names columns whose figures change by themselves
     * between two reads (pressure averages decay), which are left out.
     */
    public static List<String> mismatches(Session session, String table, String where, QueryResult full, Set<String> moving)
            throws Exception {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < full.columns().size(); i++) {
            String column = full.columns().get(i);
            if (moving.contains(column)) continue;
            try (PreparedQuery alone = session.prepare("SELECT \"" + column + "\" FROM " + table + " WHERE " + where)) {
                alone.run(); // collects every detail and learns which ones the query reads
                QueryResult r = alone.run();
                Object value = r.rows().isEmpty() ? "no row" : r.rows().get(0)[0];
                if (!Objects.equals(full.rows().get(0)[i], value)) {
                    wrong.add(column + ": " + value + " instead of " + full.rows().get(0)[i]);
                }
            }
        }
        return wrong;
    }

    /** What a prepared query collects from its second run on. */
    public static Set<Detail> learned(Session session, String sql) throws Exception {
        try (PreparedQuery q = session.prepare(sql)) {
            q.run();
            return q.details();
        }
    }

    /** The column of the row, by name. */
    public static Object value(QueryResult r, String column) {
        return r.rows().get(0)[r.columns().indexOf(column)];
    }
}
