package dev.bpftop.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * What kind of statement Calcite just parsed, seen before it plans it. Every table is a read-only
 * view of the system, so INSERT, UPDATE, DELETE, MERGE and DDL are refused here, with the position,
 * instead of failing deep in the planner with a page of its internals.
 */
final class StatementKind {
    private SqlKind kind;

    /** Watches the statements parsed on this thread until closed. */
    Hook.Closeable watch() {
        return Hook.PARSE_TREE.addThread((Object[] parsed) -> {
            SqlNode node = (SqlNode) parsed[1];
            kind = node.getKind();
            if (kind.belongsTo(SqlKind.DML) || kind.belongsTo(SqlKind.DDL)) {
                SqlParserPos pos = node.getParserPosition();
                throw new SqlError.Unchecked(new SqlError("the tables are read-only views of the system: " + kind.sql.replace('_', ' ')
                        + " is not supported (FREEZE and THAW act on processes)", pos.getLineNum(), pos.getColumnNum()));
            }
        });
    }

    /**
     * EXPLAIN's plan comes back as one value with a line break per operator; one row per operator
     * reads better, and the renderers rightly escape line breaks inside a value.
     */
    QueryResult shaped(QueryResult result) {
        if (kind != SqlKind.EXPLAIN || result.columns().size() != 1) return result;
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row : result.rows()) {
            if (row[0] == null) continue;
            for (String line : row[0].toString().split("\n")) {
                if (!line.isBlank()) rows.add(new Object[] {line});
            }
        }
        return new QueryResult(result.columns(), result.jdbcTypes(), rows, result.timings());
    }
}
