package dev.bpftop.sql;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** DESCRIBE and SHOW TABLES: the column declarations, read from the single source of truth. */
final class Descriptions {
    private Descriptions() {}

    /** A table's columns, or a view's definition. */
    static QueryResult describe(Statement.Describe d, Map<String, String> views) throws SqlError {
        String name = d.name().replace("\"", "").toLowerCase(Locale.ROOT);
        for (TableDef<?> t : Tables.all()) {
            if (t.name().equals(name)) return columns(t);
        }
        if (views.containsKey(name)) {
            return new QueryResult(List.of("view", "definition"), List.of(Types.VARCHAR, Types.VARCHAR),
                    List.<Object[]>of(new Object[] {name, Views.body(views.get(name))}), new QueryResult.Timings(0, 0));
        }
        throw new SqlError("Object '" + d.name() + "' not found", d.line(), d.column());
    }

    static QueryResult columns(TableDef<?> t) {
        List<Object[]> rows = new ArrayList<>();
        for (Column<?> c : t.columns()) rows.add(new Object[] {c.name(), c.type().name(), c.description()});
        return new QueryResult(List.of("column", "type", "description"), List.of(Types.VARCHAR, Types.VARCHAR, Types.VARCHAR),
                rows, new QueryResult.Timings(0, 0));
    }

    static QueryResult tables(Map<String, String> views) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef<?> t : Tables.all()) rows.add(new Object[] {t.name(), "table", t.description()});
        views.forEach((name, text) -> rows.add(new Object[] {name, "view", Views.description(text)}));
        return new QueryResult(List.of("name", "kind", "description"), List.of(Types.VARCHAR, Types.VARCHAR, Types.VARCHAR),
                rows, new QueryResult.Timings(0, 0));
    }
}
