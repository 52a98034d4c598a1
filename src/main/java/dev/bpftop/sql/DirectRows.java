package dev.bpftop.sql;

import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * A planned statement's rows as Calcite's enumerable yields them, without the JDBC result set in
 * between. Reading through JDBC unboxes and boxes every number again and copies every row: for a
 * live view that re-runs its query every second over thousands of processes, that was a tenth of
 * its CPU and a good part of the garbage it made. Only results of plain types (numbers, text,
 * booleans) are read here, each value as JDBC's getObject gives it; any other result (dates,
 * intervals, decimals, a single column, a statement that is not Calcite's) is read through JDBC.
 * A prepared plan that is one plain scan ({@link ScanPlan}) skips Calcite's enumerable too.
 */
final class DirectRows {
    /** Avatica's own access to a statement's signature and Calcite's to its rows; null if this Calcite hides them. */
    private static final Method SIGNATURE, ENUMERABLE;

    static {
        Method signature = null, enumerable = null;
        try {
            signature = AvaticaStatement.class.getDeclaredMethod("getSignature");
            signature.setAccessible(true);
            enumerable = Class.forName("org.apache.calcite.jdbc.CalciteConnectionImpl")
                    .getMethod("enumerable", Meta.StatementHandle.class, CalcitePrepare.CalciteSignature.class, List.class);
            enumerable.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            signature = enumerable = null;
        }
        SIGNATURE = signature;
        ENUMERABLE = enumerable;
    }

    private DirectRows() {}

    /**
     * Runs {@code ps} now, its rows to {@code sink}; false when its result needs JDBC's conversions (then nothing ran).
     *
     * @param scan the statement's plan when it is a plain scan of one table (then its rows come straight from the table), or null
     */
    static boolean read(PreparedStatement ps, ScanPlan scan, RowSink sink) throws SQLException {
        if (SIGNATURE == null || !ps.isWrapperFor(AvaticaStatement.class)) return false;
        AvaticaStatement statement = ps.unwrap(AvaticaStatement.class);
        Object enumerable;
        List<ColumnMetaData> columns;
        try {
            if (!(SIGNATURE.invoke(statement) instanceof CalcitePrepare.CalciteSignature<?> signature)
                    || signature.cursorFactory.style != Meta.Style.ARRAY || signature.columns.size() < 2
                    || !signature.columns.stream().allMatch(c -> plain(c.type.id))) {
                return false;
            }
            columns = signature.columns;
            enumerable = scan != null
                    ? scan.rows(statement.getConnection().unwrap(AvaticaConnection.class).getCancelFlag(statement.handle))
                    : ENUMERABLE.invoke(statement.getConnection(), statement.handle, signature, List.of());
        } catch (NoSuchStatementException e) {
            throw new SQLException(e);
        } catch (ReflectiveOperationException e) {
            if (e.getCause() instanceof SQLException s) throw s;
            if (e.getCause() instanceof RuntimeException r) throw r;
            return false;
        }
        int n = columns.size();
        List<String> names = new ArrayList<>(n);
        List<Integer> types = new ArrayList<>(n);
        for (ColumnMetaData c : columns) {
            names.add(ColumnNames.label(c.label));
            types.add(c.type.id);
        }
        int[] type = types.stream().mapToInt(Integer::intValue).toArray();
        sink.columns(names, types);
        try (Enumerator<?> e = ((Enumerable<?>) enumerable).enumerator()) {
            while (e.moveNext()) {
                Object[] row = (Object[]) e.current();
                for (int i = 0; i < n; i++) row[i] = asJdbc(type[i], row[i]);
                sink.row(row);
            }
        }
        return true;
    }

    private static boolean plain(int jdbcType) {
        return switch (jdbcType) {
            case Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                 Types.CHAR, Types.VARCHAR -> true;
            default -> false;
        };
    }

    /** The value as getObject gives it for its column's type: already so in all but odd cases (a Long in an INTEGER column). */
    private static Object asJdbc(int jdbcType, Object v) {
        if (v == null) return null;
        return switch (jdbcType) {
            case Types.INTEGER -> v instanceof Integer || !(v instanceof Number n) ? v : Integer.valueOf(n.intValue());
            case Types.BIGINT -> v instanceof Long || !(v instanceof Number n) ? v : Long.valueOf(n.longValue());
            case Types.DOUBLE, Types.FLOAT -> v instanceof Double || !(v instanceof Number n) ? v : Double.valueOf(n.doubleValue());
            case Types.REAL -> v instanceof Float || !(v instanceof Number n) ? v : Float.valueOf(n.floatValue());
            case Types.SMALLINT -> v instanceof Short || !(v instanceof Number n) ? v : Short.valueOf(n.shortValue());
            case Types.TINYINT -> v instanceof Byte || !(v instanceof Number n) ? v : Byte.valueOf(n.byteValue());
            case Types.CHAR, Types.VARCHAR -> v instanceof String ? v : v.toString();
            default -> v;
        };
    }
}
