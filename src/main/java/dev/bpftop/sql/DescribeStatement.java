package dev.bpftop.sql;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** DESCRIBE [table] and SHOW TABLES: the column declarations, read from the single source of truth. */
final class DescribeStatement implements StatementHandler {

    @Override
    public boolean accepts(String statement) {
        String s = statement.strip().toLowerCase(Locale.ROOT);
        return s.matches("(describe|desc)(\\s+\\S+)?") || s.equals("show tables");
    }

    @Override
    public QueryResult execute(String statement, Session session) throws SqlError {
        String[] words = statement.strip().split("\\s+");
        if (words[0].equalsIgnoreCase("show") || words.length == 1) return tables(session);
        String name = words[1].replace("\"", "").toLowerCase(Locale.ROOT);
        for (TableDef<?> t : Tables.all()) {
            if (t.name().equals(name)) return columns(t);
        }
        if (session.views().containsKey(name)) {
            return new QueryResult(List.of("view", "definition"), List.of(Types.VARCHAR, Types.VARCHAR),
                    List.<Object[]>of(new Object[] {name, Views.body(session.views().get(name))}), new QueryResult.Timings(0, 0));
        }
        throw new SqlError("Object '" + words[1] + "' not found", 1, statement.indexOf(words[1]) + 1);
    }

    static QueryResult columns(TableDef<?> t) {
        List<Object[]> rows = new ArrayList<>();
        for (Column<?> c : t.columns()) rows.add(new Object[] {c.name(), c.type().name(), c.description()});
        return new QueryResult(List.of("column", "type", "description"), List.of(Types.VARCHAR, Types.VARCHAR, Types.VARCHAR),
                rows, new QueryResult.Timings(0, 0));
    }

    static QueryResult tables(Session session) {
        List<Object[]> rows = new ArrayList<>();
        for (TableDef<?> t : Tables.all()) rows.add(new Object[] {t.name(), "table", t.description()});
        session.views().forEach((name, text) -> rows.add(new Object[] {name, "view", Views.description(text)}));
        return new QueryResult(List.of("name", "kind", "description"), List.of(Types.VARCHAR, Types.VARCHAR, Types.VARCHAR),
                rows, new QueryResult.Timings(0, 0));
    }
}
