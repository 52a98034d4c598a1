package dev.bpftop.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What completion asks of the schema: a relation's columns, and the values a text column holds.
 * Lookups never fail a statement: an unknown name or a failing query gives an empty list.
 */
final class Relations {
    private final Connection connection;
    private final Map<String, String> views;

    Relations(Connection connection, Map<String, String> views) {
        this.connection = connection;
        this.views = views;
    }

    /** A table's or view's columns; empty for an unknown name. A view's are whatever its SELECT yields. */
    List<ColumnInfo> columns(String relation) {
        for (TableDef<?> t : Tables.all()) {
            if (t.name().equals(relation)) {
                return t.columns().stream().map(c -> new ColumnInfo(c.name(), c.type().name(), c.description())).toList();
            }
        }
        if (!views.containsKey(relation)) return List.of();
        List<ColumnInfo> out = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getColumns(null, Session.SCHEMA, relation, null)) {
            while (rs.next()) out.add(new ColumnInfo(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"), ""));
        } catch (SQLException e) {
            return List.of();
        }
        return out;
    }

    boolean hasColumn(String relation, String column) {
        return columns(relation).stream().anyMatch(c -> c.name().equals(column));
    }

    /** Up to {@code max} distinct non-null values of a column, sorted, from the snapshot the session holds. */
    List<String> values(String relation, String column, int max) {
        String sql = "SELECT DISTINCT " + quoted(column) + " FROM " + quoted(relation) + " WHERE " + quoted(column)
                + " IS NOT NULL ORDER BY 1 LIMIT " + max;
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (SQLException | RuntimeException e) {
            return List.of();
        }
        return out;
    }

    private static String quoted(String identifier) { return "\"" + identifier.replace("\"", "\"\"") + "\""; }
}
