package dev.bpftop.sql;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Refuses `comm > 5` before it runs, with the comparison's position, as PostgreSQL refuses
 * text > integer. Calcite's lenient coercion would cast every comm to a number as the rows are
 * read and fail on the first that is not one, by then without a position and only when such a row
 * exists. Only a bare column that every table declares as text counts, and only against a number
 * literal, so an alias or a CAST the statement makes itself is never judged by a table's column.
 */
final class TextNumberComparisons {
    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
            SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);
    /** Column names that are text in every table that has them. */
    private static final Set<String> TEXT_ONLY = textOnly();

    private TextNumberComparisons() {}

    /** Checks each statement parsed on this thread until closed. */
    static Hook.Closeable watch() {
        return Hook.PARSE_TREE.addThread((Object[] parsed) -> check((SqlNode) parsed[1]));
    }

    static void check(SqlNode statement) {
        Set<String> aliases = new HashSet<>();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.AS && call.operandCount() >= 2 && call.operand(1) instanceof SqlIdentifier id) {
                    aliases.add(id.getSimple().toLowerCase(Locale.ROOT));
                }
                return super.visit(call);
            }
        });
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (COMPARISONS.contains(call.getKind()) && call.operandCount() == 2) {
                    judge(call, call.operand(0), call.operand(1), aliases);
                    judge(call, call.operand(1), call.operand(0), aliases);
                }
                return super.visit(call);
            }
        });
    }

    private static void judge(SqlCall comparison, SqlNode side, SqlNode other, Set<String> aliases) {
        if (!(side instanceof SqlIdentifier id) || id.isStar() || !(other instanceof SqlNumericLiteral number)) return;
        String name = id.names.getLast().toLowerCase(Locale.ROOT);
        if (!TEXT_ONLY.contains(name) || aliases.contains(name)) return;
        var pos = comparison.getParserPosition();
        throw new SqlError.Unchecked(new SqlError("cannot compare text column '" + name + "' with the number " + number
                + " (quote the number, or CAST the column)", pos.getLineNum(), pos.getColumnNum()));
    }

    private static Set<String> textOnly() {
        Map<String, Boolean> text = new HashMap<>();
        for (TableDef<?> def : Tables.all()) {
            for (Column<?> c : def.columns()) text.merge(c.name(), c.type() == ColumnType.VARCHAR, Boolean::logicalAnd);
        }
        Set<String> out = new HashSet<>();
        text.forEach((name, isText) -> { if (isText) out.add(name); });
        return Set.copyOf(out);
    }
}
